import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  watch,
  writeSync,
  type FSWatcher,
} from "node:fs";
import path from "node:path";
import type { Logger } from "pino";
import YAML from "yaml";
import { AccountError, mergeClaims, type AccountAdmin } from "./account-admin.js";
import {
  emailConfirmation,
  type EmailAddressStore,
  type EmailConfirmation,
  type EmailTokenRecord,
} from "./email-tokens.js";
import { claimsSchema, fromPasskey, parseAccounts, toFactors, toUser, type AccountRecord } from "./account-record.js";
import type { AccountFactors, PasskeyRecord, TotpFactor } from "./factors/types.js";
import { withFileLock, type FileLockOptions } from "./file-lock.js";
import { DuplicatePasskeyError, UnknownAccountError, type UserStore } from "./store.js";
import { MemoryUserStore } from "./memory-store.js";
import {
  fromProviderLink,
  ProviderLinkTakenError,
  toProviderLink,
  type ProviderLink,
  type ProviderLinkStore,
} from "./provider-links.js";
import { normalizeEmail, type User, type UserWithPassword } from "./user.js";

const isYaml = (file: string) => /\.ya?ml$/i.test(file);

/** Reads and checks a users file; throws with the path and the reason. */
export function readUsersFile(file: string): AccountRecord[] {
  return parseUsersText(file, readUsersText(file));
}

function readUsersText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`${file}: cannot read: ${(error as Error).message}`);
  }
}

/** Checks a users file's text (or, for YAML, its parsed document); throws with the path and the reason. */
function parseUsersText(file: string, text: string, document?: YAML.Document): AccountRecord[] {
  try {
    if (document !== undefined && document.errors.length > 0) throw document.errors[0]!;
    const data: unknown =
      text.trim() === ""
        ? []
        : document !== undefined
          ? document.toJS()
          : isYaml(file)
            ? YAML.parse(text)
            : JSON.parse(text);
    return parseAccounts(data);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/\s+/g, " ").slice(0, 500) : String(error);
    throw new Error(`${file}: ${reason}`);
  }
}

/** Writes the whole list atomically (temporary file, then rename), keeping the file's format. */
function writeUsersFile(file: string, records: AccountRecord[]): void {
  writeAtomically(file, isYaml(file) ? YAML.stringify(records) : JSON.stringify(records, null, 2) + "\n");
}

/**
 * Replaces the file in one step: a temporary file in the same folder, flushed to disk, renamed over it. A reader
 * (the server, the file watcher) sees the old file or the new one, never half of one; a failed write leaves the
 * file as it was and no temporary file behind.
 */
function writeAtomically(file: string, text: string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const descriptor = openSync(temporary, "w", 0o600);
    try {
      writeSync(descriptor, text);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, file);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Not a file we made (a folder of that name): leave it.
    }
    throw new Error(`${file}: cannot write: ${(error as Error).message}`);
  }
}

/**
 * One field of an account to set (`value`) or remove (`value` undefined); `path` starts at the account. An empty
 * `path` with `value` undefined removes the whole account (the only change of its edit).
 */
interface FieldChange {
  path: ReadonlyArray<string | number>;
  value: unknown;
}

/** What an edit of one account decides: the fields to change (none: the file is left alone) and its result. */
interface Decision<T> {
  changes: FieldChange[];
  result: T;
}

/**
 * The file's text with some fields of one account changed and nothing else: the other accounts, and the other
 * fields of this one, keep exactly what they had (no defaults filled in), and a YAML file keeps its comments,
 * order and quoting (a scalar replaced by a scalar keeps its style). A JSON file is written back indented by two
 * spaces, as the accounts command writes it. `text` undefined: nothing to change.
 */
