import { AccountError } from "./account-admin.js";
import type { FactorStore } from "./factors/types.js";
import type { ProviderLinkStore } from "./provider-links.js";
import type { User, UserWithPassword } from "./user.js";

/**
 * Where accounts live, with their second factors and passkeys. Implementations: in memory (demo, tests), a users
 * file, PostgreSQL, a directory (LDAP) with its factors in one of those.
 */
export interface UserStore extends FactorStore, Partial<ProviderLinkStore> {
  /** `email` is already normalised. */
  findByEmail(email: string): Promise<UserWithPassword | undefined>;
  findById(id: string): Promise<User | undefined>;
  /**
   * Replaces the password of the account with this id (the subject) by an argon2 hash from `hashPassword`;
   * the next sign-in checks the new one. Throws `UnknownAccountError` when no account has the id.
   */
  changePassword(id: string, newPasswordHash: string): Promise<void>;
  /**
   * Present when the store owns its passwords (a directory): finds whom a typed name means, before any limit is
   * counted, so the limits count the account itself (its address), whichever of its names was typed.
   */
  findPasswordHolder?(typed: string): Promise<PasswordHolder | undefined>;
  /**
   * With `findPasswordHolder`: checks the password, giving the account when it is right and the account enabled.
   * Nobody found (undefined), disabled and wrong all cost the same and give undefined. Without these two, passwords
   * are checked against `findByEmail`'s hash (authenticate.ts).
   */
  checkHolderPassword?(holder: PasswordHolder | undefined, password: string): Promise<User | undefined>;
  /** False when passwords are changed elsewhere (a directory): the account page offers no change. */
  readonly passwordsChangeable?: boolean;
  close(): Promise<void>;
}

/** An account of a store that owns its passwords, found by what was typed, for `checkHolderPassword`. */
export interface PasswordHolder {
  user: User;
  /** Where the store checks the password (a directory entry's DN). */
  bindName: string;
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
