import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startMailpit } from "../../test/support/mailpit.js";
import { writeUsersFile, type Person } from "./fixtures.js";
import { mailpitBinary } from "./mailpit.js";
import { freePort } from "./processes.js";
import { startStack, type Stack } from "./stack.js";

/**
 * Two real OAuth2 servers for the federation tests (issue 23): an "upstream" stack (its own Hydra and a second
 * instance of this app, with its own users file, serving that Hydra's login and consent) and the main stack, whose
 * app signs people in with the upstream through UPSTREAM_PROVIDERS_FILE (with REGISTRATION=open, and a Mailpit for the
 * mail that needs, so that `link: create` may make accounts).
 *
 * Cookies ignore ports, so two servers on one host share a cookie jar by name:
 *   main app      http://localhost:A   hlc.* cookies on "localhost"
 *   main Hydra    http://127.0.0.1:B   ory_hydra_* cookies on "127.0.0.1"
 *   upstream app  http://127.0.0.1:C   hlc.* cookies on "127.0.0.1" (not the main app's host)
 *   upstream Hydra http://127.0.0.1:D  upstream_hydra_* cookies (renamed: it shares the main Hydra's host)
 * So no server ever reads or overwrites another one's cookie.
 */
const UPSTREAM_HYDRA_COOKIES = {
  SERVE_COOKIES_NAMES_SESSION: "upstream_hydra_session",
  SERVE_COOKIES_NAMES_LOGIN_CSRF: "upstream_hydra_login_csrf",
  SERVE_COOKIES_NAMES_CONSENT_CSRF: "upstream_hydra_consent_csrf",
} as const;

export interface ProviderSetup {
  id: string;
  name: string;
  link: "create" | "existing" | "none";
  /** Any other entry of the providers file (acr, allowed_domains, domains, claims, icon). */
  extra?: Record<string, unknown>;
}

export interface FederationOptions {
  /** The upstream's own accounts (its users file). */
  upstreamPeople: readonly Person[];
  /** The main app's local accounts (its users file). */
  localPeople: readonly Person[];
  /** One client per provider is registered at the upstream Hydra, each named in the providers file. */
  providers: readonly ProviderSetup[];
  mainAppEnv?: Record<string, string>;
}

export interface Federation {
  main: Stack;
  upstream: Stack;
  /** The main app's users file: accounts made by `link: create` appear here. */
  mainUsersFile: string;
  upstreamUsersFile: string;
  providersFile: string;
  /** Changes an upstream account's email in its users file (the upstream app reloads it); resolves once it has. */
  changeUpstreamEmail(id: string, email: string): Promise<void>;
  stop(): Promise<void>;
}

interface StoredAccount {
  id: string;
  email: string;
  [key: string]: unknown;
}

export function readAccounts(usersFile: string): StoredAccount[] {
  return JSON.parse(readFileSync(usersFile, "utf8")) as StoredAccount[];
}

/** Registers our main app at the upstream Hydra as a first-party client (no consent screen there). */
async function registerAtUpstream(upstream: Stack, redirectUri: string): Promise<{ id: string; secret: string }> {
  const id = `main-app-${randomBytes(6).toString("hex")}`;
  const secret = randomBytes(24).toString("base64url");
  const response = await fetch(`${upstream.hydra.adminUrl}/admin/clients`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      client_id: id,
      client_name: "Main login app",
      client_secret: secret,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      scope: "openid email profile",
      redirect_uris: [redirectUri],
      // Hydra's default, and the providers file's.
      token_endpoint_auth_method: "client_secret_basic",
      skip_consent: true,
    }),
  });
  if (response.status !== 201)
    throw new Error(`registering at the upstream: ${response.status} ${await response.text()}`);
  return { id, secret };
}

/**
 * The upstream Hydra makes its signing key on the first discovery or JWKS request (RSA, seconds on a busy machine),
 * longer than the app waits for a provider; done here once, as a provider that has been up a while has.
 */
