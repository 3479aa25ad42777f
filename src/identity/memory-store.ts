import {
  emailConfirmation,
  isLive,
  type EmailAddressStore,
  type EmailConfirmation,
  type EmailTokenRecord,
} from "./email-tokens.js";
import type { AccountFactors, PasskeyRecord, TotpFactor } from "./factors/types.js";
import { hashPassword } from "./passwords.js";
import { ProviderLinkTakenError, type ProviderLink, type ProviderLinkStore } from "./provider-links.js";
import { DuplicatePasskeyError, UnknownAccountError, type UserStore } from "./store.js";
import { normalizeEmail, type User, type UserWithPassword } from "./user.js";

const noFactors = (): AccountFactors => ({ totp: undefined, recoveryCodeHashes: [], passkeys: [], mfaRequired: false });

const copyPasskey = (passkey: PasskeyRecord): PasskeyRecord => ({ ...passkey, transports: [...passkey.transports] });

function copyFactors(factors: AccountFactors): AccountFactors {
  return {
    totp: factors.totp === undefined ? undefined : { ...factors.totp },
    recoveryCodeHashes: [...factors.recoveryCodeHashes],
    passkeys: factors.passkeys.map(copyPasskey),
    mfaRequired: factors.mfaRequired,
  };
}

/**
 * Accounts in maps. Every change happens synchronously, before the returned promise settles, so two calls can
 * never interleave: `useTotpStep` and `consumeRecoveryCode` are atomic by nature.
 */
export class MemoryUserStore implements UserStore, EmailAddressStore, ProviderLinkStore {
  private readonly byEmail = new Map<string, UserWithPassword>();
  private readonly byId = new Map<string, UserWithPassword>();
  /** Second factors by account id; an account without an entry has none. Never handed out (copies are). */
  private readonly factors = new Map<string, AccountFactors>();
  /** Emailed links by the SHA-256 of their token. */
  private readonly emailTokens = new Map<string, EmailTokenRecord>();

  /** Links to other providers' identities by account id (issue 23). */
  private readonly links = new Map<string, ProviderLink[]>();

  constructor(
    users: readonly UserWithPassword[],
    factors: Iterable<readonly [string, AccountFactors]> = [],
    links: Iterable<readonly [string, readonly ProviderLink[]]> = [],
  ) {
    for (const [id, accountLinks] of links) {
      if (accountLinks.length > 0)
        this.links.set(
          id,
          accountLinks.map((link) => ({ ...link })),
        );
    }
    for (const user of users) {
      this.byEmail.set(normalizeEmail(user.email), user);
      this.byId.set(user.id, user);
    }
    for (const [id, accountFactors] of factors) {
      if (this.byId.has(id)) this.factors.set(id, copyFactors(accountFactors));
    }
  }

  get size(): number {
    return this.byId.size;
  }

  findByEmail(email: string): Promise<UserWithPassword | undefined> {
    return Promise.resolve(this.byEmail.get(email));
  }

  findById(id: string): Promise<User | undefined> {
    const found = this.byId.get(id);
    if (found === undefined) return Promise.resolve(undefined);
    const { passwordHash: _omitted, ...user } = found;
    return Promise.resolve(user);
  }

