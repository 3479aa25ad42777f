import { LRUCache } from "lru-cache";

/**
 * Counters of attempts at one thing (an account's password, an account's codes, a pending sign-in, a client IP),
 * kept so that concurrency cannot multiply attempts: an attempt is begun (counted as in flight) before the check it
 * guards, and settled after it. `failures` are the failed checks within the window; `inFlight` the checks begun and
 * not settled. Begin refuses when failures + in flight reach the limit, and says which of the two it was, so a
 * crowd of right answers can wait while a burst of guesses is refused.
 */
export interface AttemptLimit {
  /** Failures within `windowMs` that lock. */
  max: number;
  windowMs: number;
  lockMs: number;
}

export type BeginResult =
  { begun: true; failures: number } | { begun: false; lockedForMs: number; failures: number; inFlight: number };

export interface AttemptStore {
  /** Counts one check in flight, unless the key is locked or failures + in flight reach the limit. */
  begin(key: string, limit: AttemptLimit): Promise<BeginResult>;
  /** A begun check failed: one failure more; reaching the limit locks for `lockMs`. */
  fail(key: string, limit: AttemptLimit): Promise<{ failures: number; locked: boolean }>;
  /** A begun check passed: its failures are forgotten (only this key's: each step has its own). */
  succeed(key: string): Promise<void>;
  /** A begun check could not be made (a dependency failed): as if it never began. */
  release(key: string): Promise<void>;
  /** The operator's unlock: the lock and the failures of this key are gone. */
  clear(key: string): Promise<void>;
  /** The same for every key that begins with `prefix` (an account's counters from each address). */
  clearAll(prefix: string): Promise<void>;
}

/** How long a check may stay in flight before its slot is taken back (a process that died mid-check). */
export const IN_FLIGHT_TTL_MS = 60_000;

interface Entry {
  failures: number;
  windowEndsAt: number;
  inFlight: number;
  lockedUntil: number;
}

/**
 * The attempt counters of a single instance. Bounded: the least recently used keys go first when `maxKeys` is
 * reached, so a flood of random emails or addresses cannot grow the process (an evicted key starts again at zero,
 * which a flood cannot aim at one account).
 */
export class MemoryAttemptStore implements AttemptStore {
  private readonly entries: LRUCache<string, Entry>;

  constructor(options: { maxKeys?: number } = {}) {
    // Counted through maxSize (each entry weighs 1), not `max`: with `max`, lru-cache allocates its arrays for every
    // entry up front, about 2.8 MB for 100,000 before the first attempt; this way they grow with the entries.
    this.entries = new LRUCache({ maxSize: options.maxKeys ?? 100_000, sizeCalculation: () => 1 });
  }

  /** How many keys are kept (for the flood tests). */
  get size(): number {
    return this.entries.size;
  }

  private entry(key: string, now: number): Entry {
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = { failures: 0, windowEndsAt: 0, inFlight: 0, lockedUntil: 0 };
      this.entries.set(key, entry);
    }
    if (entry.windowEndsAt <= now) entry.failures = 0;
    return entry;
  }

  begin(key: string, limit: AttemptLimit): Promise<BeginResult> {
    const now = Date.now();
    const entry = this.entry(key, now);
    if (entry.lockedUntil > now) {
      return Promise.resolve({
        begun: false,
        lockedForMs: entry.lockedUntil - now,
        failures: entry.failures,
        inFlight: entry.inFlight,
      });
    }
    if (entry.failures + entry.inFlight >= limit.max) {
      return Promise.resolve({ begun: false, lockedForMs: 0, failures: entry.failures, inFlight: entry.inFlight });
    }
    entry.inFlight += 1;
    return Promise.resolve({ begun: true, failures: entry.failures });
  }

  fail(key: string, limit: AttemptLimit): Promise<{ failures: number; locked: boolean }> {
    const now = Date.now();
    const entry = this.entry(key, now);
    entry.inFlight = Math.max(0, entry.inFlight - 1);
    if (entry.failures === 0) entry.windowEndsAt = now + limit.windowMs;
    entry.failures += 1;
    const locked = entry.failures >= limit.max;
    if (locked) entry.lockedUntil = now + limit.lockMs;
    return Promise.resolve({ failures: entry.failures, locked });
  }

  succeed(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      entry.inFlight = Math.max(0, entry.inFlight - 1);
      entry.failures = 0;
    }
    return Promise.resolve();
  }

  release(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (entry !== undefined) entry.inFlight = Math.max(0, entry.inFlight - 1);
    return Promise.resolve();
  }

  clear(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      entry.failures = 0;
      entry.lockedUntil = 0;
    }
    return Promise.resolve();
  }

  async clearAll(prefix: string): Promise<void> {
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) await this.clear(key);
  }
}
