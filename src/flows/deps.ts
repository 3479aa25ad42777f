import type { RequestHandler } from "express";
import type { Config } from "../config.js";
import { BadRequest } from "../errors.js";
import type { HydraAdmin } from "../hydra.js";
import type { Renderer } from "../http/render.js";
import type { UserStore } from "../identity/store.js";
import type { Audit } from "../observability/audit.js";
import type { Metrics } from "../observability/metrics.js";
import { readChallenge } from "../http/challenge.js";
import type { SignIn } from "../sign-in/index.js";

export { clientName } from "../policy/login-request.js";

/** What every flow's routes are built from; tests pass their own. */
export interface FlowDeps {
  config: Config;
  hydra: HydraAdmin;
  users: UserStore;
  render: Renderer;
  audit: Audit;
  signIn: SignIn;
  metrics: Metrics;
  /** How an account is named in audit lines (its email, or a keyed hash of it). */
  accountRef: (email: string) => string;
  /** Server-side sessions, mounted only on routes that may sign someone in (they begin at sign-in). */
  sessions: RequestHandler;
  /** Passkey ceremonies of the account area; undefined when BASE_URL has no host name. */
  passkeys: import("../identity/factors/passkeys.js").Passkeys | undefined;
  /** Identity providers to sign in with (issue 23), when UPSTREAM_PROVIDERS_FILE names some. */
  upstream?: {
    client: import("../federation/upstream-client.js").UpstreamClient;
    providers: readonly import("../config/upstream-providers.js").UpstreamProvider[];
  };
  /** Emails about the account (issue 22), when SMTP_URL is set. */
  notices?: { accountLocked(email: string, ip: string): void };
}

/** The challenge, or a 400 that says what is wrong with it. Never sends "undefined" to Hydra. */
export function requireChallenge(raw: unknown): string {
  const read = readChallenge(raw);
  if (read.ok) return read.challenge;
  throw new BadRequest(read.problem === "missing" ? "challenge_missing" : "challenge_invalid", {
    message: `challenge ${read.problem}`,
  });
}

/** The deny that Hydra's own tests expect. */
export const DENIED = {
  error: "access_denied",
  error_description: "The resource owner denied the request",
} as const;

/** The refusal of an account that is disabled or gone. */
export const DENIED_ACCOUNT = {
  error: "access_denied",
  error_description: "The account cannot sign in",
} as const;

/** A short, loggable prefix of a challenge: enough to correlate, useless to replay. */
export const challengeRef = (challenge: string): string => challenge.slice(0, 8);
