import { createClient, type RedisClientType } from "redis";
import { RedisAttemptStore } from "../sign-in/attempts-redis.js";
import { clearAccountAttempts } from "../sign-in/limits.js";

/** Clears every step's failures and locks of one account in the app's shared Redis. */
export async function unlockAccount(redisUrl: string, account: { email: string; id: string }): Promise<void> {
  const client = createClient({ url: redisUrl, socket: { connectTimeout: 5000, reconnectStrategy: false } });
  await client.connect();
  try {
    const store = new RedisAttemptStore(client as RedisClientType);
    await clearAccountAttempts(store, account);
  } finally {
    await client.quit().catch(() => undefined);
  }
}
