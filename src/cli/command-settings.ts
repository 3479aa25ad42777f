/**
 * What the accounts command reads from the environment: the user store, and how to reach Hydra's admin API to
 * revoke sessions. Nothing else: the app's other settings (the account area's, BASE_URL, secrets) never stop an
 * operator from disabling an account.
 */
import { readSettings } from "../config/read-env.js";
import type { Settings } from "../config/settings.js";

export type StoreSettings = { kind: "file"; file: string } | { kind: "postgres"; url: string };

export interface HydraSettings {
  adminUrl: string;
  timeoutMs: number;
  bearerToken: string | undefined;
  mockTlsTermination: boolean;
}

export interface CommandSettings {
  /** Undefined when neither USERS_FILE nor USERS_DATABASE_URL is set (only `revoke-sessions --id` works then). */
  store: StoreSettings | undefined;
  /** Undefined when HYDRA_ADMIN_URL is not set: sessions cannot be revoked. */
  hydra: HydraSettings | undefined;
  /** Where the app keeps its sign-in limits when they are shared (REDIS_URL); `unlock` needs it. */
  redisUrl: string | undefined;
  /** The directory (LDAP_URL and its LDAP_* settings): `list` shows its accounts, the factor commands work on them. */
  ldap: Settings["ldap"] | undefined;
  /** Email as the app sends it (SMTP_URL and the settings beside it): `invite` needs it. */
  mail: MailCommandSettings | undefined;
}

/** What `invite` needs to send its email as the app would: the SMTP server, the sender, the links' start, the look. */
export interface MailCommandSettings {
  smtpUrl: string;
  user: string | undefined;
  password: string | undefined;
  timeoutMs: number;
  from: string;
  baseUrl: string;
  invitationLinkTtlSeconds: number;
  defaultLanguage: Settings["defaultLanguage"];
  themeDir: string | undefined;
  brandName: string | undefined;
}

const MAIL_VARIABLES = new Set([
  "SMTP_URL",
  "SMTP_USER",
  "SMTP_PASSWORD",
  "MAIL_FROM",
  "SMTP_TIMEOUT_MS",
  "INVITATION_LINK_TTL",
  "BASE_URL",
  "DEFAULT_LANGUAGE",
  "THEME_DIR",
  "BRAND_NAME",
]);

/** The mail settings as the app reads them, only when SMTP_URL is set; a problem with one of them stops the command. */
function mailSettings(env: Record<string, string | undefined>): MailCommandSettings | undefined {
  if ((env.SMTP_URL ?? "") === "") return undefined;
  const { settings, problems } = readSettings(env);
  const ours = problems.find((problem) => problem.variables.some((name) => MAIL_VARIABLES.has(name)));
  if (ours !== undefined) throw new SettingsError(`${ours.variables.join(" and ")}: ${ours.reason}`);
  if (settings.baseUrl === undefined) {
    throw new SettingsError("BASE_URL: required with SMTP_URL (the links in emails need the public address)");
  }
  const baseUrl = settings.baseUrl.replace(/\/+$/, "");
  const { smtpUrl, smtpUser, smtpPassword, from, timeoutMs, invitationLinkTtlSeconds } = settings.mail;
  return {
    smtpUrl: smtpUrl!,
    user: smtpUser,
    password: smtpPassword,
    timeoutMs,
    from: from ?? `no-reply@${new URL(baseUrl).hostname}`,
    baseUrl,
    invitationLinkTtlSeconds,
    defaultLanguage: settings.defaultLanguage,
    themeDir: settings.brand.themeDir,
    brandName: settings.brand.name,
  };
}

/** The LDAP_* settings as the app reads them; a problem with one of them (and only them) stops the command. */
function ldapSettings(env: Record<string, string | undefined>): Settings["ldap"] | undefined {
  if ((env.LDAP_URL ?? "") === "") return undefined;
  const { settings, problems } = readSettings(env);
  const ours = problems.find((problem) => problem.variables.some((name) => name.startsWith("LDAP_")));
  if (ours !== undefined) throw new SettingsError(`${ours.variables.join(" and ")}: ${ours.reason}`);
  if (settings.ldap.userBase === undefined) throw new SettingsError("LDAP_USER_BASE: required with LDAP_URL");
  return settings.ldap;
}

/** A setting the command cannot use; the message names the variable. */
export class SettingsError extends Error {
  override name = "SettingsError";
}

const DEFAULT_HYDRA_TIMEOUT_MS = 5000;

function url(name: string, value: string, protocols: RegExp, expected: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new SettingsError(`${name}: not a URL`);
  }
  if (!protocols.test(parsed.protocol)) throw new SettingsError(`${name}: must be ${expected}`);
  return value;
}

/** Reads the variables the accounts command needs, and only those; throws `SettingsError` naming a bad one. */
export function commandSettings(env: Record<string, string | undefined>): CommandSettings {
  const given = (name: string) => {
    const value = env[name];
    return value === undefined || value === "" ? undefined : value;
  };
  const file = given("USERS_FILE");
  const database = given("USERS_DATABASE_URL");
  if (file !== undefined && database !== undefined) {
    throw new SettingsError("USERS_FILE and USERS_DATABASE_URL: set only one user store");
  }
  const store: StoreSettings | undefined =
    file !== undefined
      ? { kind: "file", file }
      : database !== undefined
        ? { kind: "postgres", url: url("USERS_DATABASE_URL", database, /^postgres(ql)?:$/, "a postgres:// URL") }
        : undefined;

  const adminUrl = given("HYDRA_ADMIN_URL");
  let hydra: HydraSettings | undefined;
  if (adminUrl !== undefined) {
    const timeout = given("HYDRA_TIMEOUT_MS");
    const timeoutMs = timeout === undefined ? DEFAULT_HYDRA_TIMEOUT_MS : Number(timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 120_000) {
      throw new SettingsError("HYDRA_TIMEOUT_MS: must be a whole number of milliseconds from 100 to 120000");
    }
    const apiKey = given("ORY_API_KEY");
    const pat = given("ORY_PAT");
    if (apiKey !== undefined && pat !== undefined && apiKey !== pat) {
      throw new SettingsError("ORY_API_KEY and ORY_PAT: set only one of them");
    }
    hydra = {
      adminUrl: url("HYDRA_ADMIN_URL", adminUrl, /^https?:$/, "an http:// or https:// URL"),
      timeoutMs,
      bearerToken: apiKey ?? pat,
      mockTlsTermination: ["1", "true", "yes"].includes(given("MOCK_TLS_TERMINATION") ?? ""),
    };
  }
  const redis = given("REDIS_URL");
  const redisUrl =
    redis === undefined ? undefined : url("REDIS_URL", redis, /^rediss?:$/, "a redis:// or rediss:// URL");
  return { store, hydra, redisUrl, ldap: ldapSettings(env), mail: mailSettings(env) };
}
