import { activeUser, afterFirstStep, type SignInContext } from "../context.js";
import type { SignInOutcome, SignInRequest } from "../outcome.js";

/**
 * The sign-in that ends a sign-up: the person has just chosen the account's password on this request, which proves
 * it as a typed password would (amr ["pwd"], acr "1"). Only the sign-up route calls it, with the id of the account
 * it has just created. The account is looked up again like every accept, and a client or request that demands two
 * factors gets what it would get after a password: a new account has none, so "factor missing" (or enrolment).
 */
export async function signInRegistered(
  context: SignInContext,
  input: { createdUserId: string; request: SignInRequest },
): Promise<SignInOutcome> {
  const user = await activeUser(context, input.createdUserId);
  if (user === undefined) return { kind: "refused", reason: "account_unavailable" };
  return afterFirstStep(context, {
    user,
    firstFactors: ["pwd"],
    request: input.request,
    step: "registered",
    rememberedLogin: false,
  });
}
