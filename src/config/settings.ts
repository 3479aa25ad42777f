/**
 * Every setting, declared once: the field it becomes (the key), the environment variable it is read from, and the
 * zod schema that checks and converts it. `Settings` is inferred from this tree; config.ts derives the few fields
 * that need more than one setting (the account area, passkeys, the demo account) and the rest passes through.
 * Comments for operators live in .env.example and the README (a test keeps both complete).
 */
import { z } from "zod";
import { parseEncryptionKeys } from "./encryption-keys.js";
import { parseAttributeMap, type AttributeMap } from "./ldap-attributes.js";

/** The environment variable of each leaf schema; filled by `fromEnv`, read by read-env.ts. */
export const VARIABLE_OF = new WeakMap<z.ZodType, string>();

/** A leaf of the tree: `schema` reads `variable`. Cloned so that a shared schema (`flag`) can serve many variables. */
function fromEnv<T extends z.ZodType>(variable: string, schema: T): T {
  const leaf = schema.clone();
  VARIABLE_OF.set(leaf, variable);
  return leaf;
}

export const MIN_SECRET_LENGTH = 32;

const flag = z
  .enum(["1", "0", "true", "false", "yes", "no"])
  .optional()
  .transform((value) => value === "1" || value === "true" || value === "yes");

const seconds = z.coerce.number().int().min(0).max(31_536_000);

const port = z.coerce.number().int().min(0).max(65_535);

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

const withoutTrailingSlash = (url: string | undefined) => url?.replace(/\/+$/, "");

const LANGUAGES = ["en", "de", "fr", "es", "pt-BR", "ja"] as const;

/** TRUST_PROXY as express takes it: off, every hop (`true`), a hop count, or subnets and names ("loopback"). */
function parseTrustProxy(raw: string): boolean | number | string {
  if (raw === "" || raw === "false") return false;
  if (raw === "true") return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw;
}

function checkEncryptionKeys(raw: string | undefined, context: z.RefinementCtx): void {
  if (raw === undefined) return;
  try {
    parseEncryptionKeys(raw);
  } catch (error) {
    // The problem is already named after the variable: "MFA_ENCRYPTION_KEY: decodes to 16 bytes; …".
    context.addIssue({ code: "custom", message: (error as Error).message.replace(/^MFA_ENCRYPTION_KEY /, "") });
  }
}

function attributeMap(raw: string, context: z.RefinementCtx<string>): AttributeMap {
  try {
    return parseAttributeMap(raw);
  } catch (error) {
    context.addIssue({ code: "custom", message: (error as Error).message });
    return z.NEVER;
  }
}