  changePassword(id: string, newPasswordHash: string): Promise<void> {
    const found = this.byId.get(id);
    if (found === undefined) return Promise.reject(new UnknownAccountError(id));
    // A password someone chose: the account has one of its own from now on.
    const { passwordUnset: _unset, ...rest } = found;
    const changed = { ...rest, passwordHash: newPasswordHash };
    this.byId.set(id, changed);
    this.byEmail.set(normalizeEmail(changed.email), changed);
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** Replaces an account's record (both maps; the email key follows an address change). */
  private replace(id: string, change: (found: UserWithPassword) => UserWithPassword): void {
    const found = this.byId.get(id);
    if (found === undefined) throw new UnknownAccountError(id);
    const changed = change(found);
    this.byEmail.delete(normalizeEmail(found.email));
    this.byId.set(id, changed);
    this.byEmail.set(normalizeEmail(changed.email), changed);
  }

  // Emailed links and address changes (email-tokens.ts).

  saveEmailToken(hash: string, record: EmailTokenRecord): Promise<void> {
    for (const [key, kept] of this.emailTokens) if (!isLive(kept)) this.emailTokens.delete(key);
    this.emailTokens.set(hash, { ...record });
    return Promise.resolve();
  }

  findEmailToken(hash: string): Promise<EmailTokenRecord | undefined> {
    const found = this.emailTokens.get(hash);
    return Promise.resolve(found !== undefined && isLive(found) ? { ...found } : undefined);
  }

  takeEmailToken(hash: string): Promise<EmailTokenRecord | undefined> {
    const found = this.emailTokens.get(hash);
    this.emailTokens.delete(hash);
    return Promise.resolve(found !== undefined && isLive(found) ? found : undefined);
  }

  deleteEmailTokens(userId: string): Promise<void> {
    for (const [key, kept] of this.emailTokens) if (kept.userId === userId) this.emailTokens.delete(key);
    return Promise.resolve();
  }

  setPendingEmail(userId: string, email: string | undefined): Promise<void> {
    return this.now(() =>
      this.replace(userId, ({ pendingEmail: _old, ...user }) =>
        email === undefined ? user : { ...user, pendingEmail: normalizeEmail(email) },
      ),
    );
  }

  confirmEmail(userId: string, email: string): Promise<EmailConfirmation | "taken"> {
    return this.now(() => {
      const found = this.byId.get(userId);
      if (found === undefined) return "stale";
      const outcome = emailConfirmation(found, email);
      if (outcome === "stale") return outcome;
      const other = this.byEmail.get(normalizeEmail(email));
      if (outcome === "changed" && other !== undefined && other.id !== userId) return "taken";
      if (outcome === "verified") this.replace(userId, (user) => ({ ...user, emailVerified: true }));
      else {
        this.replace(userId, ({ pendingEmail: _old, ...user }) => ({
          ...user,
          email: normalizeEmail(email),
          emailVerified: true,
        }));
      }
      return outcome;
    });
  }

  acceptInvitation(userId: string, email: string, passwordHash: string): Promise<boolean> {
    return this.now(() => {
      const found = this.byId.get(userId);
      if (found?.passwordUnset !== true || normalizeEmail(found.email) !== normalizeEmail(email)) return false;
      this.replace(userId, ({ passwordUnset: _unset, ...user }) => ({
        ...user,
        passwordHash,
        disabled: false,
        emailVerified: true,
      }));
      void this.deleteEmailTokens(userId);
      return true;
    });
  }

  // Second factors and passkeys.

  /** The account's factors, to change in place; throws for an unknown id. */
  private factorsOf(userId: string): AccountFactors {
    if (!this.byId.has(userId)) throw new UnknownAccountError(userId);
    let found = this.factors.get(userId);
    if (found === undefined) {
      found = noFactors();
      this.factors.set(userId, found);
    }
    return found;
  }

  /** Runs `change` at once and reports its result or its error as a promise. */
  private now<T>(change: () => T): Promise<T> {
    try {
      return Promise.resolve(change());
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  getFactors(userId: string): Promise<AccountFactors> {
    return this.now(() => copyFactors(this.factorsOf(userId)));
  }

  setTotp(userId: string, totp: TotpFactor | undefined): Promise<void> {
    return this.now(() => {
      this.factorsOf(userId).totp = totp === undefined ? undefined : { ...totp };
    });
  }

  useTotpStep(userId: string, step: number): Promise<boolean> {
    return this.now(() => {
      const totp = this.factorsOf(userId).totp;
      if (totp === undefined || step <= totp.lastUsedStep) return false;
      totp.lastUsedStep = step;
      return true;
    });
  }

  setRecoveryCodes(userId: string, hashes: string[]): Promise<void> {
    return this.now(() => {
      this.factorsOf(userId).recoveryCodeHashes = [...hashes];
    });
  }

  consumeRecoveryCode(userId: string, hash: string): Promise<boolean> {
    return this.now(() => {
      const factors = this.factorsOf(userId);
      const index = factors.recoveryCodeHashes.indexOf(hash);
      if (index < 0) return false;
      factors.recoveryCodeHashes.splice(index, 1);
      return true;
    });
  }

  addPasskey(userId: string, passkey: PasskeyRecord): Promise<void> {
    return this.now(() => {
      const factors = this.factorsOf(userId);
      if (this.owner(passkey.credentialId) !== undefined) throw new DuplicatePasskeyError(passkey.credentialId);
      factors.passkeys.push(copyPasskey(passkey));
    });
  }

  renamePasskey(userId: string, credentialId: string, name: string): Promise<boolean> {
    return this.now(() => {
      const passkey = this.factorsOf(userId).passkeys.find((candidate) => candidate.credentialId === credentialId);
      if (passkey === undefined) return false;
      passkey.name = name;
      return true;
    });
  }

  removePasskey(userId: string, credentialId: string): Promise<boolean> {
    return this.now(() => {
      const factors = this.factorsOf(userId);
      const index = factors.passkeys.findIndex((candidate) => candidate.credentialId === credentialId);
      if (index < 0) return false;
      factors.passkeys.splice(index, 1);
      return true;
    });
  }

  touchPasskey(userId: string, credentialId: string, counter: number): Promise<void> {
    return this.now(() => {
      const passkey = this.factorsOf(userId).passkeys.find((candidate) => candidate.credentialId === credentialId);
      if (passkey === undefined) return;
      passkey.counter = counter;
      passkey.lastUsedAt = new Date().toISOString();
    });
  }

  private owner(credentialId: string): { userId: string; passkey: PasskeyRecord } | undefined {
    for (const [userId, factors] of this.factors) {
      const passkey = factors.passkeys.find((candidate) => candidate.credentialId === credentialId);
      if (passkey !== undefined) return { userId, passkey };
    }
    return undefined;
  }

  findPasskey(credentialId: string): Promise<{ userId: string; passkey: PasskeyRecord } | undefined> {
    const found = this.owner(credentialId);
    return Promise.resolve(
      found === undefined ? undefined : { userId: found.userId, passkey: copyPasskey(found.passkey) },
    );
  }

  setMfaRequired(userId: string, required: boolean): Promise<void> {
    return this.now(() => {
      this.factorsOf(userId).mfaRequired = required;
    });
  }

  resetFactors(userId: string): Promise<void> {
    return this.now(() => {
      const factors = this.factorsOf(userId);
      factors.totp = undefined;
      factors.recoveryCodeHashes = [];
      factors.passkeys = [];
    });
  }

  findProviderLink(providerId: string, subject: string): Promise<string | undefined> {
    for (const [userId, links] of this.links) {
      if (links.some((link) => link.providerId === providerId && link.subject === subject)) {
        return Promise.resolve(userId);
      }
    }
    return Promise.resolve(undefined);
  }

  providerLinksOf(userId: string): Promise<ProviderLink[]> {
    return Promise.resolve((this.links.get(userId) ?? []).map((link) => ({ ...link })));
  }

  async addProviderLink(userId: string, link: ProviderLink): Promise<void> {
    if (!this.byId.has(userId)) throw new UnknownAccountError(userId);
    if ((await this.findProviderLink(link.providerId, link.subject)) !== undefined) {
      throw new ProviderLinkTakenError(link.providerId);
    }
    this.links.set(userId, [...(this.links.get(userId) ?? []), { ...link }]);
  }

  removeProviderLink(userId: string, providerId: string): Promise<boolean> {
    const links = this.links.get(userId) ?? [];
    const kept = links.filter((link) => link.providerId !== providerId);
    this.links.set(userId, kept);
    return Promise.resolve(kept.length !== links.length);
  }

  anyFactors(): Promise<boolean> {
    return Promise.resolve(
      [...this.factors.values()].some(
        (factors) => factors.totp !== undefined || factors.recoveryCodeHashes.length > 0 || factors.passkeys.length > 0,
      ),
    );
  }
}

const DEMO_EMAIL = "foo@bar.com";
const DEMO_PASSWORD = "foobar";

/** The demo account of development mode. Its id is its email, the subject Hydra's own browser tests expect. */
export async function demoAccount(): Promise<UserWithPassword> {
  return {
    id: DEMO_EMAIL,
    email: DEMO_EMAIL,
    emailVerified: true,
    profile: {
      name: "Foo Bar",
      given_name: "Foo",
      family_name: "Bar",
      preferred_username: "foo",
      locale: "en",
    },
    disabled: false,
    passwordHash: await hashPassword(DEMO_PASSWORD),
  };
}
