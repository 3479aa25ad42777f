import { createHash, randomBytes } from "node:crypto";
import type { LoginFacts } from "../policy/login-request.js";

/**
 * A sign-in between its first and its second step, kept server-side in the browser's session (never in a cookie),
 * bound to one login challenge. Its `id` names its own counter of wrong codes (at most five, then it is over).
 */
export interface PendingSecondStep {
  id: string;
  /** Bound to one login challenge: the hash, so the session never holds a usable challenge. */
  challengeHash: string;
  userId: string;
  email: string;
  /** What the first step proved (amr), e.g. ["pwd"]; what a remembered login proved, on a step-up. */
  firstFactors: string[];
  remember: boolean;
  expiresAt: number;
  /** What Hydra said of the request when the first step ended: a request never changes at Hydra. */
  facts: LoginFacts;
  /** An upstream identity to link once this step proves the account (sign-in/methods/upstream.ts). */
  upstream?: { providerId: string; subject: string };
}

export const SECOND_STEP_TTL_MS = 5 * 60 * 1000;

export const challengeHash = (challenge: string): string =>
  createHash("sha256").update(`login-challenge:${challenge}`).digest("base64url");

export function pendingSecondStep(input: {
  challenge: string;
  who: { userId: string; email: string };
  firstFactors: string[];
  remember: boolean;
  facts: LoginFacts;
  now: number;
}): PendingSecondStep {
  return {
    id: randomBytes(16).toString("base64url"),
    challengeHash: challengeHash(input.challenge),
    userId: input.who.userId,
    email: input.who.email,
    firstFactors: input.firstFactors,
    remember: input.remember,
    expiresAt: input.now + SECOND_STEP_TTL_MS,
    facts: input.facts,
  };
}

/** The pending sign-in, if it belongs to this challenge and has not expired: a later step cannot be reached otherwise. */
export function pendingFor(
  pending: PendingSecondStep | undefined,
  challenge: string,
  now: number,
): PendingSecondStep | undefined {
  if (pending === undefined || typeof pending.id !== "string" || now > pending.expiresAt) return undefined;
  return pending.challengeHash === challengeHash(challenge) ? pending : undefined;
}

/** The second step a sign-in request goes on to, for this account, after the factors its first step proved. */
export function pendingAfter(
  request: { challenge: string; remember: boolean; facts: LoginFacts },
  user: { id: string; email: string },
  firstFactors: string[],
): PendingSecondStep {
  return pendingSecondStep({
    challenge: request.challenge,
    who: { userId: user.id, email: user.email },
    firstFactors,
    remember: request.remember,
    facts: request.facts,
    now: Date.now(),
  });
}
