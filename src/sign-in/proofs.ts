import { LRUCache } from "lru-cache";
import type { RedisClientType } from "redis";

/**
 * Short-lived values the sign-in keeps on the server: a mark that a passkey challenge was used (written once, when
 * its answer comes), one-time links, and how a remembered login was made (read on a later step-up). Keyed by random or
 * hashed ids only, never by anything a stranger can choose; bounded in memory (least recently used go first) and
 * by their expiry in Redis, so a flood of strangers' pages costs a fixed amount of memory.
 */
export interface ProofStore {
  put(key: string, value: string, ttlMs: number): Promise<void>;
  /** The value, removed at once: a second take finds nothing. */
  take(key: string): Promise<string | undefined>;
  get(key: string): Promise<string | undefined>;
  /** Puts a mark unless one is there: true for the one caller (on any instance) that put it. */
  claim(key: string, ttlMs: number): Promise<boolean>;
}

/**
 * In memory, three bounded sets: the marks of used passkey challenges, round trips to identity providers (and the
 * identities waiting on our link page), and what people's sign-ins keep (how a remembered login was made, emailed
 * codes). Each is pushed out only by its own kind: a flood of round trips (which any stranger may start, within the
 * IP's quota) cannot evict a passkey's used mark and so reopen the replay of a captured passkey answer.
 */
export class MemoryProofStore implements ProofStore {
  private readonly challenges: LRUCache<string, string>;
  private readonly upstream: LRUCache<string, string>;
  private readonly kept: LRUCache<string, string>;

  constructor(options: { maxChallenges?: number; maxUpstream?: number; maxKept?: number } = {}) {
    // Counted through maxSize (each entry weighs 1), not `max`: with `max`, lru-cache allocates its arrays for every
    // entry up front (and more for the expiries on first use), about 5 MB for these before the first proof.
    this.challenges = new LRUCache({ maxSize: options.maxChallenges ?? 20_000, sizeCalculation: () => 1 });
    this.upstream = new LRUCache({ maxSize: options.maxUpstream ?? 20_000, sizeCalculation: () => 1 });
    this.kept = new LRUCache({ maxSize: options.maxKept ?? 100_000, sizeCalculation: () => 1 });
  }

  get size(): number {
    return this.challenges.size + this.upstream.size + this.kept.size;
  }

  private setFor(key: string): LRUCache<string, string> {
    if (key.startsWith("passkey:")) return this.challenges;
    if (key.startsWith("upstream:")) return this.upstream;
    return this.kept;
  }

  put(key: string, value: string, ttlMs: number): Promise<void> {
    this.setFor(key).set(key, value, { ttl: ttlMs });
    return Promise.resolve();
  }

  take(key: string): Promise<string | undefined> {
    const values = this.setFor(key);
    const value = values.get(key);
    values.delete(key);
    return Promise.resolve(value);
  }

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.setFor(key).get(key));
  }

  claim(key: string, ttlMs: number): Promise<boolean> {
    const values = this.setFor(key);
    if (values.has(key)) return Promise.resolve(false);
    values.set(key, "1", { ttl: ttlMs });
    return Promise.resolve(true);
  }
}

const PROOF_KEY_PREFIX = "hlc:proof:";

export class RedisProofStore implements ProofStore {
  constructor(private readonly redis: RedisClientType) {}

  async put(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.set(PROOF_KEY_PREFIX + key, value, { expiration: { type: "PX", value: Math.max(1, ttlMs) } });
  }

  async take(key: string): Promise<string | undefined> {
    return (await this.redis.getDel(PROOF_KEY_PREFIX + key)) ?? undefined;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(PROOF_KEY_PREFIX + key)) ?? undefined;
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const set = await this.redis.set(PROOF_KEY_PREFIX + key, "1", {
      condition: "NX",
      expiration: { type: "PX", value: Math.max(1, ttlMs) },
    });
    return set === "OK";
  }
}
