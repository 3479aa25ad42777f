import { randomBytes } from "node:crypto";
import { z } from "zod";
import { parseEncryptionKeys } from "./config/encryption-keys.js";

/** Raised when the environment cannot make a working configuration; names the variable and why. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

const flag = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .default("")
  .transform((value) => value === "1" || value === "true" || value === "yes");

const seconds = z.coerce.number().int().min(0).max(31_536_000);

const commaList = z
  .string()
  .default("")
  .transform((value) =>
    value
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );

const httpUrl = z.url({ protocol: /^https?$/ });

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  BASE_URL: httpUrl.optional(),
  TRUST_PROXY: z.string().default(""),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

  HYDRA_ADMIN_URL: httpUrl.optional(),
  HYDRA_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  ORY_API_KEY: z.string().min(1).optional(),
  ORY_PAT: z.string().min(1).optional(),
  MOCK_TLS_TERMINATION: flag,

  SESSION_SECRET: z.string().optional(),
  REMEMBER_LOGIN_FOR: seconds.default(2_592_000),
  REMEMBER_CONSENT_FOR: seconds.default(2_592_000),
  TRUSTED_CLIENT_IDS: commaList,
  CONSENT_PRESELECT_SCOPES: flag,
  LOGOUT_REJECTED_URL: httpUrl.optional(),
  CONFORMITY_FAKE_CLAIMS: flag,
  DANGEROUSLY_ENABLE_DEMO_ACCOUNT: flag,

  USERS_FILE: z.string().min(1).optional(),
  USERS_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  METRICS_TOKEN: z.string().optional(),

  HYDRA_PUBLIC_URL: httpUrl.optional(),
  ACCOUNT_CLIENT_ID: z.string().min(1).optional(),
  ACCOUNT_CLIENT_SECRET: z.string().min(1).optional(),
  ACCOUNT_SESSION_IDLE: z.coerce.number().int().min(60).max(86_400).default(900),
  SESSION_MEMORY_MAX: z.coerce.number().int().min(100).max(10_000_000).default(10_000),
  AUDIT_HASH_EMAILS: flag,

  DEFAULT_LANGUAGE: z.enum(["en", "de", "fr", "es", "pt-BR", "ja"]).default("en"),
  MESSAGES_DIR: z.string().min(1).optional(),
  BRAND_NAME: z.string().min(1).max(80).optional(),
  BRAND_LOGO_URL: z
    .string()
    .regex(/^(https:\/\/|\/public\/)\S+$/, "an https URL or a /public/ path")
    .optional(),
  BRAND_PRIMARY_COLOR: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "a colour like #1f6feb")
    .optional(),
  BRAND_PRIVACY_URL: httpUrl.optional(),
  BRAND_IMPRINT_URL: httpUrl.optional(),
  BRAND_HELP_URL: httpUrl.optional(),
  BRAND_CSS_FILE: z.string().min(1).optional(),
  THEME_DIR: z.string().min(1).optional(),

  MFA_ENCRYPTION_KEY: z.string().optional(),
  MFA_REQUIRED_CLIENT_IDS: commaList,

  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).max(1000).default(10),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).max(100_000).default(100),
  LOGIN_FAILURE_WINDOW: seconds.default(900),
  LOGIN_LOCKOUT: seconds.default(900),
  LOGIN_FAILURE_DELAY_MS: z.coerce.number().int().min(0).max(10_000).default(250),
});

/** Every environment variable the app reads; .env.example and the README document each (a test checks). */
export const CONFIG_VARIABLES = Object.keys(schema.shape);

