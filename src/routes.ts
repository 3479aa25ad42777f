/**
 * Every page the app serves, declared once. The app mounts handlers by these paths, the 405 check reads the
 * methods, and the error handler reads which query parameter carries a flow's challenge (for "Try again").
 */
export interface RouteSpec {
  readonly path: string;
  readonly methods: readonly ("GET" | "POST")[];
  /** The query parameter that carries this page's challenge, for links back to it. */
  readonly challengeQuery?: string;
  /** Where "Try again" goes for a failed post, when that is another page (a post-only route). */
  readonly retryPath?: string;
}

export const ROUTES = {
  home: { path: "/", methods: ["GET"] },
  login: { path: "/login", methods: ["GET", "POST"], challengeQuery: "login_challenge" },
  loginSecondFactor: { path: "/login/second-factor", methods: ["GET", "POST"], challengeQuery: "login_challenge" },
  loginPasskey: { path: "/login/passkey", methods: ["POST"], challengeQuery: "login_challenge", retryPath: "/login" },
  // Identity providers (issue 23): present only while UPSTREAM_PROVIDERS_FILE names some.
  loginProvider: { path: "/login/provider/:id", methods: ["POST"], retryPath: "/login" },
  loginProviderCallback: { path: "/login/provider/:id/callback", methods: ["GET"] },
  loginLinkProvider: { path: "/login/link-provider", methods: ["GET", "POST"], challengeQuery: "login_challenge" },
  consent: { path: "/consent", methods: ["GET", "POST"], challengeQuery: "consent_challenge" },
  logout: { path: "/logout", methods: ["GET", "POST"], challengeQuery: "logout_challenge" },
  loggedOut: { path: "/logged-out", methods: ["GET"] },
  device: { path: "/device/verify", methods: ["GET", "POST"], challengeQuery: "device_challenge" },
  deviceSuccess: { path: "/device/success", methods: ["GET"] },
  error: { path: "/error", methods: ["GET"] },
  account: { path: "/account", methods: ["GET"] },
  accountCallback: { path: "/account/callback", methods: ["GET"] },
  accountRevoke: { path: "/account/apps/remove", methods: ["POST"] },
  accountPassword: { path: "/account/password", methods: ["POST"] },
  accountTotpStart: { path: "/account/totp/start", methods: ["POST"] },
  accountTotpConfirm: { path: "/account/totp/confirm", methods: ["POST"] },
  accountTotpRemove: { path: "/account/totp/remove", methods: ["POST"] },
  accountRecoveryCodes: { path: "/account/recovery-codes", methods: ["GET", "POST"] },
  accountRecoveryCodesSaved: { path: "/account/recovery-codes/saved", methods: ["POST"] },
  accountConfirm: { path: "/account/confirm", methods: ["GET"] },
  accountPasskeyAdd: { path: "/account/passkeys", methods: ["POST"] },
  accountPasskeyRename: { path: "/account/passkeys/rename", methods: ["POST"] },
  accountPasskeyRemove: { path: "/account/passkeys/remove", methods: ["POST"] },
  // Identity providers in the account area (issue 23); the provider answers at /login/provider/:id/callback first.
  accountProviderLink: { path: "/account/providers/link", methods: ["POST"] },
  accountProviderLinked: { path: "/account/providers/linked", methods: ["GET"] },
  accountProviderRemove: { path: "/account/providers/remove", methods: ["POST"] },
  accountSignOut: { path: "/account/sign-out", methods: ["POST"] },
  accountSignOutEverywhere: { path: "/account/sign-out-everywhere", methods: ["POST"] },
  // Email (issue 22): present only while SMTP_URL is set. The link's path has the token as its last segment.
  recovery: { path: "/recovery", methods: ["GET", "POST"], challengeQuery: "login_challenge" },
  recoveryLink: { path: "/recovery/:token", methods: ["GET", "POST"] },
  // Sign-up (issue 22): present only while REGISTRATION=open.
  register: { path: "/register", methods: ["GET", "POST"], challengeQuery: "login_challenge" },
  // Sign in by email (EMAIL_SIGN_IN): ask for a code (from the login form), type it, or open its link.
  loginEmail: { path: "/login/email", methods: ["POST"], challengeQuery: "login_challenge", retryPath: "/login" },
  loginEmailCode: {
    path: "/login/email/code",
    methods: ["POST"],
    challengeQuery: "login_challenge",
    retryPath: "/login",
  },
  loginEmailLink: { path: "/login/email/:token", methods: ["GET"] },
  // Verified addresses and invitations (issue 22): links in emails, and the account page's address forms.
  verifyEmail: { path: "/verify/:token", methods: ["GET", "POST"] },
  invitation: { path: "/invitation/:token", methods: ["GET", "POST"] },
  accountEmail: { path: "/account/email", methods: ["POST"] },
  accountEmailVerify: { path: "/account/email/verify", methods: ["POST"] },
} as const satisfies Record<string, RouteSpec>;

/**
 * What machines ask for (probes, metrics, the operator's stylesheet): declared here for their paths, but not pages.
 * They answer before the page layer, so the 405 check and "Try again" do not know them (a POST is a 404, as for any
 * path without a page).
 */
export const ENDPOINTS = {
  healthAlive: { path: "/health/alive" },
  healthReady: { path: "/health/ready" },
  metrics: { path: "/metrics" },
  brandStylesheet: { path: "/brand.css" },
} as const satisfies Record<string, { readonly path: string }>;

const byPath = new Map<string, RouteSpec>(Object.values(ROUTES).map((route) => [route.path, route]));

/** The declared route at exactly this path, if any. */
export function routeAt(path: string): RouteSpec | undefined {
  return byPath.get(path);
}
