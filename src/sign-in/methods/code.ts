import { Unavailable } from "../../errors.js";
import { hashRecoveryCode, looksLikeRecoveryCode } from "../../identity/factors/recovery-codes.js";
import { verifyTotp } from "../../identity/factors/totp.js";
import { assurance } from "../../policy/second-step.js";
import { activeUser, limitedCheck, type SignInContext } from "../context.js";
import type { SignInOutcome } from "../outcome.js";
import type { PendingSecondStep } from "../pending.js";
import { linkProvedAccount } from "./upstream.js";

/**
 * A TOTP code (each 30-second step once) or a recovery code (each code once), atomically in the store. A sealed
 * secret that no configured key opens is a 503 (the operator changed MFA_ENCRYPTION_KEY), never a 500.
 */
async function codeMatches(context: SignInContext, userId: string, code: string): Promise<boolean> {
  if (looksLikeRecoveryCode(code)) return context.users.consumeRecoveryCode(userId, hashRecoveryCode(code));
  const { totp } = await context.users.getFactors(userId);
  if (totp === undefined) return false;
  let secret: string;
  try {
    secret = context.secretBox.open(totp.sealedSecret);
  } catch (error) {
    context.onUnreadableFactor(userId);
    throw new Unavailable("second_factor_unreadable", {
      message: "a TOTP secret no configured key opens",
      cause: error,
    });
  }
  const step = verifyTotp(secret, code);
  return step !== undefined && context.users.useTotpStep(userId, step);
}

/** The second step with a one-time code: its own counter per account and per pending sign-in (five tries). */
export async function signInWithCode(
  context: SignInContext,
  input: { pending: PendingSecondStep; code: string; ip: string },
): Promise<SignInOutcome> {
  const { pending } = input;
  const user = await activeUser(context, pending.userId);
  if (user === undefined) return { kind: "refused", reason: "account_unavailable" };
  const result = await limitedCheck(
    context,
    "code",
    { account: pending.userId, ip: input.ip, pendingId: pending.id },
    async () => ((await codeMatches(context, user.id, input.code)) ? { user, factors: ["otp"] } : undefined),
  );
  if (result.kind !== "proved") return result;
  const accepted = { kind: "accepted", user, ...assurance([...pending.firstFactors, "otp"]), step: "code" } as const;
  if (pending.upstream === undefined) return accepted;
  const linked = await linkProvedAccount(context, user.id, pending.upstream);
  return linked ? { ...accepted, linkedProvider: pending.upstream.providerId } : accepted;
}
