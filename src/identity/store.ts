import { AccountError } from "./account-admin.js";
import type { FactorStore } from "./factors/types.js";
import type { User, UserWithPassword } from "./user.js";

/**
 * Where accounts live, with their second factors and passkeys. Implementations: in memory (demo, tests), a users
 * file, PostgreSQL, a directory (LDAP) with its factors in one of those.
 */
export interface UserStore extends FactorStore {
  /** `email` is already normalised. */
  findByEmail(email: string): Promise<UserWithPassword | undefined>;
  findById(id: string): Promise<User | undefined>;
  /**
   * Replaces the password of the account with this id (the subject) by an argon2 hash from `hashPassword`;
   * the next sign-in checks the new one. Throws `UnknownAccountError` when no account has the id.
   */
  changePassword(id: string, newPasswordHash: string): Promise<void>;
  /**
   * Present when the store owns its passwords (a directory): checks one, and gives the account when it is right and
   * the account enabled. Unknown, disabled and wrong all cost the same and give undefined. Without it, passwords are
   * checked against `findByEmail`'s hash (authenticate.ts).
   */
  checkPassword?(email: string, password: string): Promise<User | undefined>;
  /** False when passwords are changed elsewhere (a directory): the account page offers no change. */
  readonly passwordsChangeable?: boolean;
  close(): Promise<void>;
}

/** No account has this id: it was removed, or its id changed, since the session that names it began. */
export class UnknownAccountError extends AccountError {
  override name = "UnknownAccountError";

  constructor(readonly id: string) {
    super(`no account with the id ${id}`);
  }
}

/** A passkey's credential id is registered already (to this account or another): ids are unique. */
export class DuplicatePasskeyError extends AccountError {
  override name = "DuplicatePasskeyError";

  constructor(readonly credentialId: string) {
    super("this passkey is registered already");
  }
}