async function warmUp(upstream: Stack): Promise<void> {
  for (const wellKnown of ["/.well-known/openid-configuration", "/.well-known/jwks.json"]) {
    const response = await fetch(`${upstream.hydra.publicUrl}${wellKnown}`, { signal: AbortSignal.timeout(60_000) });
    if (!response.ok) throw new Error(`upstream Hydra ${wellKnown}: ${response.status}`);
  }
}

/** Providers file entries as YAML (JSON is YAML): one per provider, each with its own client at the upstream. */
function providersYaml(entries: Record<string, unknown>[]): string {
  return entries.map((entry) => `- ${JSON.stringify(entry)}`).join("\n") + "\n";
}

export async function startFederation(options: FederationOptions): Promise<Federation> {
  const stoppers: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const stopOne of stoppers.reverse()) await stopOne().catch(() => undefined);
  };
  try {
    const upstreamUsersFile = await writeUsersFile(options.upstreamPeople);
    const upstream = await startStack({
      storage: "memory",
      accountArea: false,
      appHost: "127.0.0.1",
      hydraEnv: UPSTREAM_HYDRA_COOKIES,
      logPrefix: "upstream-",
      appEnv: {
        NODE_ENV: "development",
        SESSION_SECRET: "e2e-upstream-session-secret-0123456789abcdef",
        USERS_FILE: upstreamUsersFile,
      },
    });
    stoppers.push(() => upstream.stop());
    await warmUp(upstream);

    // The main app's port first: the redirect URIs registered at the upstream name it.
    const ports = { app: await freePort(), hydraPublic: await freePort(), hydraAdmin: await freePort() };
    const mainBaseUrl = `http://localhost:${ports.app}`;
    const entries: Record<string, unknown>[] = [];
    for (const provider of options.providers) {
      const client = await registerAtUpstream(upstream, `${mainBaseUrl}/login/provider/${provider.id}/callback`);
      entries.push({
        id: provider.id,
        name: provider.name,
        issuer: `${upstream.hydra.publicUrl}/`,
        client_id: client.id,
        client_secret: client.secret,
        scopes: ["openid", "email", "profile"],
        link: provider.link,
        ...provider.extra,
      });
    }
    const dir = mkdtempSync(path.join(os.tmpdir(), "providers-"));
    const providersFile = path.join(dir, "providers.yaml");
    writeFileSync(providersFile, providersYaml(entries));
    const mainUsersFile = await writeUsersFile(options.localPeople);
    // `link: create` makes accounts only where sign-up is open, which needs mail: a catcher of the main app's own.
    const mailpit = await startMailpit({ bin: mailpitBinary() });
    stoppers.push(() => mailpit.stop());
    const main = await startStack({
      storage: "memory",
      ports,
      logPrefix: "main-",
      appEnv: {
        NODE_ENV: "development",
        SESSION_SECRET: "e2e-federation-session-secret-0123456789ab",
        USERS_FILE: mainUsersFile,
        UPSTREAM_PROVIDERS_FILE: providersFile,
        REGISTRATION: "open",
        SMTP_URL: mailpit.smtpUrl,
        ...options.mainAppEnv,
      },
    });
    stoppers.push(() => main.stop());

    const changeUpstreamEmail = async (id: string, email: string) => {
      const accounts = readAccounts(upstreamUsersFile).map((account) =>
        account.id === id ? { ...account, email } : account,
      );
      // Replaced atomically, as the accounts command does; the app watches the folder and reloads.
      const next = `${upstreamUsersFile}.next`;
      writeFileSync(next, JSON.stringify(accounts));
      renameSync(next, upstreamUsersFile);
      await new Promise((resolve) => setTimeout(resolve, 500));
    };
    return { main, upstream, mainUsersFile, upstreamUsersFile, providersFile, changeUpstreamEmail, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
