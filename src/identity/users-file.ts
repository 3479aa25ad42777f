import { readFileSync, renameSync, statSync, watch, writeFileSync, type FSWatcher } from "node:fs";
import path from "node:path";
import type { Logger } from "pino";
import YAML from "yaml";
import { AccountError, mergeClaims, type AccountAdmin } from "./account-admin.js";
import { claimsSchema, parseAccounts, toUser, type AccountRecord } from "./account-record.js";
import type { UserStore } from "./store.js";
import { MemoryUserStore } from "./memory-store.js";
import { normalizeEmail, type User, type UserWithPassword } from "./user.js";

const isYaml = (file: string) => /\.ya?ml$/i.test(file);

/** Reads and checks a users file; throws with the path and the reason. */
export function readUsersFile(file: string): AccountRecord[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`${file}: cannot read: ${(error as Error).message}`);
  }
  try {
    const data: unknown = text.trim() === "" ? [] : isYaml(file) ? YAML.parse(text) : JSON.parse(text);
    return parseAccounts(data);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/\s+/g, " ").slice(0, 500) : String(error);
    throw new Error(`${file}: ${reason}`);
  }
}

/** Writes the whole list atomically (temporary file, then rename), keeping the file's format. */
export function writeUsersFile(file: string, records: AccountRecord[]): void {
  const text = isYaml(file) ? YAML.stringify(records) : JSON.stringify(records, null, 2) + "\n";
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(temporary, text, { mode: 0o600 });
  renameSync(temporary, file);
}

/**
 * Accounts from a JSON or YAML file, held in memory and reloaded when the file changes. A broken file keeps
 * the last good accounts and logs an error, so a typo never locks everyone out.
 */
export class UsersFileStore implements UserStore, AccountAdmin {
  /** The accounts of the last good version of the file; replaced whole on each good reload. */
  private accounts = new MemoryUserStore([]);
  private loadedVersion = "";
  private watcher: FSWatcher | undefined;
  private reloadTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly file: string,
    private readonly logger: Logger,
    options: { watch?: boolean } = {},
  ) {
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
    this.accounts = new MemoryUserStore(records.map(toUser));
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

  close(): Promise<void> {
    this.watcher?.close();
    clearTimeout(this.reloadTimer);
    clearInterval(this.pollTimer);
    return Promise.resolve();
  }

  // Account administration: read, change, write back the whole file.

  private change(email: string, edit: (record: AccountRecord) => AccountRecord): void {
    const records = readUsersFile(this.file);
    const wanted = normalizeEmail(email);
    const index = records.findIndex((record) => normalizeEmail(record.email) === wanted);
    if (index < 0) throw new AccountError(`no account with the email ${wanted}`);
    records[index] = edit(records[index]!);
    writeUsersFile(this.file, parseAccounts(records));
    this.reload();
  }

  async add(record: AccountRecord): Promise<void> {
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
  }

  async setPassword(email: string, passwordHash: string): Promise<void> {
    this.change(email, (record) => ({ ...record, password_hash: passwordHash }));
  }

  async setClaims(email: string, claims: Record<string, unknown>): Promise<void> {
    this.change(email, (record) => ({ ...record, claims: claimsSchema.parse(mergeClaims(record.claims, claims)) }));
  }

  async setDisabled(email: string, disabled: boolean): Promise<void> {
    this.change(email, (record) => ({ ...record, disabled }));
  }

  async list(): Promise<Array<Omit<AccountRecord, "password_hash">>> {
    return readUsersFile(this.file).map(({ password_hash: _omitted, ...rest }) => rest);
  }
}
