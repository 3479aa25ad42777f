import { createHash } from "node:crypto";
import type { LoginFacts } from "../flows/login-facts.js";
import type { AccountFactors } from "../identity/factors/types.js";

/** Whether a sign-in needs a second step after the first, and whether the account can give one. */
export type SecondStep = "none" | "required" | "unavailable";

/**
 * An account with a second factor always uses it after a password. A demand (the account's own flag, a client in
 * MFA_REQUIRED_CLIENT_IDS, or `acr_values` asking for "2") on an account without one cannot be met: the person is
 * told so and sent to enrol. A login Hydra remembers (skip) needs the second step only when it is demanded
 * (step-up); otherwise "remember me" would mean nothing.
 */
export function secondStepFor(input: {
  factors: Pick<AccountFactors, "totp" | "passkeys" | "mfaRequired">;
  clientId: string | undefined;
  acrValues: readonly string[] | undefined;
  requiredClientIds: readonly string[];
  rememberedLogin: boolean;
}): SecondStep {
  const has = input.factors.totp !== undefined || input.factors.passkeys.length > 0;
  const demanded =
    input.factors.mfaRequired ||
    (input.clientId !== undefined && input.requiredClientIds.includes(input.clientId)) ||
    asksForTwoFactors(input.acrValues);
  if (input.rememberedLogin && !demanded) return "none";
  if (has) return "required";
  return demanded ? "unavailable" : "none";
}

/** `acr_values` asking for our level "2" (or anything stronger we do not know, which only "2" can meet). */
export function asksForTwoFactors(acrValues: readonly string[] | undefined): boolean {
  return (acrValues ?? []).some((value) => value === "2");
}

/** Where a sign-in stands between its steps; kept server-side in the browser's session. */
export interface PendingSignIn {
  /** Bound to one login challenge: the hash, so the session never holds a usable challenge. */
  challengeHash: string;
  userId: string;
  email: string;
  /** What the first step proved (amr), e.g. ["pwd"]; empty when Hydra remembered the login (step-up). */
  firstFactors: string[];
  remember: boolean;
  expiresAt: number;
  /**
   * What Hydra said of the request when the first step ended (client, acr_values, ui_locales): a request never
   * changes at Hydra, so the later steps need not ask again. Absent from sessions written before it was kept.
   */
  facts?: LoginFacts;
}

export const SECOND_STEP_TTL_MS = 5 * 60 * 1000;

export const challengeHash = (challenge: string): string =>
  createHash("sha256").update(`login-challenge:${challenge}`).digest("base64url");

export function pendingSignIn(
  challenge: string,
  who: { userId: string; email: string },
  firstFactors: string[],
  remember: boolean,
  now: number,
  facts: LoginFacts,
): PendingSignIn {
  return {
    challengeHash: challengeHash(challenge),
    userId: who.userId,
    email: who.email,
    firstFactors,
    remember,
    expiresAt: now + SECOND_STEP_TTL_MS,
    facts,
  };
}

/** The pending sign-in, if it belongs to this challenge and has not expired: a later step cannot be reached otherwise. */
export function pendingFor(
  pending: PendingSignIn | undefined,
  challenge: string,
  now: number,
): PendingSignIn | undefined {
  if (pending === undefined || now > pending.expiresAt) return undefined;
  return pending.challengeHash === challengeHash(challenge) ? pending : undefined;
}

/**
 * The acr and amr that go into the accept: what was really used (RFC 8176). Two factors ("2") means something
 * held (a one-time code, a passkey) and something known or inherent (a password, or the passkey's own user
 * verification, "user").
 */
export function assurance(factors: readonly string[]): { acr: string; amr: string[] } {
  const amr = [...new Set(factors)];
  const held = amr.some((factor) => factor === "otp" || factor === "hwk" || factor === "swk");
  const known = amr.includes("pwd") || amr.includes("user");
  return { acr: held && known ? "2" : "1", amr };
}
