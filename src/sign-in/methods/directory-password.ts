import type { User } from "../../identity/user.js";
import { limitedCheck, type SignInContext } from "../context.js";
import type { SignInOutcome } from "../outcome.js";

/**
 * The password check of a store that owns its passwords (a directory, LDAP_URL): counted under the password step
 * like any other, so the limits apply before the directory sees a bind; the directory's own lockout is not relied
 * on. The store searches, then binds as the entry; a disabled entry is refused like a wrong password.
 */
export async function checkDirectoryPassword(
  context: SignInContext,
  check: (email: string, password: string) => Promise<User | undefined>,
  input: { email: string; password: string; ip: string },
): Promise<Extract<SignInOutcome, { kind: "failed" | "locked" }> | { kind: "accepted"; user: User }> {
  const result = await limitedCheck(context, "password", { account: input.email, ip: input.ip }, async () => {
    const user = await check(input.email, input.password);
    return user === undefined ? undefined : { user, factors: ["pwd"] };
  });
  if (result.kind === "proved") return { kind: "accepted", user: result.user };
  return result as Extract<SignInOutcome, { kind: "failed" | "locked" }>;
}