export const settings = z.object({
  env: fromEnv("NODE_ENV", z.enum(["development", "production", "test"]).default("development")),
  host: fromEnv("HOST", z.string().min(1).default("127.0.0.1")),
  port: fromEnv("PORT", port.default(3000)),
  baseUrl: fromEnv("BASE_URL", httpUrl.optional()),
  trustProxy: fromEnv("TRUST_PROXY", z.string().default("").transform(parseTrustProxy)),
  logLevel: fromEnv(
    "LOG_LEVEL",
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ),

  hydra: z.object({
    adminUrl: fromEnv("HYDRA_ADMIN_URL", httpUrl.optional().transform(withoutTrailingSlash)),
    timeoutMs: fromEnv("HYDRA_TIMEOUT_MS", z.coerce.number().int().min(100).max(120_000).default(5000)),
    oryApiKey: fromEnv("ORY_API_KEY", z.string().min(1).optional()),
    oryPat: fromEnv("ORY_PAT", z.string().min(1).optional()),
    mockTlsTermination: fromEnv("MOCK_TLS_TERMINATION", flag),
  }),

  sessionSecrets: fromEnv(
    "SESSION_SECRET",
    commaList.refine((secrets) => secrets.every((secret) => secret.length >= MIN_SECRET_LENGTH), {
      message: `every secret must have at least ${MIN_SECRET_LENGTH} characters`,
    }),
  ),
  rememberLoginFor: fromEnv("REMEMBER_LOGIN_FOR", seconds.default(2_592_000)),
  rememberConsentFor: fromEnv("REMEMBER_CONSENT_FOR", seconds.default(2_592_000)),
  trustedClientIds: fromEnv("TRUSTED_CLIENT_IDS", commaList),
  /** Consent checkboxes start ticked (Ory's and Google's habit); unticked by default, as Hydra's own tests expect. */
  consentPreselectScopes: fromEnv("CONSENT_PRESELECT_SCOPES", flag),
  logoutRejectedUrl: fromEnv("LOGOUT_REJECTED_URL", httpUrl.optional()),
  conformityFakeClaims: fromEnv("CONFORMITY_FAKE_CLAIMS", flag),

  // Insecure switches: only the rules read them (config/rules.ts), each refusing or warning in production.
  dangerously: z.object({
    allowHttp: fromEnv("DANGEROUSLY_ALLOW_HTTP", flag),
    allowConformityFakeClaims: fromEnv("DANGEROUSLY_ALLOW_CONFORMITY_FAKE_CLAIMS", flag),
    enableDemoAccount: fromEnv("DANGEROUSLY_ENABLE_DEMO_ACCOUNT", flag),
    allowPlainLdap: fromEnv("LDAP_INSECURE", flag),
  }),

  usersFile: fromEnv("USERS_FILE", z.string().min(1).optional()),
  /** OpenID Connect providers people may sign in with (issue 23): a YAML file, read by config.ts. */
  upstreamProvidersFile: fromEnv("UPSTREAM_PROVIDERS_FILE", z.string().min(1).optional()),
  usersDatabaseUrl: fromEnv("USERS_DATABASE_URL", z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  /** Accounts from a directory (OpenLDAP, Active Directory); their second factors in USERS_FILE or the database. */
  ldap: z.object({
    url: fromEnv("LDAP_URL", z.url({ protocol: /^ldaps?$/ }).optional()),
    startTls: fromEnv("LDAP_STARTTLS", flag),
    bindDn: fromEnv("LDAP_BIND_DN", z.string().min(1).optional()),
    bindPassword: fromEnv("LDAP_BIND_PASSWORD", z.string().min(1).optional()),
    bindPasswordFile: fromEnv("LDAP_BIND_PASSWORD_FILE", z.string().min(1).optional()),
    userBase: fromEnv("LDAP_USER_BASE", z.string().min(1).optional()),
    userFilter: fromEnv(
      "LDAP_USER_FILTER",
      z
        .string()
        .regex(/^\(.*\{email\}.*\)$/, "a filter in parentheses with {email} in it, as (mail={email})")
        .default("(|(mail={email})(uid={email}))"),
    ),
    /** `claim=attribute|fallback,…` over the defaults (identity/directory/directory-entry.ts). */
    attributes: fromEnv("LDAP_ATTRIBUTES", z.string().default("").transform(attributeMap)),
    idAttribute: fromEnv(
      "LDAP_ID_ATTRIBUTE",
      z
        .string()
        .regex(/^[A-Za-z][A-Za-z0-9-]*$/, "an attribute name, as entryUUID or objectGUID")
        .refine((name) => name.toLowerCase() !== "dn" && name.toLowerCase() !== "distinguishedname", {
          message: "never the DN: it changes when an entry is renamed",
        })
        .default("entryUUID"),
    ),
    /** Where groups are searched, for the `groups` claim; unset: no groups claim. */
    groupBase: fromEnv("LDAP_GROUPS", z.string().min(1).optional()),
    timeoutMs: fromEnv("LDAP_TIMEOUT_MS", z.coerce.number().int().min(100).max(120_000).default(5000)),
    maxConnections: fromEnv("LDAP_MAX_CONNECTIONS", z.coerce.number().int().min(1).max(1000).default(10)),
  }),
  /** Sessions and brute-force counters are shared through Redis when set; in memory otherwise. */
  redisUrl: fromEnv("REDIS_URL", z.url({ protocol: /^rediss?$/ }).optional()),
  /** Serve /metrics on its own port instead of the app's. */
  metricsPort: fromEnv("METRICS_PORT", port.optional()),
  /** With it, /metrics on the app's port answers only `Authorization: Bearer <token>`. */
  metricsToken: fromEnv(
    "METRICS_TOKEN",
    z.string().min(MIN_SECRET_LENGTH, `must have at least ${MIN_SECRET_LENGTH} characters`).optional(),
  ),
  /** Sessions kept at most in memory when there is no Redis (least recently used go first). */
  sessionMemoryMax: fromEnv("SESSION_MEMORY_MAX", z.coerce.number().int().min(100).max(10_000_000).default(10_000)),
  /** Audit lines name an account by a keyed hash of its email instead of the email. */
  auditHashEmails: fromEnv("AUDIT_HASH_EMAILS", flag),

  bruteForce: z.object({
    /** Failed sign-ins of one account within `windowSeconds` before it is locked. */
    maxFailuresPerAccount: fromEnv(
      "LOGIN_MAX_FAILURES_PER_ACCOUNT",
      z.coerce.number().int().min(1).max(1000).default(10),
    ),
    /** Failed sign-ins from one client IP within `windowSeconds` before it is locked. */
    maxFailuresPerIp: fromEnv("LOGIN_MAX_FAILURES_PER_IP", z.coerce.number().int().min(1).max(100_000).default(100)),
    // 0 would make a window no failure falls into: the shortest is a second.
    windowSeconds: fromEnv(
      "LOGIN_FAILURE_WINDOW",
      seconds.default(900).transform((value) => Math.max(1, value)),
    ),
    lockoutSeconds: fromEnv(
      "LOGIN_LOCKOUT",
      seconds.default(900).transform((value) => Math.max(1, value)),
    ),
    /** First extra delay on a failed sign-in; it doubles with each further failure, up to 16 times. 0 = none. */
    failureDelayMs: fromEnv("LOGIN_FAILURE_DELAY_MS", z.coerce.number().int().min(0).max(10_000).default(250)),
  }),

  // The account area is on when these three and BASE_URL are set (config.ts).
  account: z.object({
    issuerUrl: fromEnv("HYDRA_PUBLIC_URL", httpUrl.optional()),
    clientId: fromEnv("ACCOUNT_CLIENT_ID", z.string().min(1).optional()),
    clientSecret: fromEnv("ACCOUNT_CLIENT_SECRET", z.string().min(1).optional()),
    idleSeconds: fromEnv("ACCOUNT_SESSION_IDLE", z.coerce.number().int().min(60).max(86_400).default(900)),
    /**
     * Changes to how someone signs in need a sign-in younger than this. At least 30 s, so that the sign-in the
     * person has just been sent through is always young enough.
     */
    reauthAfterSeconds: fromEnv("ACCOUNT_REAUTH_AFTER", z.coerce.number().int().min(30).max(86_400).default(300)),
  }),

  /** Second factors: the keys that seal TOTP secrets (first seals, all open) and who must use one. */
  mfa: z.object({
    /** Raw MFA_ENCRYPTION_KEY; undefined in development means a key derived from SESSION_SECRET. */
    encryptionKey: fromEnv("MFA_ENCRYPTION_KEY", z.string().optional().superRefine(checkEncryptionKeys)),
    requiredClientIds: fromEnv("MFA_REQUIRED_CLIENT_IDS", commaList),
    /** A sign-in that demands a second factor the account lacks may send the person to enrol one (off: refused). */
    enrolDuringSignIn: fromEnv("MFA_ENROL_DURING_SIGN_IN", flag),
  }),

  defaultLanguage: fromEnv("DEFAULT_LANGUAGE", z.enum(LANGUAGES).default("en")),
  /** The operator's message catalogs, merged over the built-ins. */
  messagesDir: fromEnv("MESSAGES_DIR", z.string().min(1).optional()),

  /** The operator's look: name, logo, colour, footer links, an extra stylesheet, a theme folder. */
  brand: z.object({
    name: fromEnv("BRAND_NAME", z.string().min(1).max(80).optional()),
    logoUrl: fromEnv(
      "BRAND_LOGO_URL",
      z
        .string()
        .regex(/^(https:\/\/|\/public\/)\S+$/, "an https URL or a /public/ path")
        .optional(),
    ),
    primaryColor: fromEnv(
      "BRAND_PRIMARY_COLOR",
      z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/, "a colour like #1f6feb")
        .optional(),
    ),
    privacyUrl: fromEnv("BRAND_PRIVACY_URL", httpUrl.optional()),
    imprintUrl: fromEnv("BRAND_IMPRINT_URL", httpUrl.optional()),
    helpUrl: fromEnv("BRAND_HELP_URL", httpUrl.optional()),
    cssFile: fromEnv("BRAND_CSS_FILE", z.string().min(1).optional()),
    themeDir: fromEnv("THEME_DIR", z.string().min(1).optional()),
  }),

  /** Email (issue 22): off while SMTP_URL is unset; its pages and links are then absent. */
  mail: z.object({
    smtpUrl: fromEnv("SMTP_URL", z.url({ protocol: /^smtps?$/ }).optional()),
    smtpUser: fromEnv("SMTP_USER", z.string().min(1).optional()),
    smtpPassword: fromEnv("SMTP_PASSWORD", z.string().min(1).optional()),
    /** The sender; `no-reply@<BASE_URL's host>` when unset. */
    from: fromEnv("MAIL_FROM", z.string().min(3).max(320).optional()),
    timeoutMs: fromEnv("SMTP_TIMEOUT_MS", z.coerce.number().int().min(100).max(120_000).default(5000)),
    /** How long a forgot-password link stays valid. */
    recoveryLinkTtlSeconds: fromEnv("RECOVERY_LINK_TTL", z.coerce.number().int().min(60).max(86_400).default(900)),
  }),
});

export type Settings = z.output<typeof settings>;
