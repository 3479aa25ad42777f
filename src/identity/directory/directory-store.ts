/**
 * Accounts from a directory, second factors from a local store beside it. The directory is read, never changed; the
 * local store (a users file or PostgreSQL) keeps each directory account's TOTP, recovery codes and passkeys under
 * the directory id, on a "factor holder": a disabled local record with that id, made the first time a factor is
 * saved. A holder can never sign in by itself (it is disabled and its password is a random one nobody knows), and
 * its email is made up from the id, so it never takes the address of a local account.
 */
import { createHash, randomBytes } from "node:crypto";
import type { AttributeMap } from "../../config/ldap-attributes.js";
import { AccountError, type AccountAdmin } from "../account-admin.js";
import type { AccountFactors, PasskeyRecord, TotpFactor } from "../factors/types.js";
import { hashPassword } from "../passwords.js";
import { UnknownAccountError, type PasswordHolder, type UserStore } from "../store.js";
import type { User, UserWithPassword } from "../user.js";
import type { DirectoryClient } from "./directory-client.js";
import { entryToUser, type DirectoryEntry } from "./directory-entry.js";

/** Where directory accounts' factors are kept: a users file or PostgreSQL, which can also add a record. */
export type LocalFactorStore = UserStore & AccountAdmin;

const NO_FACTORS: AccountFactors = { totp: undefined, recoveryCodeHashes: [], passkeys: [], mfaRequired: false };

/** Whether a local record is a directory account's factor holder (the accounts command lists them apart). */
export const isFactorHolder = (email: string) => email.endsWith("@directory.invalid");

/** The made-up email of a factor holder: from the id, in a domain that can never receive mail (RFC 2606). */
function holderEmail(id: string): string {
  return `directory-${createHash("sha256").update(id).digest("hex").slice(0, 32)}@directory.invalid`;
}

/** Second factors need a local store beside the directory; without one, saving one is refused. */
class NoFactorStoreError extends AccountError {
  override name = "NoFactorStoreError";

  constructor() {
    super("directory accounts keep second factors only with USERS_FILE or USERS_DATABASE_URL beside LDAP_URL");
  }
}

export class DirectoryUserStore implements UserStore {
  constructor(
    private readonly directory: DirectoryClient,
    private readonly local: LocalFactorStore | undefined,
    private readonly options: { idAttribute: string; attributes: AttributeMap; groups: boolean },
  ) {}

  private async toUser(entry: DirectoryEntry | undefined): Promise<User | undefined> {
    if (entry === undefined) return undefined;
    const groups = this.options.groups ? await this.directory.groupsOf(entry) : undefined;
    return entryToUser(entry, { ...this.options, groups });
  }

  /** The directory owns the password: no hash here, and one that matches nothing (`checkHolderPassword` is the check). */
  async findByEmail(email: string): Promise<UserWithPassword | undefined> {
    const user = await this.toUser(await this.directory.findByEmail(email));
    return user === undefined ? undefined : { ...user, passwordHash: "" };
  }

  async findById(id: string): Promise<User | undefined> {
    return this.toUser(await this.directory.findById(id));
  }

  /** The entry the typed name finds (by LDAP_USER_FILTER: its mail or its uid), as one of our accounts. */
  async findPasswordHolder(typed: string): Promise<PasswordHolder | undefined> {
    const entry = await this.directory.findByEmail(typed);
    const user = entry === undefined ? undefined : entryToUser(entry, { ...this.options, groups: undefined });
    return user === undefined ? undefined : { user, bindName: entry!.dn };
  }

  /**
   * The directory's own check: a bind as the entry with the typed password. Undefined for a wrong password, nobody
   * found and a disabled entry alike, each at the cost of one bind.
   */
  async checkHolderPassword(holder: PasswordHolder | undefined, password: string): Promise<User | undefined> {
    const matches = await this.directory.passwordMatches(holder?.bindName, password);
    if (holder === undefined || !matches || holder.user.disabled) return undefined;
    // Groups are read only for a sign-in that succeeded.
    return this.options.groups ? this.findById(holder.user.id) : holder.user;
  }

  /** Every directory account, for the accounts command (no groups: one search for all). */
  async list(): Promise<User[]> {
    const entries = await this.directory.listEntries();
    return entries
      .map((entry) => entryToUser(entry, { ...this.options, groups: undefined }))
      .filter((user): user is User => user !== undefined);
  }

