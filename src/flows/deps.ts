import type { RequestHandler } from "express";
import type { Config } from "../config.js";
import type { Passkeys } from "../identity/factors/passkeys.js";
import { AppError } from "../errors.js";
import type { HydraAdmin } from "../hydra.js";
import type { Renderer } from "../http/render.js";
import type { SignIn } from "../identity/sign-in.js";
import type { UserStore } from "../identity/store.js";
import type { Audit } from "../observability/audit.js";
import type { Metrics } from "../observability/metrics.js";
import { readChallenge } from "../http/challenge.js";

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
  /** Passkey ceremonies; undefined when BASE_URL has no host name. */
  passkeys: Passkeys | undefined;
}

/** The challenge, or a 400 that says what is wrong with it. Never sends "undefined" to Hydra. */
export function requireChallenge(raw: unknown): string {
  const read = readChallenge(raw);
  if (read.ok) return read.challenge;
  return badChallenge(read.problem);
}

function badChallenge(problem: string): never {
  throw new AppError({
    status: 400,
    titleKey: "error.badRequest.title",
    detailKey: problem === "missing" ? "error.challenge.missing" : "error.challenge.invalid",
    message: `challenge ${problem}`,
  });
}

export const DENIED = {
  error: "access_denied",
  error_description: "The resource owner denied the request",
} as const;

/** A short, loggable prefix of a challenge: enough to correlate, useless to replay. */
export const challengeRef = (challenge: string): string => challenge.slice(0, 8);

export function clientName(client: { client_name?: string; client_id?: string } | undefined): string {
  return client?.client_name || client?.client_id || "An application";
}
