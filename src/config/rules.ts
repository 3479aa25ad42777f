/**
 * What no single setting can say alone: the refusals and warnings that look at several settings, or at the mode
 * (production). Pure functions of the parsed settings; each refusal names its variables, first the one to fix.
 */
import type { Problem } from "./read-env.js";
import { MIN_SECRET_LENGTH, type Settings } from "./settings.js";
import type { UpstreamProvider } from "./upstream-providers.js";

const production = (s: Settings) => s.env === "production";

/** The demo account stands in for a user store; with a real one configured it does not exist. */
const hasUserStore = (s: Settings) =>
  s.usersFile !== undefined || s.usersDatabaseUrl !== undefined || s.ldap.url !== undefined;

/** A directory reached over plain ldap:// without StartTLS: passwords travel in clear text. */
const plainLdap = (s: Settings) => s.ldap.url?.startsWith("ldap:") === true && !s.ldap.startTls;

export const demoAccountOn = (s: Settings) => !hasUserStore(s) && (!production(s) || s.dangerously.enableDemoAccount);

/** The variables the account area still needs; none missing means it is on. */
export function missingForAccountArea(s: Settings): string[] {
  const needed: Array<[string, unknown]> = [
    ["HYDRA_PUBLIC_URL", s.account.issuerUrl],
    ["ACCOUNT_CLIENT_ID", s.account.clientId],
    ["ACCOUNT_CLIENT_SECRET", s.account.clientSecret],
    ["BASE_URL", s.baseUrl],
  ];
  return needed.filter(([, value]) => value === undefined).map(([name]) => name);
}

const accountAreaOn = (s: Settings) => missingForAccountArea(s).length === 0;

const httpBaseUrl = (s: Settings) => s.baseUrl?.startsWith("http:") ?? false;

/** WebAuthn refuses IP addresses as relying party ids. */
export const isIpAddress = (hostname: string) => /^[\d.]+$/.test(hostname) || hostname.startsWith("[");

interface Rule {
  readonly variables: readonly string[];
  readonly refuses: (s: Settings) => boolean;
  readonly reason: string;
}

