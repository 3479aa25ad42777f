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
import { claimsSchema, parseAccounts, toUser, type AccountRecord } from "./account-record.js";
import { UnknownAccountError, type UserStore } from "./store.js";
import { MemoryUserStore } from "./memory-store.js";
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
export function writeUsersFile(file: string, records: AccountRecord[]): void {
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
 * The file's text with one account's password hash replaced and nothing else changed: the other accounts keep
 * exactly the fields they had (no defaults filled in), and a YAML file keeps its comments, order and quoting.
 * A JSON file is written back indented by two spaces, as the accounts command writes it.
 */
function withPasswordHash(file: string, text: string, id: string, passwordHash: string): string {
  if (isYaml(file)) {
    const document = YAML.parseDocument(text);
    const index = parseUsersText(file, text, document).findIndex((record) => record.id === id);
    if (index < 0) throw new UnknownAccountError(id);
    const node = document.getIn([index, "password_hash"], true);
    if (YAML.isScalar(node)) node.value = passwordHash;
    else document.setIn([index, "password_hash"], passwordHash);
    return document.toString({ lineWidth: 0 }); // 0: no folding of long lines, such as a double-quoted hash
  }
  const index = parseUsersText(file, text).findIndex((record) => record.id === id);
  if (index < 0) throw new UnknownAccountError(id);
  const data = JSON.parse(text) as Array<Record<string, unknown>>;
  data[index]!.password_hash = passwordHash;
  return JSON.stringify(data, null, 2) + "\n";
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

  /**
   * Rewrites the file with the new hash (see `withPasswordHash`) and installs the result at once, so the next
   * sign-in checks the new password without waiting for the watcher. A broken file is left alone and the change
   * refused, rather than written over what someone is editing.
   */
  async changePassword(id: string, newPasswordHash: string): Promise<void> {
    const text = withPasswordHash(this.file, readUsersText(this.file), id, newPasswordHash);
    const records = parseUsersText(this.file, text);
    writeAtomically(this.file, text);
    this.install(records);
    this.loadedVersion = this.version();
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
