import { activeUser, afterFirstStep, type SignInContext } from "../context.js";
import type { SignInOutcome, SignInRequest } from "../outcome.js";

/**
 * A login Hydra remembers (skip): the account is looked up again (disabled or gone: refused), and when the
 * client, the request or the account demands two factors (step-up) the second step follows, built on what the
 * remembered login really proved. When that is not known (kept before this version, or lost with a restart of an
 * instance without Redis), the person signs in again rather than have a password guessed into their amr.
 */
export async function signInRemembered(
  context: SignInContext,
  input: { subject: string; request: SignInRequest },
): Promise<SignInOutcome> {
  const user = await activeUser(context, input.subject);
  if (user === undefined) return { kind: "refused", reason: "account_unavailable" };
  const recalled = await context.rememberedLogins.recall(input.request.facts.sessionId, user.id);
  const firstFactors = recalled?.amr ?? [];
  const outcome = await afterFirstStep(context, {
    user,
    firstFactors,
    request: input.request,
    step: "remembered",
    rememberedLogin: true,
  });
  // A first factor we know of: a password, a passkey's user verification, or a sign-in at another provider ("fed").
  const knowsFirstFactor = firstFactors.some((factor) => factor === "pwd" || factor === "user" || factor === "fed");
  if (outcome.kind === "second_step" && !knowsFirstFactor) {
    return { kind: "refused", reason: "sign_in_again", email: user.email };
  }
  return outcome;
}