const RULES: readonly Rule[] = [
  {
    variables: ["SESSION_SECRET"],
    refuses: (s) => production(s) && s.sessionSecrets.length === 0,
    reason: `required in production (at least ${MIN_SECRET_LENGTH} characters)`,
  },
  {
    variables: ["HYDRA_ADMIN_URL"],
    refuses: (s) => production(s) && s.hydra.adminUrl === undefined,
    reason: "required in production",
  },
  {
    variables: ["ORY_API_KEY", "ORY_PAT"],
    refuses: (s) =>
      s.hydra.oryApiKey !== undefined && s.hydra.oryPat !== undefined && s.hydra.oryApiKey !== s.hydra.oryPat,
    reason: "set only one of them",
  },
  {
    variables: ["UPSTREAM_PROVIDERS_FILE"],
    refuses: (s) => s.upstreamProvidersFile !== undefined && s.baseUrl === undefined,
    reason: "needs BASE_URL: the providers send people back to <BASE_URL>/login/provider/<id>/callback",
  },
  {
    variables: ["UPSTREAM_PROVIDERS_FILE", "LDAP_URL"],
    refuses: (s) => s.upstreamProvidersFile !== undefined && s.ldap.url !== undefined,
    reason: "accounts from a directory keep no links to other providers: use USERS_FILE or USERS_DATABASE_URL",
  },
  {
    variables: ["USERS_FILE", "USERS_DATABASE_URL"],
    refuses: (s) => s.usersFile !== undefined && s.usersDatabaseUrl !== undefined,
    reason: "set only one user store",
  },
  {
    variables: ["LDAP_USER_BASE"],
    refuses: (s) => s.ldap.url !== undefined && s.ldap.userBase === undefined,
    reason: "required with LDAP_URL: where the accounts are searched (ou=people,dc=example,dc=org)",
  },
  {
    variables: ["LDAP_BIND_PASSWORD", "LDAP_BIND_PASSWORD_FILE"],
    refuses: (s) => s.ldap.bindPassword !== undefined && s.ldap.bindPasswordFile !== undefined,
    reason: "set only one of them",
  },
  {
    variables: ["LDAP_STARTTLS"],
    refuses: (s) => s.ldap.startTls && s.ldap.url?.startsWith("ldaps:") === true,
    reason: "ldaps:// is TLS already: StartTLS is for ldap:// URLs",
  },
  {
    variables: ["LDAP_URL"],
    refuses: (s) => production(s) && plainLdap(s) && !s.dangerously.allowPlainLdap,
    reason:
      "plain ldap:// sends every password in clear text: use ldaps:// or LDAP_STARTTLS=true in production (LDAP_INSECURE=true allows it anyway)",
  },
  {
    variables: ["TRUST_PROXY"],
    refuses: (s) => production(s) && s.trustProxy === true,
    reason:
      "`true` trusts every X-Forwarded-For hop, so any client picks its own IP and escapes the per-IP limits; give the number of proxies in front (1) or their addresses (10.0.0.0/8, loopback)",
  },
  {
    variables: ["BASE_URL"],
    refuses: (s) => production(s) && httpBaseUrl(s) && !s.dangerously.allowHttp,
    reason:
      "must be https in production: over http:// the session and form cookies are not Secure and travel in clear text (DANGEROUSLY_ALLOW_HTTP=true allows it anyway)",
  },
  {
    variables: ["HYDRA_PUBLIC_URL"],
    refuses: (s) => production(s) && accountAreaOn(s) && s.account.issuerUrl!.startsWith("http:"),
    reason: "must be https in production (the account area's tokens travel over it)",
  },
  {
    variables: ["CONFORMITY_FAKE_CLAIMS"],
    refuses: (s) => production(s) && s.conformityFakeClaims && !s.dangerously.allowConformityFakeClaims,
    reason:
      "refused in production: every id_token would carry the same fake claims (everyone becomes foo@bar.com); it is for the OpenID conformance suite only (DANGEROUSLY_ALLOW_CONFORMITY_FAKE_CLAIMS=true allows it anyway)",
  },
  {
    variables: ["MFA_ENCRYPTION_KEY"],
    refuses: (s) => production(s) && accountAreaOn(s) && s.mfa.encryptionKey === undefined,
    reason:
      "required in production while the account area is on, since second factors can be enrolled there: 32 random bytes in base64 (openssl rand -base64 32)",
  },
  {
    variables: ["BASE_URL", "SMTP_URL"],
    refuses: (s) => s.mail.smtpUrl !== undefined && s.baseUrl === undefined,
    reason: "BASE_URL is required while SMTP_URL is set: the links in emails need the public address",
  },
  {
    variables: ["SMTP_URL", "REGISTRATION"],
    refuses: (s) => s.registration.mode !== "off" && s.mail.smtpUrl === undefined,
    reason:
      "required while REGISTRATION is open or invite: a new address must be proved by a link sent to it (and an invitation is an email)",
  },
  {
    variables: ["REGISTRATION", "USERS_FILE", "USERS_DATABASE_URL"],
    refuses: (s) => s.registration.mode === "open" && s.usersFile === undefined && s.usersDatabaseUrl === undefined,
    reason: "REGISTRATION=open creates accounts: set USERS_FILE or USERS_DATABASE_URL for them to live in",
  },
  {
    variables: ["REGISTRATION", "LDAP_URL"],
    refuses: (s) => s.registration.mode === "open" && s.ldap.url !== undefined,
    reason: "REGISTRATION=open cannot be used with a directory: its accounts are made in the directory, not here",
  },
  {
    variables: ["EMAIL_SIGN_IN", "SMTP_URL"],
    refuses: (s) => s.mail.emailSignIn && s.mail.smtpUrl === undefined,
    reason: "SMTP_URL is required with EMAIL_SIGN_IN=true: the sign-in codes are sent by email",
  },
];

/** The refusals across settings; one about a variable whose value zod already refused is left out. */
export function crossFieldProblems(s: Settings, refused: ReadonlySet<string>): Problem[] {
  return RULES.filter((rule) => rule.refuses(s) && !rule.variables.some((variable) => refused.has(variable))).map(
    ({ variables, reason }) => ({ variables, reason }),
  );
}

type Warning = (s: Settings) => string | undefined;