export interface Config {
  readonly env: "development" | "production" | "test";
  readonly host: string;
  readonly port: number;
  readonly baseUrl: string | undefined;
  /** Cookies get `Secure` and responses get HSTS when the public URL is https. */
  readonly secureCookies: boolean;
  readonly trustProxy: boolean | number | string;
  readonly logLevel: string;
  readonly hydra: {
    readonly adminUrl: string;
    readonly timeoutMs: number;
    readonly bearerToken: string | undefined;
    readonly mockTlsTermination: boolean;
  };
  /** The first secret signs new cookies; the others still verify old ones (rotation). */
  readonly sessionSecrets: readonly string[];
  readonly rememberLoginFor: number;
  readonly rememberConsentFor: number;
  readonly trustedClientIds: readonly string[];
  /** Consent checkboxes start ticked (Ory's and Google's habit); unticked by default, as Hydra's own tests expect. */
  readonly consentPreselectScopes: boolean;
  readonly logoutRejectedUrl: string | undefined;
  readonly conformityFakeClaims: boolean;
  readonly demoAccount: boolean;
  readonly usersFile: string | undefined;
  readonly usersDatabaseUrl: string | undefined;
  /** Sessions and brute-force counters are shared through Redis when set; in memory otherwise. */
  readonly redisUrl: string | undefined;
  /** Serve /metrics on its own port instead of the app's. */
  readonly metricsPort: number | undefined;
  /** With it, /metrics on the app's port answers only `Authorization: Bearer <token>`. */
  readonly metricsToken: string | undefined;
  /** Whether /metrics is served on the app's own port (never openly in production). */
  readonly metricsOnAppPort: boolean;
  /** Sessions kept at most in memory when there is no Redis (least recently used go first). */
  readonly sessionMemoryMax: number;
  /** Audit lines name an account by a keyed hash of its email instead of the email. */
  readonly auditHashEmails: boolean;
  readonly bruteForce: {
    /** Failed sign-ins of one account within `windowSeconds` before it is locked. */
    readonly maxFailuresPerAccount: number;
    /** Failed sign-ins from one client IP within `windowSeconds` before it is locked. */
    readonly maxFailuresPerIp: number;
    readonly windowSeconds: number;
    readonly lockoutSeconds: number;
    /** First extra delay on a failed sign-in; it doubles with each further failure, up to 16 times. 0 = none. */
    readonly failureDelayMs: number;
  };
  /** The signed-in account area (`/account`), an OpenID Connect client of Hydra; undefined when off. */
  readonly account:
    | {
        readonly issuerUrl: string;
        readonly clientId: string;
        readonly clientSecret: string;
        readonly redirectUri: string;
        readonly postLogoutRedirectUri: string;
        readonly idleSeconds: number;
        readonly absoluteSeconds: number;
        /** Plain-http Hydra (development, tests); never in production. */
        readonly allowHttp: boolean;
      }
    | undefined;
  /** Second factors: the keys that seal TOTP secrets (first seals, all open) and who must use one. */
  readonly mfa: {
    /** Raw MFA_ENCRYPTION_KEY; undefined in development means a key derived from SESSION_SECRET. */
    readonly encryptionKey: string | undefined;
    readonly requiredClientIds: readonly string[];
    /** Passkeys need a host name (WebAuthn refuses IP addresses): BASE_URL's, when it has one. */
    readonly passkeys: { readonly rpId: string; readonly origin: string } | undefined;
  };
  readonly defaultLanguage: "en" | "de" | "fr" | "es" | "pt-BR" | "ja";
  /** The operator's message catalogs, merged over the built-ins. */
  readonly messagesDir: string | undefined;
  /** The operator's look: name, logo, colour, footer links, an extra stylesheet, a theme folder. */
  readonly brand: {
    readonly name: string | undefined;
    readonly logoUrl: string | undefined;
    readonly primaryColor: string | undefined;
    readonly links: ReadonlyArray<{
      readonly id: string;
      readonly key: "app.privacy" | "app.imprint" | "app.help";
      readonly href: string;
    }>;
    readonly cssFile: string | undefined;
    readonly themeDir: string | undefined;
  };
  /** Things an operator should hear about at start, logged by main. */
  readonly warnings: readonly string[];
}

const MIN_SECRET_LENGTH = 32;

function parseTrustProxy(raw: string): boolean | number | string {
  if (raw === "" || raw === "false") return false;
  if (raw === "true") return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw; // a subnet list or a name express understands, such as "loopback"
}