function editAccountText<T>(
  file: string,
  text: string,
  find: (records: AccountRecord[]) => number,
  missing: () => Error,
  decide: (record: AccountRecord, records: AccountRecord[]) => Decision<T>,
): { text: string | undefined; result: T } {
  const document = isYaml(file) ? YAML.parseDocument(text) : undefined;
  const records = parseUsersText(file, text, document);
  const index = find(records);
  if (index < 0) throw missing();
  const { changes, result } = decide(records[index]!, records);
  if (changes.length === 0) return { text: undefined, result };
  if (document !== undefined) {
    for (const { path: at, value } of changes) {
      const where = [index, ...at];
      if (value === undefined) {
        document.deleteIn(where);
        continue;
      }
      const node = document.getIn(where, true);
      if (YAML.isScalar(node) && (typeof value !== "object" || value === null)) node.value = value;
      else document.setIn(where, document.createNode(value));
    }
    return { text: document.toString({ lineWidth: 0 }), result }; // 0: no folding of long lines, such as a hash
  }
  const data = JSON.parse(text) as unknown[];
  for (const { path: at, value } of changes) {
    if (at.length === 0) {
      data.splice(index, 1);
      continue;
    }
    let parent = data[index] as Record<string | number, unknown>;
    for (const key of at.slice(0, -1)) {
      parent[key] ??= {};
      parent = parent[key] as Record<string | number, unknown>;
    }
    const key = at[at.length - 1]!;
    if (value === undefined) delete parent[key];
    else parent[key] = value;
  }
  return { text: JSON.stringify(data, null, 2) + "\n", result };
}

const byId = (id: string) => (records: AccountRecord[]) => records.findIndex((record) => record.id === id);

function byEmail(email: string) {
  const wanted = normalizeEmail(email);
  return (records: AccountRecord[]) => records.findIndex((record) => normalizeEmail(record.email) === wanted);
}

const set = (value: unknown, ...at: Array<string | number>): FieldChange => ({ path: at, value });

const byTokenHash = (hash: string) => (records: AccountRecord[]) =>
  records.findIndex((record) => record.email_tokens?.some((token) => token.hash === hash) ?? false);

/** An emailed link's record as the file keeps it, and back. */
const tokenOf = (userId: string, kept: NonNullable<AccountRecord["email_tokens"]>[number]): EmailTokenRecord => ({
  purpose: kept.purpose,
  userId,
  email: kept.email,
  expiresAt: Date.parse(kept.expires_at),
});

/** No account holds this token: `takeEmailToken` finds nothing. */
class NoSuchToken extends Error {}

/**
 * Accounts from a JSON or YAML file, held in memory and reloaded when the file changes. A broken file keeps
 * the last good accounts and logs an error, so a typo never locks everyone out.
 */
export class UsersFileStore implements UserStore, AccountAdmin, EmailAddressStore, ProviderLinkStore {
  /** The accounts of the last good version of the file; replaced whole on each good reload. */
  private accounts = new MemoryUserStore([]);
  /** The emailed links of the same version, by hash: an anonymous /verify/ or /invitation/ GET reads no file. */
  private emailTokens = new Map<string, EmailTokenRecord>();
  private loadedVersion = "";
  private watcher: FSWatcher | undefined;
  private reloadTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  /** The end of the chain of changes to the file (see `serialize`). */
  private queue: Promise<unknown> = Promise.resolve();

  /** The lock that changes from every process take; see `serialize`. */
  private readonly lockFile: string;
  private readonly lockOptions: FileLockOptions;

  constructor(
    readonly file: string,
    private readonly logger: Logger,
    options: { watch?: boolean; lock?: FileLockOptions } = {},
  ) {
    this.lockFile = path.join(path.dirname(file), `.${path.basename(file)}.lock`);
    this.lockOptions = options.lock ?? {};
    this.install(readUsersFile(file));
    this.loadedVersion = this.version();
    if (options.watch ?? true) {
      // Watch the folder: editors and `mv` replace the file, which ends a watch on the file itself.
      this.watcher = watch(path.dirname(file), (_event, name) => {
        if (name === null || name === path.basename(file)) this.scheduleReload();
      });
      this.watcher.unref();
      // Some file systems (network mounts, some container volumes) send no events: look every few seconds too.
      this.pollTimer = setInterval(() => this.reload(), 3000);
      this.pollTimer.unref();
    }
  }

