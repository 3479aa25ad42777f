import type { RedisClientType } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/http/logging.js";
import { BoundedMemoryStore } from "../../src/http/session-store.js";
import { connectRedis, redisSessionStore } from "../../src/redis.js";
import { listen } from "../support/listen.js";
import { STRANGER_REQUESTS } from "../support/stranger-requests.js";
import { startRedisServer, type RedisServer } from "../support/redis-server.js";
import { appUnderTest } from "../support/app-under-test.js";

/** `total` cookie-less requests, `concurrency` at a time; returns the statuses seen and the cookies set. */
async function flood(url: string, total: number, concurrency: number) {
  const statuses = new Map<number, number>();
  const cookieNames = new Set<string>();
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const spec = STRANGER_REQUESTS[next++ % STRANGER_REQUESTS.length]!;
      const answer = await fetch(url + spec.path, {
        method: spec.method,
        redirect: "manual",
        headers: spec.body ? { "Content-Type": "application/x-www-form-urlencoded" } : {},
        body: spec.body,
      });
      await answer.arrayBuffer();
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      for (const line of answer.headers.getSetCookie()) cookieNames.add(line.split("=")[0]!);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { statuses, cookieNames };
}

describe("strangers cost nothing", () => {
  let redisServer: RedisServer;
  let redis: RedisClientType;
  beforeAll(async () => {
    redisServer = await startRedisServer();
    redis = await connectRedis(redisServer.url, createLogger("silent"));
  });
  afterAll(async () => {
    await redis?.quit().catch(() => undefined);
    await redisServer?.stop();
  });

  it("20,000 cookie-less requests to every flow route store no session (bounded memory store)", async () => {
    const store = new BoundedMemoryStore({ maxSessions: 1000, ttlMs: 60_000 });
    const { app } = await appUnderTest({}, { sessionStore: store });
    const server = await listen(app);
    try {
      const { statuses, cookieNames } = await flood(server.url, 20_000, 16);
      expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(20_000);
      expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([]);
      expect(statuses.get(403)).toBeGreaterThan(0); // the refused forms were really refused
      expect(store.size).toBe(0);
      // Only the stateless CSRF cookie: never a session cookie.
      expect([...cookieNames]).toEqual(["hlc.csrf"]);
    } finally {
      await server.close();
    }
  }, 120_000);

  it("with Redis, 2,000 cookie-less requests leave no key behind", async () => {
    await redis.flushAll();
    const { app } = await appUnderTest({}, { sessionStore: redisSessionStore(redis) });
    const server = await listen(app);
    try {
      await flood(server.url, 2_000, 16);
      expect(await redis.dbSize()).toBe(0);
    } finally {
      await server.close();
    }
  }, 60_000);
});
