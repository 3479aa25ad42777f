import type { PasswordHolder } from "../../identity/store.js";
import type { User } from "../../identity/user.js";
import { limitedCheck, type SignInContext } from "../context.js";
import type { SignInOutcome } from "../outcome.js";

/** A user store that owns its passwords (a directory): the two steps of its check. */
export interface PasswordOwner {
  findPasswordHolder(typed: string): Promise<PasswordHolder | undefined>;
  checkHolderPassword(holder: PasswordHolder | undefined, password: string): Promise<User | undefined>;
}

/**
 * The password check of a store that owns its passwords (a directory, LDAP_URL). The address's limits come first (a
 * locked address costs the directory nothing), then the search, so that the password step is counted for the
 * account found (its address), whichever of its names was typed (mail or uid): two names never give two sets of
 * tries, and the operator's unlock by address clears them. Then the account's limits, then the bind; the directory's
 * own lockout is not relied on. Nobody found is counted under what was typed and still costs a bind; a disabled
 * entry is refused like a wrong password.
 */
export async function checkDirectoryPassword(
  context: SignInContext,
  owner: PasswordOwner,
  input: { email: string; password: string; ip: string },
): Promise<Extract<SignInOutcome, { kind: "failed" | "locked" }> | { kind: "accepted"; user: User }> {
  let holder: PasswordHolder | undefined;
  const account = async () => {
    holder = await owner.findPasswordHolder(input.email);
    return holder?.user.email ?? input.email;
  };
  const result = await limitedCheck(context, "password", { account, ip: input.ip }, async () => {
    const user = await owner.checkHolderPassword(holder, input.password);
    return user === undefined ? undefined : { user, factors: ["pwd"] };
  });
  if (result.kind === "proved") return { kind: "accepted", user: result.user };
  return result as Extract<SignInOutcome, { kind: "failed" | "locked" }>;
}