  private version(): string {
    try {
      const stat = statSync(this.file);
      return `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
    } catch {
      return "missing";
    }
  }

  private install(records: AccountRecord[]): void {
    this.accounts = new MemoryUserStore(
      records.map(toUser),
      records.map((record) => [record.id, toFactors(record)] as const),
      records.map((record) => [record.id, (record.provider_links ?? []).map(toProviderLink)] as const),
    );
    this.emailTokens = new Map(
      records.flatMap((record) => (record.email_tokens ?? []).map((kept) => [kept.hash, tokenOf(record.id, kept)])),
    );
  }

  private scheduleReload(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => this.reload(), 50);
    this.reloadTimer.unref();
  }

  /** Loads the file again if it changed; exposed for tests and for a reload on demand. */
  reload(): void {
    const version = this.version();
    if (version === this.loadedVersion) return;
    try {
      this.install(readUsersFile(this.file));
      this.loadedVersion = version;
      this.logger.info({ file: this.file, accounts: this.accounts.size }, "users file reloaded");
    } catch (error) {
      this.loadedVersion = version;
      this.logger.error(
        { file: this.file, reason: (error as Error).message },
        "USERS FILE IS BROKEN: keeping the accounts of the last good version until it is fixed",
      );
    }
  }

  findByEmail(email: string): Promise<UserWithPassword | undefined> {
    return this.accounts.findByEmail(email);
  }

  findById(id: string): Promise<User | undefined> {
    return this.accounts.findById(id);
  }

  /**
   * Runs one change of the file after the ones before it in this process have finished, and while holding the
   * file's lock (`.<name>.lock` beside it), so that no two changes interleave (read, decide, write) in this
   * process or any other: the app and the accounts command, or two runs of the command. Of two `useTotpStep`
   * calls for the same step exactly one succeeds, and a `disable` is never written over by a sign-in's change.
   * The task reads the file afresh under the lock; reads for sign-in stay in memory and take no lock.
   */
  private serialize<T>(task: () => T): Promise<T> {
    const run = this.queue.then(() => withFileLock(this.lockFile, task, this.lockOptions));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Reads the file as it is now, lets `decide` choose what to change in one account, writes the result atomically
   * and installs it at once, so the next request sees it without waiting for the watcher. A broken file is left
   * alone and the change refused, rather than written over what someone is editing.
   */
  private edit<T>(
    find: (records: AccountRecord[]) => number,
    missing: () => Error,
    decide: (record: AccountRecord, records: AccountRecord[]) => Decision<T>,
  ): Promise<T> {
    return this.serialize(() => {
      const edited = editAccountText(this.file, readUsersText(this.file), find, missing, decide);
      if (edited.text !== undefined) {
        const records = parseUsersText(this.file, edited.text);
        writeAtomically(this.file, edited.text);
        this.install(records);
        this.loadedVersion = this.version();
      }
      return edited.result;
    });
  }

  private editById<T>(id: string, decide: (record: AccountRecord, records: AccountRecord[]) => Decision<T>) {
    return this.edit(byId(id), () => new UnknownAccountError(id), decide);
  }

  private editByEmail(email: string, decide: (record: AccountRecord) => FieldChange[]): Promise<void> {
    return this.edit(
      byEmail(email),
      () => new AccountError(`no account with the email ${normalizeEmail(email)}`),
      (record) => ({ changes: decide(record), result: undefined }),
    );
  }

  /** Rewrites the file with the new hash (a password someone chose: `password_unset` goes), nothing else changed. */
  changePassword(id: string, newPasswordHash: string): Promise<void> {
    return this.editById(id, (record) => ({
      changes: [
        set(newPasswordHash, "password_hash"),
        ...(record.password_unset === undefined ? [] : [set(undefined, "password_unset")]),
      ],
      result: undefined,
    }));
  }

  close(): Promise<void> {
    this.watcher?.close();
    clearTimeout(this.reloadTimer);
    clearInterval(this.pollTimer);
    return Promise.resolve();
  }

  // Second factors and passkeys: read from memory, changed in the file (one field at a time, as above).

  getFactors(userId: string): Promise<AccountFactors> {
    return this.accounts.getFactors(userId);
  }

  findPasskey(credentialId: string): Promise<{ userId: string; passkey: PasskeyRecord } | undefined> {
    return this.accounts.findPasskey(credentialId);
  }

  anyFactors(): Promise<boolean> {
    return this.accounts.anyFactors();
  }

  setTotp(userId: string, totp: TotpFactor | undefined): Promise<void> {
    const value =
      totp === undefined
        ? undefined
        : { sealed_secret: totp.sealedSecret, confirmed_at: totp.confirmedAt, last_used_step: totp.lastUsedStep };
    return this.editById(userId, (record) => ({
      changes: value === undefined && record.totp === undefined ? [] : [set(value, "totp")],
      result: undefined,
    }));
  }

  useTotpStep(userId: string, step: number): Promise<boolean> {
    return this.editById(userId, (record) =>
      record.totp === undefined || step <= record.totp.last_used_step
        ? { changes: [], result: false }
        : { changes: [set(step, "totp", "last_used_step")], result: true },
    );
  }

  setRecoveryCodes(userId: string, hashes: string[]): Promise<void> {
    return this.editById(userId, (record) => ({
      changes: hashes.length === 0 && record.recovery_codes === undefined ? [] : [set([...hashes], "recovery_codes")],
      result: undefined,
    }));
  }

  consumeRecoveryCode(userId: string, hash: string): Promise<boolean> {
    return this.editById(userId, (record) => {
      const codes = record.recovery_codes ?? [];
      const index = codes.indexOf(hash);
      if (index < 0) return { changes: [], result: false };
      return { changes: [set(codes.toSpliced(index, 1), "recovery_codes")], result: true };
    });
  }

  addPasskey(userId: string, passkey: PasskeyRecord): Promise<void> {
    return this.editById(userId, (record, records) => {
      if (records.some((other) => other.passkeys?.some((key) => key.credential_id === passkey.credentialId))) {
        throw new DuplicatePasskeyError(passkey.credentialId);
      }
      return { changes: [set([...(record.passkeys ?? []), fromPasskey(passkey)], "passkeys")], result: undefined };
    });
  }

  /** Changes one passkey's fields; false when the account has no passkey with this id. */
  private editPasskey(userId: string, credentialId: string, fields: Record<string, unknown>): Promise<boolean> {
    return this.editById(userId, (record) => {
      const index = (record.passkeys ?? []).findIndex((key) => key.credential_id === credentialId);
      if (index < 0) return { changes: [], result: false };
      return {
        changes: Object.entries(fields).map(([field, value]) => set(value, "passkeys", index, field)),
        result: true,
      };
    });
  }

  renamePasskey(userId: string, credentialId: string, name: string): Promise<boolean> {
    return this.editPasskey(userId, credentialId, { name });
  }

  async touchPasskey(userId: string, credentialId: string, counter: number): Promise<void> {
    await this.editPasskey(userId, credentialId, { counter, last_used_at: new Date().toISOString() });
  }

  removePasskey(userId: string, credentialId: string): Promise<boolean> {
    return this.editById(userId, (record) => {
      const passkeys = record.passkeys ?? [];
      const kept = passkeys.filter((key) => key.credential_id !== credentialId);
      if (kept.length === passkeys.length) return { changes: [], result: false };
      return { changes: [set(kept, "passkeys")], result: true };
    });
  }

  setMfaRequired(userId: string, required: boolean): Promise<void> {
    return this.editById(userId, (record) => ({
      changes: (record.mfa_required ?? false) === required ? [] : [set(required, "mfa_required")],
      result: undefined,
    }));
  }

  resetFactors(userId: string): Promise<void> {
    return this.editById(userId, (record) => ({
      changes: [
        ...(record.totp === undefined ? [] : [set(undefined, "totp")]),
        ...(record.recovery_codes === undefined ? [] : [set(undefined, "recovery_codes")]),
        ...(record.passkeys === undefined ? [] : [set(undefined, "passkeys")]),
      ],
      result: undefined,
    }));
  }

  // Emailed links and address changes (email-tokens.ts): kept in the account's record, changed under the lock.

  saveEmailToken(hash: string, record: EmailTokenRecord): Promise<void> {
    const now = Date.now();
    return this.editById(record.userId, (account) => {
      const live = (account.email_tokens ?? []).filter((token) => Date.parse(token.expires_at) > now);
      const added = {
        hash,
        purpose: record.purpose,
        email: record.email,
        expires_at: new Date(record.expiresAt).toISOString(),
      };
      return { changes: [set([...live, added], "email_tokens")], result: undefined };
    });
  }

  /**
   * From memory: a stat tells whether the file changed since (a link the accounts command just wrote), and only
   * then is it read again. Taking the link (`takeEmailToken`) reads the file afresh under the lock.
   */
  async findEmailToken(hash: string): Promise<EmailTokenRecord | undefined> {
    this.reload();
    const record = this.emailTokens.get(hash);
    return record !== undefined && record.expiresAt > Date.now() ? record : undefined;
  }

  async takeEmailToken(hash: string): Promise<EmailTokenRecord | undefined> {
    try {
      const taken = await this.edit(
        byTokenHash(hash),
        () => new NoSuchToken(),
        (account) => {
          const tokens = account.email_tokens ?? [];
          const kept = tokens.find((token) => token.hash === hash)!;
          const rest = tokens.filter((token) => token !== kept);
          return {
            changes: [set(rest.length === 0 ? undefined : rest, "email_tokens")],
            result: tokenOf(account.id, kept),
          };
        },
      );
      return taken.expiresAt > Date.now() ? taken : undefined;
    } catch (error) {
      if (error instanceof NoSuchToken) return undefined;
      throw error;
    }
  }

  deleteEmailTokens(userId: string): Promise<void> {
    return this.editById(userId, (account) => ({
      changes: account.email_tokens === undefined ? [] : [set(undefined, "email_tokens")],
      result: undefined,
    }));
  }

  setPendingEmail(userId: string, email: string | undefined): Promise<void> {
    return this.editById(userId, (account) => ({
      changes:
        email === undefined && account.pending_email === undefined
          ? []
          : [set(email === undefined ? undefined : normalizeEmail(email), "pending_email")],
      result: undefined,
    }));
  }

  async confirmEmail(userId: string, email: string): Promise<EmailConfirmation | "taken"> {
    const wanted = normalizeEmail(email);
    try {
      return await this.editById(userId, (account, records): Decision<EmailConfirmation | "taken"> => {
        const outcome = emailConfirmation({ email: account.email, pendingEmail: account.pending_email }, wanted);
        if (outcome === "stale") return { changes: [], result: outcome };
        if (outcome === "verified") {
          return { changes: account.email_verified ? [] : [set(true, "email_verified")], result: outcome };
        }
        if (records.some((other) => other.id !== userId && normalizeEmail(other.email) === wanted)) {
          return { changes: [], result: "taken" };
        }
        return {
          changes: [set(wanted, "email"), set(true, "email_verified"), set(undefined, "pending_email")],
          result: outcome,
        };
      });
    } catch (error) {
      if (error instanceof UnknownAccountError) return "stale";
      throw error;
    }
  }

  async acceptInvitation(userId: string, email: string, passwordHash: string): Promise<boolean> {
    try {
      return await this.editById(userId, (account) => {
        if (account.password_unset !== true || normalizeEmail(account.email) !== normalizeEmail(email)) {
          return { changes: [], result: false };
        }
        return {
          changes: [
            set(passwordHash, "password_hash"),
            set(false, "disabled"),
            set(true, "email_verified"),
            set(undefined, "password_unset"),
            ...(account.email_tokens === undefined ? [] : [set(undefined, "email_tokens")]),
          ],
          result: true,
        };
      });
    } catch (error) {
      if (error instanceof UnknownAccountError) return false;
      throw error;
    }
  }

  // Links to other providers' identities (issue 23): read from memory, changed in the file.

  findProviderLink(providerId: string, subject: string): Promise<string | undefined> {
    return this.accounts.findProviderLink(providerId, subject);
  }

  providerLinksOf(userId: string): Promise<ProviderLink[]> {
    return this.accounts.providerLinksOf(userId);
  }

  addProviderLink(userId: string, link: ProviderLink): Promise<void> {
    return this.editById(userId, (record, records) => {
      const taken = records.some((other) =>
        other.provider_links?.some((held) => held.provider === link.providerId && held.subject === link.subject),
      );
      if (taken) throw new ProviderLinkTakenError(link.providerId);
      return {
        changes: [set([...(record.provider_links ?? []), fromProviderLink(link)], "provider_links")],
        result: undefined,
      };
    });
  }

  removeProviderLink(userId: string, providerId: string): Promise<boolean> {
    return this.editById(userId, (record) => {
      const links = record.provider_links ?? [];
      const kept = links.filter((link) => link.provider !== providerId);
      if (kept.length === links.length) return { changes: [], result: false };
      return { changes: [set(kept.length === 0 ? undefined : kept, "provider_links")], result: true };
    });
  }

  // Account administration: one account's fields changed in place; `add` writes the whole list.

  async add(record: AccountRecord): Promise<void> {
    await this.serialize(() => {
      const records = readUsersFile(this.file);
      const email = normalizeEmail(record.email);
      if (records.some((existing) => normalizeEmail(existing.email) === email)) {
        throw new AccountError(`an account with the email ${email} exists already`);
      }
      if (records.some((existing) => existing.id === record.id)) {
        throw new AccountError(`an account with the id ${record.id} exists already`);
      }
      writeUsersFile(this.file, parseAccounts([...records, { ...record, email }]));
      this.reload();
    });
  }

  setPassword(email: string, passwordHash: string): Promise<void> {
    // A password the operator sets is a usable one: an invitation still waiting is void from now on.
    return this.editByEmail(email, (record) => [
      set(passwordHash, "password_hash"),
      ...(record.password_unset === undefined ? [] : [set(undefined, "password_unset")]),
    ]);
  }

  setClaims(email: string, claims: Record<string, unknown>): Promise<void> {
    return this.editByEmail(email, (record) => [set(claimsSchema.parse(mergeClaims(record.claims, claims)), "claims")]);
  }

  setDisabled(email: string, disabled: boolean): Promise<void> {
    // Disabling voids the emailed links too: a waiting invitation must not enable the account again.
    return this.editByEmail(email, (record) => [
      set(disabled, "disabled"),
      ...(disabled && record.email_tokens !== undefined ? [set(undefined, "email_tokens")] : []),
    ]);
  }

  /** Removes the account from the file, passkeys and all; the rest of the file stays as it was. */
  remove(email: string): Promise<string> {
    return this.edit(
      byEmail(email),
      () => new AccountError(`no account with the email ${normalizeEmail(email)}`),
      (record) => ({ changes: [set(undefined)], result: record.id }),
    );
  }

  /** The accounts without password hashes and without their second factors' secrets. */
  async list(): Promise<Array<Omit<AccountRecord, "password_hash">>> {
    return readUsersFile(this.file).map(
      ({
        password_hash: _hash,
        totp: _totp,
        recovery_codes: _codes,
        passkeys: _passkeys,
        mfa_required: _mfa,
        email_tokens: _tokens,
        provider_links: _links,
        ...rest
      }) => rest,
    );
  }
}
