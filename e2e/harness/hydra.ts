import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { projectRoot, run, startProcess, waitForHttp, type Started } from "./processes.js";

/** The Hydra binary: HYDRA_BIN, or ours, built from the Go module proxy by scripts/hydra-build.sh. */
export function hydraBinary(): string {
  try {
    return execFileSync("bash", [path.join(projectRoot, "scripts/hydra-build.sh")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }).trim();
  } catch (error) {
    throw new Error(`Hydra could not be built or found (scripts/hydra-build.sh failed): ${String(error)}`);
  }
}

export interface HydraOptions {
  bin: string;
  /** "memory" for one flow at a time; a postgres:// URL for anything parallel. */
  dsn: string;
  publicPort: number;
  adminPort: number;
  appUrl: string;
  extraEnv?: Record<string, string>;
  echo?: boolean;
  /** The log file's name (hydra.log by default): two Hydras at once need two. */
  logName?: string;
}

export interface Hydra {
  publicUrl: string;
  adminUrl: string;
  process: Started;
  stop(): Promise<void>;
}

export async function startHydra(options: HydraOptions): Promise<Hydra> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DSN: options.dsn,
    SECRETS_SYSTEM: randomBytes(24).toString("hex"),
    URLS_SELF_ISSUER: `http://127.0.0.1:${options.publicPort}/`,
    URLS_LOGIN: `${options.appUrl}/login`,
    URLS_CONSENT: `${options.appUrl}/consent`,
    URLS_LOGOUT: `${options.appUrl}/logout`,
    // Where Hydra sends the browser after a logout that names no post_logout_redirect_uri (the app's "You are
    // signed out" page); unset, Hydra shows its own developer page "The Default Post Logout URL is not set".
    URLS_POST_LOGOUT_REDIRECT: `${options.appUrl}/logged-out`,
    URLS_ERROR: `${options.appUrl}/error`,
    URLS_DEVICE_VERIFICATION: `${options.appUrl}/device/verify`,
    URLS_DEVICE_SUCCESS: `${options.appUrl}/device/success`,
    SERVE_PUBLIC_HOST: "127.0.0.1",
    SERVE_PUBLIC_PORT: String(options.publicPort),
    SERVE_ADMIN_HOST: "127.0.0.1",
    SERVE_ADMIN_PORT: String(options.adminPort),
    LOG_LEVEL: "info",
    LOG_LEAK_SENSITIVE_VALUES: "true",
    OAUTH2_EXPOSE_INTERNAL_ERRORS: "true",
    ...options.extraEnv,
  };
  if (options.dsn !== "memory") await run(options.bin, ["migrate", "sql", "-e", "--yes"], env);
  const started = startProcess(
    options.logName ?? "hydra",
    options.bin,
    ["serve", "all", "--dev", "--sqa-opt-out"],
    env,
    {
      echo: options.echo,
    },
  );
  const publicUrl = `http://127.0.0.1:${options.publicPort}`;
  const adminUrl = `http://127.0.0.1:${options.adminPort}`;
  try {
    await waitForHttp(`${adminUrl}/health/ready`, started, 60_000);
    await waitForHttp(`${publicUrl}/health/ready`, started, 60_000);
  } catch (error) {
    await started.stop();
    throw error;
  }
  return { publicUrl, adminUrl, process: started, stop: () => started.stop() };
}