/** Reads and checks the whole environment once; the only place that knows variable names. */
export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>): Config {
  // Empty strings mean "unset" so that `VAR=` in a .env file falls back to the default.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`),
    );
  }
  const vars = parsed.data;
  const production = vars.NODE_ENV === "production";
  const problems: string[] = [];
  const warnings: string[] = [];

  let sessionSecrets = (vars.SESSION_SECRET ?? "")
    .split(",")
    .map((secret) => secret.trim())
    .filter((secret) => secret.length > 0);
  if (sessionSecrets.length === 0) {
    if (production) {
      problems.push(`SESSION_SECRET: required in production (at least ${MIN_SECRET_LENGTH} characters)`);
    } else {
      // Never a fixed default: a random secret that lives as long as the process.
      sessionSecrets = [randomBytes(32).toString("base64url")];
      warnings.push("SESSION_SECRET is not set: using a random one, so sessions end when the process restarts");
    }
  } else if (sessionSecrets.some((secret) => secret.length < MIN_SECRET_LENGTH)) {
    problems.push(`SESSION_SECRET: every secret must have at least ${MIN_SECRET_LENGTH} characters`);
  }

  let adminUrl = vars.HYDRA_ADMIN_URL;
  if (adminUrl === undefined) {
    if (production) problems.push("HYDRA_ADMIN_URL: required in production");
    adminUrl = "http://127.0.0.1:4445";
  }

  if (vars.ORY_API_KEY !== undefined && vars.ORY_PAT !== undefined && vars.ORY_API_KEY !== vars.ORY_PAT) {
    problems.push("ORY_API_KEY and ORY_PAT: set only one of them");
  }

  // The demo account stands in for a user store; with a real one configured it does not exist.
  const realStore = vars.USERS_FILE !== undefined || vars.USERS_DATABASE_URL !== undefined;
  const demoAccount = !realStore && (!production || vars.DANGEROUSLY_ENABLE_DEMO_ACCOUNT);
  if (production && vars.DANGEROUSLY_ENABLE_DEMO_ACCOUNT) {
    warnings.push(
      realStore
        ? "DANGEROUSLY_ENABLE_DEMO_ACCOUNT is ignored: a user store is configured, so there is no demo account"
        : "DANGEROUSLY_ENABLE_DEMO_ACCOUNT is on: anyone can sign in as foo@bar.com with a public password",
    );
  }
  if (vars.CONFORMITY_FAKE_CLAIMS) {
    warnings.push("CONFORMITY_FAKE_CLAIMS is on: id_tokens carry fake claims, for the OpenID conformance suite only");
  }

  if (vars.USERS_FILE !== undefined && vars.USERS_DATABASE_URL !== undefined) {
    problems.push("USERS_FILE and USERS_DATABASE_URL: set only one user store");
  }
  if (vars.BASE_URL?.startsWith("https:") && vars.TRUST_PROXY === "") {
    warnings.push(
      "BASE_URL is https but TRUST_PROXY is off: behind a TLS-terminating proxy the app sees plain HTTP and will not set its Secure session cookie, so every form fails its CSRF check",
    );
  }
  if (production && vars.TRUST_PROXY === "true") {
    problems.push(
      "TRUST_PROXY: `true` trusts every X-Forwarded-For hop, so any client picks its own IP and escapes the per-IP limits; give the number of proxies in front (1) or their addresses (10.0.0.0/8, loopback)",
    );
  }
  if (vars.METRICS_TOKEN !== undefined && vars.METRICS_TOKEN.length < MIN_SECRET_LENGTH) {
    problems.push(`METRICS_TOKEN: must have at least ${MIN_SECRET_LENGTH} characters`);
  }
  const metricsOnAppPort = vars.METRICS_PORT === undefined && (!production || vars.METRICS_TOKEN !== undefined);
  if (production && vars.METRICS_PORT === undefined && vars.METRICS_TOKEN === undefined) {
    warnings.push("/metrics is off: set METRICS_PORT (a private port) or METRICS_TOKEN (a bearer token) to serve it");
  }
  if (production && vars.REDIS_URL === undefined) {
    warnings.push("REDIS_URL is not set: sessions and brute-force counters live in this process only (one instance)");
  }
  if (production && !realStore && !demoAccount) {
    warnings.push("no user store is configured (USERS_FILE or USERS_DATABASE_URL): nobody can sign in");
  }

  let account: Config["account"];
  const accountVars = {
    HYDRA_PUBLIC_URL: vars.HYDRA_PUBLIC_URL,
    ACCOUNT_CLIENT_ID: vars.ACCOUNT_CLIENT_ID,
    ACCOUNT_CLIENT_SECRET: vars.ACCOUNT_CLIENT_SECRET,
    BASE_URL: vars.BASE_URL,
  };
  const missing = Object.entries(accountVars)
    .filter(([, value]) => value === undefined)
    .map(([name]) => name);
  if (missing.length === 0) {
    const base = vars.BASE_URL!.replace(/\/+$/, "");
    if (production && vars.HYDRA_PUBLIC_URL!.startsWith("http:")) {
      problems.push("HYDRA_PUBLIC_URL: must be https in production (the account area's tokens travel over it)");
    }
    account = Object.freeze({
      issuerUrl: vars.HYDRA_PUBLIC_URL!,
      clientId: vars.ACCOUNT_CLIENT_ID!,
      clientSecret: vars.ACCOUNT_CLIENT_SECRET!,
      redirectUri: `${base}/account/callback`,
      postLogoutRedirectUri: `${base}/logged-out`,
      idleSeconds: vars.ACCOUNT_SESSION_IDLE,
      absoluteSeconds: 8 * 60 * 60,
      allowHttp: !production,
    });
  } else {
    warnings.push(`the account area (/account) is off: set ${missing.join(", ")} to turn it on`);
  }

  let passkeys: Config["mfa"]["passkeys"];
  if (vars.BASE_URL !== undefined) {
    const base = new URL(vars.BASE_URL);
    if (/^[\d.]+$/.test(base.hostname) || base.hostname.startsWith("[")) {
      warnings.push(`passkeys are off: BASE_URL's host ${base.hostname} is an IP address, which WebAuthn refuses`);
    } else {
      passkeys = { rpId: base.hostname, origin: base.origin };
    }
  } else {
    warnings.push("passkeys are off: set BASE_URL (a host name, not an IP address)");
  }
  if (vars.MFA_ENCRYPTION_KEY !== undefined) {
    try {
      parseEncryptionKeys(vars.MFA_ENCRYPTION_KEY);
    } catch (error) {
      problems.push(`MFA_ENCRYPTION_KEY: ${(error as Error).message}`);
    }
  }
  if (vars.MFA_ENCRYPTION_KEY === undefined && !production) {
    warnings.push("MFA_ENCRYPTION_KEY is not set: TOTP secrets are sealed with a key derived from SESSION_SECRET");
  }

  if (problems.length > 0) throw new ConfigError(problems);

  return Object.freeze({
    env: vars.NODE_ENV,
    host: vars.HOST,
    port: vars.PORT,
    baseUrl: vars.BASE_URL,
    secureCookies: vars.BASE_URL?.startsWith("https:") ?? false,
    trustProxy: parseTrustProxy(vars.TRUST_PROXY),
    logLevel: vars.LOG_LEVEL,
    hydra: Object.freeze({
      adminUrl: adminUrl.replace(/\/+$/, ""),
      timeoutMs: vars.HYDRA_TIMEOUT_MS,
      bearerToken: vars.ORY_API_KEY ?? vars.ORY_PAT,
      mockTlsTermination: vars.MOCK_TLS_TERMINATION,
    }),
    sessionSecrets: Object.freeze(sessionSecrets),
    rememberLoginFor: vars.REMEMBER_LOGIN_FOR,
    rememberConsentFor: vars.REMEMBER_CONSENT_FOR,
    // The account area is our own first-party client: its consent is never asked.
    trustedClientIds: Object.freeze(
      account === undefined ? vars.TRUSTED_CLIENT_IDS : [...vars.TRUSTED_CLIENT_IDS, account.clientId],
    ),
    consentPreselectScopes: vars.CONSENT_PRESELECT_SCOPES,
    logoutRejectedUrl: vars.LOGOUT_REJECTED_URL,
    conformityFakeClaims: vars.CONFORMITY_FAKE_CLAIMS,
    demoAccount,
    usersFile: vars.USERS_FILE,
    usersDatabaseUrl: vars.USERS_DATABASE_URL,
    redisUrl: vars.REDIS_URL,
    metricsPort: vars.METRICS_PORT,
    metricsToken: vars.METRICS_TOKEN,
    metricsOnAppPort,
    sessionMemoryMax: vars.SESSION_MEMORY_MAX,
    auditHashEmails: vars.AUDIT_HASH_EMAILS,
    bruteForce: Object.freeze({
      maxFailuresPerAccount: vars.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerIp: vars.LOGIN_MAX_FAILURES_PER_IP,
      windowSeconds: Math.max(1, vars.LOGIN_FAILURE_WINDOW),
      lockoutSeconds: Math.max(1, vars.LOGIN_LOCKOUT),
      failureDelayMs: vars.LOGIN_FAILURE_DELAY_MS,
    }),
    account,
    defaultLanguage: vars.DEFAULT_LANGUAGE,
    messagesDir: vars.MESSAGES_DIR,
    brand: Object.freeze({
      name: vars.BRAND_NAME,
      logoUrl: vars.BRAND_LOGO_URL,
      primaryColor: vars.BRAND_PRIMARY_COLOR,
      links: Object.freeze(
        [
          { id: "privacy", key: "app.privacy" as const, href: vars.BRAND_PRIVACY_URL },
          { id: "imprint", key: "app.imprint" as const, href: vars.BRAND_IMPRINT_URL },
          { id: "help", key: "app.help" as const, href: vars.BRAND_HELP_URL },
        ].filter(
          (link): link is { id: string; key: "app.privacy" | "app.imprint" | "app.help"; href: string } =>
            link.href !== undefined,
        ),
      ),
      cssFile: vars.BRAND_CSS_FILE,
      themeDir: vars.THEME_DIR,
    }),
    mfa: Object.freeze({
      encryptionKey: vars.MFA_ENCRYPTION_KEY,
      requiredClientIds: Object.freeze(vars.MFA_REQUIRED_CLIENT_IDS),
      passkeys: passkeys === undefined ? undefined : Object.freeze(passkeys),
    }),
    warnings: Object.freeze(warnings),
  });
}
