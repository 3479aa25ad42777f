import type { MessageKey } from "../i18n/index.js";
import { ROUTES } from "../routes.js";
/** The parts of the account page a message or a re-sign-in belongs to. */
export type AccountArea = "password" | "totp" | "passkey";

/** What the account area knows of the sign-in behind a session, from its id_token. */
export interface SignInProof {
  /** The id_token's `auth_time`, in seconds: when the person last proved who they are, not when we saw it. */
  authTime: number | undefined;
  /** The id_token's `acr`: "2" when a second factor was used in that sign-in. */
  acr: string | undefined;
}

/** Clocks of Hydra and of this app may differ a little; a sign-in "from the future" by this much is still fine. */
const CLOCK_SKEW_SECONDS = 30;

/**
 * Whether a sign-in is recent and strong enough to change how the account signs in: younger than the limit, and
 * with the second factor when the account has one (a stolen session or remembered login lacks exactly that).
 */
export function signInIsRecent(
  proof: SignInProof,
  input: { nowMs: number; reauthAfterSeconds: number; hasSecondFactor: boolean },
): boolean {
  if (proof.authTime === undefined) return false;
  const ageSeconds = input.nowMs / 1000 - proof.authTime;
  if (ageSeconds > input.reauthAfterSeconds || ageSeconds < -CLOCK_SKEW_SECONDS) return false;
  return !input.hasSecondFactor || proof.acr === "2";
}

/**
 * The actions that change how someone signs in, and what happens to each after the person signed in again:
 * `confirm` shows one button that posts it again (its non-secret fields kept), `askAgain` goes back to its part of
 * the page, because what it needs (a password, a code, a new passkey) is never kept.
 */
export const SENSITIVE_ACTIONS = {
  [ROUTES.accountTotpStart.path]: { then: "confirm", label: "account.totp.enroll", fields: [] },
  [ROUTES.accountTotpRemove.path]: { then: "confirm", label: "account.totp.remove", fields: [] },
  [ROUTES.accountRecoveryCodes.path]: { then: "confirm", label: "account.recovery.renew", fields: [] },
  [ROUTES.accountPasskeyRemove.path]: { then: "confirm", label: "account.passkeys.remove", fields: ["credential_id"] },
  [ROUTES.accountSignOutEverywhere.path]: { then: "confirm", label: "account.signOut.everywhere", fields: [] },
  [ROUTES.accountProviderLink.path]: { then: "confirm", label: "account.providers.link", fields: ["provider"] },
  [ROUTES.accountProviderRemove.path]: { then: "confirm", label: "account.providers.remove", fields: ["provider"] },
  [ROUTES.accountTotpConfirm.path]: { then: "askAgain", section: "security", area: "totp" },
  [ROUTES.accountPasskeyAdd.path]: { then: "askAgain", section: "security", area: "passkey" },
  [ROUTES.accountPassword.path]: { then: "askAgain", section: "password", area: "password" },
} as const satisfies Record<
  string,
  | { then: "confirm"; label: MessageKey; fields: readonly string[] }
  | { then: "askAgain"; section: "security" | "password"; area: AccountArea }
>;

export type SensitivePath = keyof typeof SENSITIVE_ACTIONS;

/** The action someone clicked before being sent to sign in again; kept in their session, never a secret. */
export interface PendingAction {
  path: SensitivePath;
  fields: Record<string, string>;
  /** It is offered only for a while: an old click found later is not acted on. */
  expiresAt: number;
}

export const PENDING_ACTION_TTL_MS = 10 * 60 * 1000;
const MAX_FIELD_LENGTH = 1024;

function isSensitivePath(path: string): path is SensitivePath {
  return Object.hasOwn(SENSITIVE_ACTIONS, path);
}

/** Keeps only the fields this action may carry over (named, short strings); everything else is dropped. */
export function pendingAction(
  path: SensitivePath,
  body: Record<string, unknown> | undefined,
  nowMs: number,
): PendingAction {
  const action = SENSITIVE_ACTIONS[path];
  const fields: Record<string, string> = {};
  if (action.then === "confirm") {
    for (const name of action.fields) {
      const value = body?.[name];
      if (typeof value === "string" && value.length <= MAX_FIELD_LENGTH) fields[name] = value;
    }
  }
  return { path, fields, expiresAt: nowMs + PENDING_ACTION_TTL_MS };
}

/** The pending action, when it is still one we offer; anything else in the session is ignored. */
export function stillPending(value: unknown, nowMs: number): PendingAction | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const candidate = value as Partial<PendingAction>;
  if (typeof candidate.path !== "string" || !isSensitivePath(candidate.path)) return undefined;
  if (typeof candidate.expiresAt !== "number" || candidate.expiresAt < nowMs) return undefined;
  return pendingAction(candidate.path, candidate.fields, nowMs);
}

/** Why the account area started a sign-in at Hydra; carried in the pending cookie to the callback. */
export type SignInPurpose = "first" | "first-with-second-factor" | "step-up";

export type CallbackOutcome =
  | { kind: "signed-in" }
  | { kind: "stepped-up" }
  | { kind: "ask-second-factor" }
  | { kind: "refuse"; reason: "no_second_factor" | "not_recent" | "other_person" };

/** What the callback does with a sign-in Hydra vouched for, given why it was started. */
export function callbackOutcome(input: {
  purpose: SignInPurpose;
  proof: SignInProof;
  hasSecondFactor: boolean;
  /** For a step-up: whether the one who signed in again is the one whose session asked for it. */
  samePerson: boolean;
  nowMs: number;
  reauthAfterSeconds: number;
}): CallbackOutcome {
  const secondFactorMissing = input.hasSecondFactor && input.proof.acr !== "2";
  if (input.purpose === "step-up") {
    if (!input.samePerson) return { kind: "refuse", reason: "other_person" };
    if (secondFactorMissing) return { kind: "refuse", reason: "no_second_factor" };
    if (!signInIsRecent(input.proof, input)) return { kind: "refuse", reason: "not_recent" };
    return { kind: "stepped-up" };
  }
  if (!secondFactorMissing) return { kind: "signed-in" };
  // Asked once: an answer that still lacks the second factor after we asked for it is refused, not asked again.
  return input.purpose === "first" ? { kind: "ask-second-factor" } : { kind: "refuse", reason: "no_second_factor" };
}
