import { createClient, type RedisClientType } from "redis";
import { RedisAttemptStore } from "../sign-in/attempts-redis.js";
import { accountAttemptKeys } from "../sign-in/limits.js";

/** Clears every step's failures and locks of one account in the app's shared Redis. */
export async function unlockAccount(redisUrl: string, account: { email: string; id: string }): Promise<void> {
  const client = createClient({ url: redisUrl, socket: { connectTimeout: 5000, reconnectStrategy: false } });
  await client.connect();
  try {
    const store = new RedisAttemptStore(client as RedisClientType);
    for (const key of accountAttemptKeys(account)) await store.clear(key);
  } finally {
    await client.quit().catch(() => undefined);
  }
}