const WARNINGS: readonly Warning[] = [
  (s) =>
    !production(s) && s.sessionSecrets.length === 0
      ? "SESSION_SECRET is not set: using a random one, so sessions end when the process restarts"
      : undefined,
  (s) => {
    if (!production(s) || !s.dangerously.enableDemoAccount) return undefined;
    return hasUserStore(s)
      ? "DANGEROUSLY_ENABLE_DEMO_ACCOUNT is ignored: a user store is configured, so there is no demo account"
      : "DANGEROUSLY_ENABLE_DEMO_ACCOUNT is on: anyone can sign in as foo@bar.com with a public password";
  },
  (s) => {
    if (!s.conformityFakeClaims) return undefined;
    return production(s)
      ? "DANGEROUSLY_ALLOW_CONFORMITY_FAKE_CLAIMS is on in production: every id_token carries fake claims (everyone becomes foo@bar.com); never with real users"
      : "CONFORMITY_FAKE_CLAIMS is on: id_tokens carry fake claims, for the OpenID conformance suite only";
  },
  (s) =>
    s.baseUrl?.startsWith("https:") && s.trustProxy === false
      ? "BASE_URL is https but TRUST_PROXY is off: behind a TLS-terminating proxy the app sees plain HTTP and will not set its Secure session cookie, so every form fails its CSRF check"
      : undefined,
  (s) =>
    production(s) && httpBaseUrl(s) && s.dangerously.allowHttp
      ? "DANGEROUSLY_ALLOW_HTTP is on in production: BASE_URL is http://, so session and form cookies are not Secure and anyone on the network can read them"
      : undefined,
  (s) =>
    production(s) && s.baseUrl === undefined
      ? "BASE_URL is not set: cookies are not marked Secure, and passkeys and the account area are off"
      : undefined,
  (s) =>
    plainLdap(s) && (!production(s) || s.dangerously.allowPlainLdap)
      ? "LDAP_URL is plain ldap:// without LDAP_STARTTLS: passwords travel to the directory in clear text"
      : undefined,
  (s) =>
    s.ldap.url !== undefined && s.usersFile === undefined && s.usersDatabaseUrl === undefined
      ? "directory accounts have no second factors: set USERS_FILE or USERS_DATABASE_URL beside LDAP_URL to keep their TOTP, recovery codes and passkeys"
      : undefined,
  (s) =>
    production(s) && s.metricsPort === undefined && s.metricsToken === undefined
      ? "/metrics is off: set METRICS_PORT (a private port) or METRICS_TOKEN (a bearer token) to serve it"
      : undefined,
  (s) =>
    production(s) && s.redisUrl === undefined
      ? "REDIS_URL is not set: sessions and brute-force counters live in this process only (one instance)"
      : undefined,
  (s) =>
    production(s) && !hasUserStore(s) && !demoAccountOn(s)
      ? "no user store is configured (USERS_FILE, USERS_DATABASE_URL or LDAP_URL): nobody can sign in"
      : undefined,
  (s) => {
    const missing = missingForAccountArea(s);
    return missing.length > 0
      ? `the account area (/account) is off: set ${missing.join(", ")} to turn it on`
      : undefined;
  },
  (s) => {
    if (s.baseUrl === undefined) return "passkeys are off: set BASE_URL (a host name, not an IP address)";
    const { hostname } = new URL(s.baseUrl);
    return isIpAddress(hostname)
      ? `passkeys are off: BASE_URL's host ${hostname} is an IP address, which WebAuthn refuses`
      : undefined;
  },
  (s) =>
    !production(s) && s.mfa.encryptionKey === undefined
      ? "MFA_ENCRYPTION_KEY is not set: TOTP secrets are sealed with a key derived from SESSION_SECRET"
      : undefined,
  (s) =>
    s.registration.domains.length > 0 && s.registration.mode !== "open"
      ? "REGISTRATION_DOMAINS is ignored: it limits open sign-up, and REGISTRATION is not open"
      : undefined,
];

/** What an operator should hear at start; main logs each line. */
export function warningsOf(s: Settings, providers: readonly Pick<UpstreamProvider, "id" | "link">[] = []): string[] {
  return [
    ...WARNINGS.map((warning) => warning(s)).filter((text): text is string => text !== undefined),
    // One line per provider whose `link: create` makes nothing: sign-up is what makes accounts.
    ...(s.registration.mode === "open"
      ? []
      : providers
          .filter((provider) => provider.link === "create")
          .map(
            (provider) =>
              `identity provider ${provider.id}: link: create makes no accounts while REGISTRATION is ${s.registration.mode} (not open); its new people can only link an account they prove, as with link: existing`,
          )),
  ];
}
