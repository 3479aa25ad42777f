import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";

export interface FileLockOptions {
  /** A lock older than this is taken to be left by a process that died (its holder needs milliseconds). */
  staleMs?: number;
  /** Give up waiting after this long, with an error naming the lock and its holder. */
  timeoutMs?: number;
}

const DEFAULT_STALE_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 10_000;

/** What a lock file says about its holder: "pid host time". */
interface Holder {
  pid: number;
  host: string;
}

function holderOf(lockFile: string): Holder | undefined {
  try {
    const [pid, host] = readFileSync(lockFile, "utf8").split(" ");
    return { pid: Number(pid), host: host ?? "" };
  } catch {
    return undefined;
  }
}

/** Whether a process with this id runs on this machine (EPERM: it runs, as another user). */
function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Creates the lock file, failing if it exists (O_EXCL): of several processes exactly one succeeds. */
function tryCreate(lockFile: string): boolean {
  let descriptor: number;
  try {
    descriptor = openSync(lockFile, "wx", 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new Error(`${lockFile}: cannot create the lock: ${(error as Error).message}`);
  }
  try {
    writeSync(descriptor, `${process.pid} ${hostname()} ${new Date().toISOString()}\n`);
  } finally {
    closeSync(descriptor);
  }
  return true;
}

/** A file's identity and age, or undefined when it is gone. */
function identity(file: string): { id: string; ageMs: number } | undefined {
  try {
    const stat = statSync(file);
    return { id: `${stat.ino}:${stat.mtimeMs}`, ageMs: Date.now() - stat.mtimeMs };
  } catch {
    return undefined;
  }
}

/**
 * Removes the lock if its holder is gone: a process of this machine that no longer runs, or (another machine's,
 * on a shared volume, or one that names no holder) a lock older than `staleMs`. The removal happens under a second lock, after checking the
 * lock is still the one judged stale, so two processes breaking it at once cannot remove a fresh lock that one
 * of them took in between.
 */
function breakIfStale(lockFile: string, staleMs: number): void {
  const seen = identity(lockFile);
  if (seen === undefined) return;
  const holder = holderOf(lockFile);
  // A lock just created may not name its holder yet: no host, so only its age counts.
  const ours = holder !== undefined && holder.host === hostname();
  // Of this machine: gone when its process is; a running one is waited for (up to ten times longer, in case the
  // process id was reused).
  const stale = ours ? !isRunning(holder.pid) || seen.ageMs >= 10 * staleMs : seen.ageMs >= staleMs;
  if (!stale) return;
  const breaker = `${lockFile}.break`;
  if (!tryCreate(breaker)) {
    // Someone is breaking it now; a breaker left by a process that died in these few lines goes after staleMs.
    if ((identity(breaker)?.ageMs ?? 0) >= staleMs) rmSync(breaker, { force: true });
    return;
  }
  try {
    if (identity(lockFile)?.id === seen.id) rmSync(lockFile, { force: true });
  } finally {
    rmSync(breaker, { force: true });
  }
}

/**
 * Runs `task` while holding `lockFile`, a lock that works across processes (and machines sharing a volume, for
 * those that honour O_EXCL): created with O_EXCL, removed when the task ends. Waits for another holder with short
 * random pauses (never blocking the event loop), breaks a stale lock (see `breakIfStale`), and gives up after
 * `timeoutMs` with an error naming the holder.
 */
export async function withFileLock<T>(
  lockFile: string,
  task: () => T | Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  while (!tryCreate(lockFile)) {
    breakIfStale(lockFile, staleMs);
    if (Date.now() >= deadline) {
      const holder = holderOf(lockFile);
      throw new Error(
        `${lockFile}: still locked` +
          (holder === undefined ? "" : ` by process ${holder.pid} on ${holder.host}`) +
          "; if no such process runs, remove the file",
      );
    }
    await sleep(2 + Math.random() * 8);
  }
  try {
    return await task();
  } finally {
    rmSync(lockFile, { force: true });
  }
}
