import { RedisStore } from "connect-redis";
import type { Logger } from "pino";
import { createClient, type RedisClientType } from "redis";

/** One Redis connection per process, shared by the session store and the sign-in counters. */
export async function connectRedis(url: string, logger: Logger): Promise<RedisClientType> {
  const client = createClient({
    url,
    socket: { connectTimeout: 5000, reconnectStrategy: (retries) => Math.min(retries * 200, 2000) },
    // While Redis is away, commands fail at once (our 503 page) instead of queueing until a request times out.
    disableOfflineQueue: true,
  }) as RedisClientType;
  client.on("error", (error: unknown) => logger.error({ err: error }, "redis connection error"));
  await client.connect();
  return client;
}

export function redisSessionStore(client: RedisClientType): RedisStore {
  return new RedisStore({ client, prefix: "hlc:sess:" });
}

export async function redisIsReady(client: RedisClientType): Promise<boolean> {
  try {
    return client.isReady && (await client.ping()) === "PONG";
  } catch {
    return false;
  }
}
