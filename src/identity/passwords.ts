import { randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import argon2 from "argon2";
import { unavailable } from "../errors.js";

// OWASP's argon2id recommendation (19 MiB, 2 iterations, 1 lane): strong, and cheap enough for a login page.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * How many password checks may wait for a free core in one process before the next is refused at once: about
 * 2.5 s of work on two cores. More than one address may have in flight by default (LOGIN_MAX_FAILURES_PER_IP,
 * 100), so a single address meets its own limit (429) before it can fill the line for everyone else.
 */
export const DEFAULT_MAX_WAITING_CHECKS = 128;

export interface HashQueueOptions {
  /** At most this many at a time; default: one per core. */
  maxConcurrent?: number;
  /** At most this many waiting behind them; past it, `run` throws a 503 at once. */
  maxWaiting?: number;
}

/**
 * At most one hash per core at a time. More cannot finish sooner, and each one in flight holds 19 MiB that the
 * allocator keeps afterwards: unbounded, a burst of sign-ins grows the process by 19 MiB a thread for good.
 * The line behind them is bounded too: a flood of sign-ins with made-up emails would otherwise queue checks without
 * end and slow every honest sign-in behind it; past the bound the request gets our 503 page (with Retry-After)
 * at once, which costs nothing.
 */
export class HashQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  readonly maxConcurrent: number;
  readonly maxWaiting: number;

  constructor(options: HashQueueOptions = {}) {
    this.maxConcurrent = Math.max(1, options.maxConcurrent ?? availableParallelism());
    this.maxWaiting = Math.max(0, options.maxWaiting ?? DEFAULT_MAX_WAITING_CHECKS);
  }

  /** Checks running and checks waiting, for tests and metrics. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxConcurrent) {
      if (this.waiting.length >= this.maxWaiting) {
        throw unavailable(
          "password checks",
          new Error(`${this.waiting.length} password checks are waiting already (the most this process queues)`),
        );
      }
      // The one finishing hands its place over directly (see below), so nobody overtakes a waiting check.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) this.running -= 1;
      else next();
    }
  }
}

/**
 * Hashes and checks passwords through one bounded queue. The text hashed is the password after NFKC, the form in
 * which the password policy counts and compares it: "ﬁ" and "fi", a composed and a decomposed "é", are one password.
 */
export class PasswordHasher {
  readonly queue: HashQueue;

  constructor(options: HashQueueOptions = {}) {
    this.queue = new HashQueue(options);
  }

  hash(password: string): Promise<string> {
    const normalized = password.normalize("NFKC");
    return this.queue.run(() => argon2.hash(normalized, OPTIONS));
  }

  /** Throws only when the queue is full (a 503); any other failure, such as a malformed hash, is `false`. */
  verify(hash: string, password: string): Promise<boolean> {
    const normalized = password.normalize("NFKC");
    return this.queue.run(async () => {
      try {
        if (await argon2.verify(hash, normalized)) return true;
        // Hashes made before passwords were normalised hold the raw text. Only when NFKC changed what was typed can
        // the raw text differ from what was just checked, so only then does a second check (in the same place in
        // the queue) make sense; a hash set since then never matches the raw form of a non-NFKC password.
        return normalized !== password && (await argon2.verify(hash, password));
      } catch {
        return false; // a malformed stored hash never signs anyone in
      }
    });
  }
}

/** The process's one hasher: its queue is the bound on password work (exported for tests and metrics). */
export const passwordHasher = new PasswordHasher();

export function hashPassword(password: string): Promise<string> {
  return passwordHasher.hash(password);
}

export function verifyPassword(hash: string, password: string): Promise<boolean> {
  return passwordHasher.verify(hash, password);
}

let dummyHash: Promise<string> | undefined;
/** A hash to check against when the account does not exist, so both paths cost the same. */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword("not-a-real-password-" + randomBytes(12).toString("base64url"));
  dummyHash.catch(() => (dummyHash = undefined)); // a full queue at the first call: make it next time
  return dummyHash;
}

/** Makes the dummy hash now, so that the first unknown email after a start costs what every other one does. */
export async function prepareDummyHash(): Promise<void> {
  await dummyPasswordHash();
}
