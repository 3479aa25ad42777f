import { randomBytes } from "node:crypto";
import { startApp, type RunningApp } from "./app.js";
import { hydraBinary, startHydra, type Hydra } from "./hydra.js";
import { startPostgres, type Postgres } from "./postgres.js";
import { freePort, run } from "./processes.js";

export interface StackOptions {
  storage: "memory" | "postgres";
  /** Fixed ports (the local quickstart); free ones otherwise. */
  ports?: { app: number; hydraPublic: number; hydraAdmin: number };
  appEnv?: Record<string, string>;
  /** Where browsers reach the app: localhost by default (WebAuthn needs a host name); 127.0.0.1 keeps a second
   * app's cookies apart from the first one's, since cookies ignore ports. */
  appHost?: "localhost" | "127.0.0.1";
  /** Extra Hydra settings, such as its cookie names (SERVE_COOKIES_NAMES_*) when two Hydras share a host. */
  hydraEnv?: Record<string, string>;
  /** Prefixes the log files' names (`<prefix>hydra.log`, `<prefix>app.log`) so that two stacks keep both logs. */
  logPrefix?: string;
  /** Register the account area's client and turn /account on (default); the bench runs without it. */
  accountArea?: boolean;
  /** Extra node flags for the app, such as --cpu-prof. */
  appNodeArgs?: string[];
  echo?: boolean;
}

export interface Stack {
  /** The app as browsers reach it (localhost unless `appHost` says otherwise); `app.url` is its 127.0.0.1 address. */
  appPublicUrl: string;
  hydraBin: string;
  hydra: Hydra;
  app: RunningApp;
  postgres: Postgres | undefined;
  stop(): Promise<void>;
}

export const ACCOUNT_CLIENT_ID = "account-area";

/**
 * The account area's OpenID Connect client, registered with Hydra's CLI before the app starts, and the app's
 * variables that turn the area on. First party: no consent screen, no logout question.
 */
async function createAccountClient(hydraBin: string, hydra: Hydra, appUrl: string): Promise<Record<string, string>> {
  const secret = randomBytes(24).toString("base64url");
  await run(hydraBin, [
    "create",
    "oauth2-client",
    "--endpoint",
    hydra.adminUrl,
    "--id",
    ACCOUNT_CLIENT_ID,
    "--secret",
    secret,
    "--name",
    "Your account",
    "--grant-type",
    "authorization_code",
    "--response-type",
    "code",
    "--scope",
    "openid,email,profile",
    "--redirect-uri",
    `${appUrl}/account/callback`,
    "--post-logout-callback",
    `${appUrl}/logged-out`,
    "--skip-consent",
    "--skip-logout-consent",
  ]);
  return {
    BASE_URL: appUrl,
    HYDRA_PUBLIC_URL: hydra.publicUrl,
    ACCOUNT_CLIENT_ID,
    ACCOUNT_CLIENT_SECRET: secret,
  };
}

/** PostgreSQL (when asked), Hydra and the app, wired to each other, on 127.0.0.1. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const hydraBin = hydraBinary();
  const appPort = options.ports?.app ?? (await freePort());
  const publicPort = options.ports?.hydraPublic ?? (await freePort());
  const adminPort = options.ports?.hydraAdmin ?? (await freePort());
  // A host name, not an IP address: WebAuthn refuses IP addresses as relying party ids. The app still listens on
  // 127.0.0.1 only; Chromium resolves localhost to the loopback address.
  const appUrl = `http://${options.appHost ?? "localhost"}:${appPort}`;
  const stoppers: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const stopOne of stoppers.reverse()) await stopOne().catch(() => undefined);
  };
  try {
    let postgres: Postgres | undefined;
    let dsn = "memory";
    if (options.storage === "postgres") {
      postgres = await startPostgres();
      stoppers.push(() => postgres!.stop());
      await postgres.createDatabase("hydra");
      dsn = postgres.url("hydra");
    }
    const hydra = await startHydra({
      bin: hydraBin,
      dsn,
      publicPort,
      adminPort,
      appUrl,
      extraEnv: options.hydraEnv,
      echo: options.echo,
      logName: `${options.logPrefix ?? ""}hydra`,
    });
    stoppers.push(() => hydra.stop());
    const accountEnv = options.accountArea === false ? {} : await createAccountClient(hydraBin, hydra, appUrl);
    const app = await startApp(
      appPort,
      { HYDRA_ADMIN_URL: hydra.adminUrl, ...accountEnv, ...options.appEnv },
      {
        echo: options.echo,
        nodeArgs: options.appNodeArgs,
        logName: `${options.logPrefix ?? ""}app`,
      },
    );
    stoppers.push(() => app.stop());
    return { appPublicUrl: appUrl, hydraBin, hydra, app, postgres, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
