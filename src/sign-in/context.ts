import { setTimeout as sleep } from "node:timers/promises";
import type { Passkeys } from "../identity/factors/passkeys.js";
import type { SecretBox } from "../identity/factors/secret-box.js";
import type { UserStore } from "../identity/store.js";
import type { User } from "../identity/user.js";
import { failureDelayMs } from "../policy/brute-force.js";
import { assurance, secondStepFor } from "../policy/second-step.js";
import type { AccountOf, Limits, Step } from "./limits.js";
import type { SignInOutcome, SignInRequest } from "./outcome.js";
import type { PasskeyProofs } from "./passkey-proofs.js";
import { pendingAfter } from "./pending.js";
import type { RememberedLogins } from "./remembered-logins.js";

/** What every sign-in method is built from. */
export interface SignInContext {
  /** Already guarded (identity/guarded-store.ts): its failures are our error pages. */
  users: UserStore;
  limits: Limits;
  passkeyProofs: PasskeyProofs;
  rememberedLogins: RememberedLogins;
  /** First extra delay on a failed check (it grows with the failures); 0 turns it off. */
  failureDelayMs: number;
  /** Opens sealed TOTP secrets. */
  secretBox: SecretBox;
  /** Passkey ceremonies; undefined when BASE_URL has no host name. */
  passkeys: Passkeys | undefined;
  requiredClientIds: readonly string[];
  /** Whether a person asked for a factor they lack may go and enrol one (MFA_ENROL_DURING_SIGN_IN). */
  enrolDuringSignIn: boolean;
  /**
   * Makes accounts for an identity provider's first sign-in with `link: create`: present only with REGISTRATION=open
   * (and a store that can add accounts), limited to REGISTRATION_DOMAINS when any are listed; absent, none are made.
   */
  accountCreation?:
    | {
        add: (record: import("../identity/account-record.js").AccountRecord) => Promise<void>;
        domains: readonly string[];
      }
    | undefined;
  /** A stored second factor no configured key opens (MFA_ENCRYPTION_KEY changed): for the audit log. */
  onUnreadableFactor(userId: string): void;
}

/** The account, when it may sign in: an account that is gone or disabled may not, whatever it proves. */
export async function activeUser(context: SignInContext, id: string): Promise<User | undefined> {
  const user = await context.users.findById(id);
  return user === undefined || user.disabled ? undefined : user;
}

/**
 * One counted attempt around a check: reserved before it (so concurrency cannot multiply checks), settled by its
 * result. The check returns who it proved and with which factors, or undefined.
 */
export async function limitedCheck(
  context: SignInContext,
  step: Step,
  who: { account: AccountOf; ip: string; pendingId?: string },
  check: () => Promise<{ user: User; factors: string[] } | undefined>,
): Promise<{ kind: "proved"; user: User; factors: string[] } | Exclude<SignInOutcome, { kind: "accepted" }>> {
  const reservation = await context.limits.reserve(step, who);
  if (reservation.locked) {
    if (reservation.scope === "sign_in") return { kind: "failed", step, failures: 0, restart: true };
    return {
      kind: "locked",
      step,
      retryAfterMs: reservation.retryAfterMs,
      scope: reservation.scope,
      when: "before_check",
    };
  }
  let proved;
  try {
    proved = await check();
  } catch (error) {
    await reservation.release().catch(() => undefined);
    throw error;
  }
  if (proved === undefined) {
    const verdict = await reservation.failed();
    if (verdict.locked) {
      if (verdict.scope === "sign_in") return { kind: "failed", step, failures: 0, restart: true };
      return { kind: "locked", step, retryAfterMs: verdict.retryAfterMs, scope: verdict.scope, when: "this_failure" };
    }
    await sleep(failureDelayMs(verdict.failures, context.failureDelayMs));
    return { kind: "failed", step, failures: verdict.failures, restart: false };
  }
  await reservation.succeeded();
  return { kind: "proved", ...proved };
}

/**
 * After a first step (or a remembered login) proved `firstFactors`: accepted when that is enough, else the second
 * step when the account can give one, else "factor missing".
 */
export async function afterFirstStep(
  context: SignInContext,
  input: {
    user: User;
    firstFactors: string[];
    request: SignInRequest;
    step: Step | "remembered" | "registered";
    rememberedLogin: boolean;
  },
): Promise<SignInOutcome> {
  const { user, firstFactors, request } = input;
  const proved = assurance(firstFactors);
  const factors = await context.users.getFactors(user.id);
  // Two factors proved in this very sign-in are enough. A remembered login's are not, when two are demanded: the
  // step-up asks the second factor again, so that amr and acr say what was proved now.
  const needed =
    proved.acr === "2" && !input.rememberedLogin
      ? "none"
      : secondStepFor({
          factors,
          clientId: request.facts.clientId,
          acrValues: request.facts.acrValues,
          requiredClientIds: context.requiredClientIds,
          rememberedLogin: input.rememberedLogin,
        });
  if (needed === "none") return { kind: "accepted", user, ...proved, step: input.step };
  if (needed === "unavailable") return { kind: "factor_missing", user, canEnrol: context.enrolDuringSignIn };
  return {
    kind: "second_step",
    pending: pendingAfter(request, user, firstFactors),
  };
}
