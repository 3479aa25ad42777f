import { dummyPasswordHash, verifyPassword } from "./passwords.js";
import type { UserStore } from "./store.js";
import { normalizeEmail, type User } from "./user.js";

/**
 * Checks an email and password. Unknown, disabled and wrong-password accounts all cost one password check and
 * give the same answer, so the result never tells whether an account exists.
 */
export async function authenticate(users: UserStore, email: string, password: string): Promise<User | undefined> {
  const account = await users.findByEmail(normalizeEmail(email));
  const hash = account?.passwordHash ?? (await dummyPasswordHash());
  const matches = await verifyPassword(hash, password);
  // An invited account without a chosen password is disabled too; both are checked after the same one hash.
  if (account === undefined || !matches || account.disabled || account.passwordUnset === true) return undefined;
  const { passwordHash: _omitted, ...user } = account;
  return user;
}
