import type { RedisClientType } from "redis";

/** The sign-in's attempt counters and one-time proofs in Redis, shared by every instance; loaded only when used. */
export async function redisSignInStores(client: RedisClientType) {
  const [{ RedisAttemptStore }, { RedisProofStore }] = await Promise.all([
    import("./attempts-redis.js"),
    import("./proofs.js"),
  ]);
  return { attempts: new RedisAttemptStore(client), proofs: new RedisProofStore(client) };
}
