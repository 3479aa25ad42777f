/**
 * loadConfig(env): the environment read and checked once at start, into a frozen Config. Each setting is declared
 * once, in config/settings.ts (variable, schema, field); this file derives the fields that need several settings.
 */
import { randomBytes } from "node:crypto";
import { readSettings, VARIABLES, type Problem } from "./config/read-env.js";
import { crossFieldProblems, demoAccountOn, isIpAddress, missingForAccountArea, warningsOf } from "./config/rules.js";
import type { Settings } from "./config/settings.js";
import { readUpstreamProviders, type UpstreamProvider } from "./config/upstream-providers.js";

/** Raised when the environment cannot make a working configuration; names every bad variable and why, at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

/** Every environment variable the app reads; .env.example and the README document each (a test checks). */
export const CONFIG_VARIABLES: string[] = [...VARIABLES];

const DEVELOPMENT_HYDRA_ADMIN_URL = "http://127.0.0.1:4445";
const ACCOUNT_ABSOLUTE_SECONDS = 8 * 60 * 60;

type BrandLinkKey = "app.privacy" | "app.imprint" | "app.help";

/** The account area (`/account`), an OpenID Connect client of Hydra; undefined while a variable it needs is unset. */
function accountArea(s: Settings) {
  if (missingForAccountArea(s).length > 0) return undefined;
  const { issuerUrl, clientId, clientSecret, ...timing } = s.account;
  const base = s.baseUrl!.replace(/\/+$/, "");
  return {
    issuerUrl: issuerUrl!,
    clientId: clientId!,
    clientSecret: clientSecret!,
    redirectUri: `${base}/account/callback`,
    postLogoutRedirectUri: `${base}/logged-out`,
    ...timing,
    absoluteSeconds: ACCOUNT_ABSOLUTE_SECONDS,
    /** Plain-http Hydra (development, tests); never in production. */
    allowHttp: s.env !== "production",
  };
}

/** Passkeys need a host name (WebAuthn refuses IP addresses): BASE_URL's, when it has one. */
function passkeysOf(baseUrl: string | undefined) {
  if (baseUrl === undefined) return undefined;
  const { hostname, origin } = new URL(baseUrl);
  return isIpAddress(hostname) ? undefined : { rpId: hostname, origin };
}

/** Email: on when SMTP_URL is set (BASE_URL is then required by the rules, for the links). */
function mailOf(s: Settings) {
  const { smtpUrl, smtpUser, smtpPassword, from, ...rest } = s.mail;
  if (smtpUrl === undefined || s.baseUrl === undefined) return undefined;
  const base = s.baseUrl.replace(/\/+$/, "");
  return {
    ...rest,
    smtpUrl,
    user: smtpUser,
    password: smtpPassword,
    from: from ?? `no-reply@${new URL(base).hostname}`,
    /** Links in emails start here. */
    baseUrl: base,
  };
}

/** Settings become Config as they are, except the fields below, which need more than one setting (later keys win). */
function buildConfig(s: Settings, warnings: string[], upstreamProviders: UpstreamProvider[]) {
  // The DANGEROUSLY_ switches are read by the rules (and demoAccountOn); nothing else may see them.
  const { dangerously: _switches, ...asTheyAre } = s;
  const { oryApiKey, oryPat, adminUrl, ...hydraAsItIs } = s.hydra;
  const { privacyUrl, imprintUrl, helpUrl, ...brandAsItIs } = s.brand;
  const account = accountArea(s);
  const links: Array<{ id: string; key: BrandLinkKey; href: string | undefined }> = [
    { id: "privacy", key: "app.privacy", href: privacyUrl },
    { id: "imprint", key: "app.imprint", href: imprintUrl },
    { id: "help", key: "app.help", href: helpUrl },
  ];
  return {
    ...asTheyAre,
    /** Cookies get `Secure` and responses get HSTS when the public URL is https. */
    secureCookies: s.baseUrl?.startsWith("https:") ?? false,
    hydra: { ...hydraAsItIs, adminUrl: adminUrl ?? DEVELOPMENT_HYDRA_ADMIN_URL, bearerToken: oryApiKey ?? oryPat },
    /** The first secret signs new cookies; the others still verify old ones. Never a fixed default: a random one. */
    sessionSecrets: s.sessionSecrets.length > 0 ? s.sessionSecrets : [randomBytes(32).toString("base64url")],
    // The account area is our own first-party client: its consent is never asked.
    trustedClientIds: account === undefined ? s.trustedClientIds : [...s.trustedClientIds, account.clientId],
    demoAccount: demoAccountOn(s),
    /** Whether /metrics is served on the app's own port (never openly in production). */
    metricsOnAppPort: s.metricsPort === undefined && (s.env !== "production" || s.metricsToken !== undefined),
    account,
    mfa: { ...s.mfa, passkeys: passkeysOf(s.baseUrl) },
    mail: mailOf(s),
    /** Identity providers people may sign in with (UPSTREAM_PROVIDERS_FILE); none when unset. */
    upstreamProviders,
    brand: {
      ...brandAsItIs,
      links: links.filter((link): link is { id: string; key: BrandLinkKey; href: string } => link.href !== undefined),
    },
    /** Things an operator should hear about at start, logged by main. */
    warnings,
  };
}

/** Frozen all the way down, and every key present: an unset setting reads `undefined` (`Required` keeps the keys). */
type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends ReadonlyArray<infer Item>
    ? ReadonlyArray<DeepReadonly<Item>>
    : T extends object
      ? { readonly [Key in keyof Required<T>]: DeepReadonly<T[Key]> }
      : T;

export type Config = DeepReadonly<ReturnType<typeof buildConfig>>;

function deepFreeze<T>(value: T): DeepReadonly<T> {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value as DeepReadonly<T>;
}

const describe = ({ variables, reason }: Problem) => `${variables.join(" and ")}: ${reason}`;

/** Reads and checks the whole environment once; throws one ConfigError naming every problem. */
export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>): Config {
  const { settings, problems } = readSettings(env);
  const refused = new Set(problems.flatMap((problem) => problem.variables));
  const all = [...problems, ...crossFieldProblems(settings, refused)];
  if (all.length > 0) throw new ConfigError(all.map(describe));
  let upstreamProviders: UpstreamProvider[] = [];
  if (settings.upstreamProvidersFile !== undefined) {
    try {
      upstreamProviders = readUpstreamProviders(settings.upstreamProvidersFile, settings.baseUrl!);
      const plain = upstreamProviders.find((provider) => provider.issuer.startsWith("http:"));
      if (plain !== undefined && settings.env === "production") {
        throw new Error(`${plain.id}: issuer must be https in production`);
      }
    } catch (error) {
      throw new ConfigError([`UPSTREAM_PROVIDERS_FILE: ${(error as Error).message}`]);
    }
  }
  return deepFreeze(buildConfig(settings, warningsOf(settings, upstreamProviders), upstreamProviders));
}
