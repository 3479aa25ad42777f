import { LRUCache } from "lru-cache";
import type { RedisClientType } from "redis";

/**
 * Short-lived values the sign-in keeps on the server: a passkey challenge until its answer comes (taken, so used
 * once whatever the outcome), and how a remembered login was made (read on a later step-up). Keyed by random or
 * hashed ids only, never by anything a stranger can choose; bounded in memory (least recently used go first) and
 * by their expiry in Redis, so a flood of strangers' pages costs a fixed amount of memory.
 */
export interface ProofStore {
  put(key: string, value: string, ttlMs: number): Promise<void>;
  /** The value, removed at once: a second take finds nothing. */
  take(key: string): Promise<string | undefined>;
  get(key: string): Promise<string | undefined>;
}

export class MemoryProofStore implements ProofStore {
  private readonly values: LRUCache<string, string>;

  constructor(options: { maxEntries?: number } = {}) {
    this.values = new LRUCache({ max: options.maxEntries ?? 20_000, ttlAutopurge: false });
  }

  get size(): number {
    return this.values.size;
  }

  put(key: string, value: string, ttlMs: number): Promise<void> {
    this.values.set(key, value, { ttl: ttlMs });
    return Promise.resolve();
  }

  take(key: string): Promise<string | undefined> {
    const value = this.values.get(key);
    this.values.delete(key);
    return Promise.resolve(value);
  }

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.values.get(key));
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
}
