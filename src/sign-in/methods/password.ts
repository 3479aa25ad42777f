import { authenticate } from "../../identity/authenticate.js";
import { afterFirstStep, limitedCheck, type SignInContext } from "../context.js";
import type { SignInOutcome, SignInRequest } from "../outcome.js";
import { checkDirectoryPassword, type PasswordOwner } from "./directory-password.js";

/** The password check alone, counted: for the login form and for the account page's "current password". */
export async function checkPassword(
  context: SignInContext,
  input: { email: string; password: string; ip: string },
): Promise<
  | Extract<SignInOutcome, { kind: "failed" | "locked" }>
  | { kind: "accepted"; user: import("../../identity/user.js").User }
> {
  // A store that owns its passwords (a directory) checks them itself: methods/directory-password.ts.
  const { users } = context;
  if (users.findPasswordHolder !== undefined && users.checkHolderPassword !== undefined) {
    return checkDirectoryPassword(context, users as typeof users & PasswordOwner, input);
  }
  const result = await limitedCheck(context, "password", { account: input.email, ip: input.ip }, async () => {
    const user = await authenticate(context.users, input.email, input.password);
    return user === undefined ? undefined : { user, factors: ["pwd"] };
  });
  if (result.kind === "proved") return { kind: "accepted", user: result.user };
  return result as Extract<SignInOutcome, { kind: "failed" | "locked" }>;
}

/** The first step with an email and a password; then on to the second step when one is needed. */
export async function signInWithPassword(
  context: SignInContext,
  input: { email: string; password: string; ip: string; request: SignInRequest },
): Promise<SignInOutcome> {
  const checked = await checkPassword(context, input);
  if (checked.kind !== "accepted") return checked;
  return afterFirstStep(context, {
    user: checked.user,
    firstFactors: ["pwd"],
    request: input.request,
    step: "password",
    rememberedLogin: false,
  });
}