  changePassword(_id: string, _hash: string): Promise<void> {
    return Promise.reject(new AccountError("directory accounts change their password in the directory"));
  }

  /** Whether this store lets the account page change passwords: the directory owns them. */
  readonly passwordsChangeable = false;

  async close(): Promise<void> {
    await this.directory.close();
    await this.local?.close();
  }

  // Second factors: in the local store, under the directory id.

  /** The holder record for `userId`, made when missing (two at once: the second finds the first's). */
  private async holder(userId: string): Promise<LocalFactorStore> {
    const local = this.local;
    if (local === undefined) throw new NoFactorStoreError();
    if ((await local.findById(userId)) !== undefined) return local;
    try {
      await local.add({
        id: userId,
        email: holderEmail(userId),
        email_verified: false,
        disabled: true,
        password_hash: await hashPassword(randomBytes(32).toString("base64url")),
        claims: {},
      });
    } catch (error) {
      if ((await local.findById(userId)) === undefined) throw error;
    }
    return local;
  }

  /** Runs a read or a change of factors the account may not have any of yet: `none` when it has no holder. */
  private async existing<T>(userId: string, none: T, work: (local: LocalFactorStore) => Promise<T>): Promise<T> {
    if (this.local === undefined) return none;
    try {
      return await work(this.local);
    } catch (error) {
      if (error instanceof UnknownAccountError) return none;
      throw error;
    }
  }

  getFactors(userId: string): Promise<AccountFactors> {
    return this.existing(userId, { ...NO_FACTORS }, (local) => local.getFactors(userId));
  }

  async setTotp(userId: string, totp: TotpFactor | undefined): Promise<void> {
    if (totp === undefined) return this.existing(userId, undefined, (local) => local.setTotp(userId, undefined));
    await (await this.holder(userId)).setTotp(userId, totp);
  }

  useTotpStep(userId: string, step: number): Promise<boolean> {
    return this.existing(userId, false, (local) => local.useTotpStep(userId, step));
  }

  async setRecoveryCodes(userId: string, hashes: string[]): Promise<void> {
    if (hashes.length === 0) return this.existing(userId, undefined, (local) => local.setRecoveryCodes(userId, []));
    await (await this.holder(userId)).setRecoveryCodes(userId, hashes);
  }

  consumeRecoveryCode(userId: string, hash: string): Promise<boolean> {
    return this.existing(userId, false, (local) => local.consumeRecoveryCode(userId, hash));
  }

  async addPasskey(userId: string, passkey: PasskeyRecord): Promise<void> {
    await (await this.holder(userId)).addPasskey(userId, passkey);
  }

  renamePasskey(userId: string, credentialId: string, name: string): Promise<boolean> {
    return this.existing(userId, false, (local) => local.renamePasskey(userId, credentialId, name));
  }

  removePasskey(userId: string, credentialId: string): Promise<boolean> {
    return this.existing(userId, false, (local) => local.removePasskey(userId, credentialId));
  }

  touchPasskey(userId: string, credentialId: string, counter: number): Promise<void> {
    return this.existing(userId, undefined, (local) => local.touchPasskey(userId, credentialId, counter));
  }

  async findPasskey(credentialId: string): Promise<{ userId: string; passkey: PasskeyRecord } | undefined> {
    return (await this.local?.findPasskey(credentialId)) ?? undefined;
  }

  async setMfaRequired(userId: string, required: boolean): Promise<void> {
    if (!required) return this.existing(userId, undefined, (local) => local.setMfaRequired(userId, false));
    await (await this.holder(userId)).setMfaRequired(userId, true);
  }

  resetFactors(userId: string): Promise<void> {
    return this.existing(userId, undefined, (local) => local.resetFactors(userId));
  }

  async anyFactors(): Promise<boolean> {
    return (await this.local?.anyFactors()) ?? false;
  }

  /** For /health/ready: the directory answers (and PostgreSQL, when it keeps the factors). */
  async isReady(localReady?: () => Promise<boolean>): Promise<boolean> {
    const [directory, local] = await Promise.all([this.directory.isReady(), localReady?.() ?? true]);
    return directory && local;
  }
}
