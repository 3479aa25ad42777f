import type { RedisClientType } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/http/logging.js";
import { redisSignInStores } from "../../src/sign-in/stores.js";
import { demoAccount, MemoryUserStore } from "../../src/identity/memory-store.js";
import { connectRedis } from "../../src/redis.js";
import { listen, openForm, postForm } from "../support/listen.js";
import { startRedisServer, type RedisServer } from "../support/redis-server.js";
import { appUnderTest } from "../support/app-under-test.js";

const CHALLENGE = "challenge-burst";

/** The demo account's store, counting password checks (each check looks the account up once). */
async function countingStore() {
  const store = new MemoryUserStore([await demoAccount()]);
  const counted = { checks: 0 };
  const findByEmail = store.findByEmail.bind(store);
  store.findByEmail = (email) => {
    counted.checks += 1;
    return findByEmail(email);
  };
  return { store, counted };
}

/** `wrong` wrong passwords for one account at once, then the right one in the same burst, sent last. */
async function burst(options: { redis?: RedisClientType; wrong: number; env?: Record<string, string> }) {
  const env = { LOGIN_FAILURE_DELAY_MS: "0", ...options.env };
  const { store, counted } = await countingStore();
  const { app } = await appUnderTest(env, {
    users: store,
    signInStores: options.redis === undefined ? undefined : await redisSignInStores(options.redis),
  });
  const server = await listen(app);
  try {
    const form = await openForm(`${server.url}/login?login_challenge=${CHALLENGE}`);
    const send = (email: string, password: string) =>
      postForm(`${server.url}/login`, form, { challenge: CHALLENGE, action: "accept", email, password });
    const guesses = Array.from({ length: options.wrong }, (_, index) => send("foo@bar.com", `guess-${index}`));
    const right = send("foo@bar.com", "foobar");
    const statuses = await Promise.all([...guesses, right].map(async (answer) => (await answer).status));
    return { checks: counted.checks, statuses, rightStatus: statuses.at(-1) };
  } finally {
    await server.close();
  }
}

describe("limits hold under concurrency", () => {
  let redisServer: RedisServer;
  const clients: RedisClientType[] = [];
  beforeAll(async () => {
    redisServer = await startRedisServer();
  });
  afterAll(async () => {
    for (const client of clients) await client.quit().catch(() => undefined);
    await redisServer?.stop();
  });
  const redis = async () => {
    const client = await connectRedis(redisServer.url, createLogger("silent"));
    await client.flushAll();
    clients.push(client);
    return client;
  };

  it("in memory: 150 concurrent guesses at one account cost at most 10 checks, and the right password sent last is refused", async () => {
    const result = await burst({ wrong: 149 });
    expect(result.checks).toBeLessThanOrEqual(10);
    expect(result.checks).toBeGreaterThan(0);
    expect(result.rightStatus).toBe(429);
    expect(result.statuses.filter((status) => status === 303)).toHaveLength(0);
    expect(result.statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(140);
    console.info(`burst of 150 in memory: ${result.checks} password checks`);
  }, 30_000);

  it("in real Redis: 150 concurrent guesses at one account cost at most 10 checks, the right one refused", async () => {
    const result = await burst({ wrong: 149, redis: await redis() });
    expect(result.checks).toBeLessThanOrEqual(10);
    expect(result.checks).toBeGreaterThan(0);
    expect(result.rightStatus).toBe(429);
    expect(result.statuses.filter((status) => status === 303)).toHaveLength(0);
    console.info(`burst of 150 in Redis: ${result.checks} password checks`);
  }, 30_000);

  it("the per-IP limit holds in a burst of 500 against many accounts (limit 100), in memory and in Redis", async () => {
    for (const client of [undefined, await redis()]) {
      const { store, counted } = await countingStore();
      const env = { LOGIN_FAILURE_DELAY_MS: "0", LOGIN_MAX_FAILURES_PER_IP: "100" };
      const { app } = await appUnderTest(env, {
        users: store,
        signInStores: client === undefined ? undefined : await redisSignInStores(client),
      });
      const server = await listen(app);
      try {
        const form = await openForm(`${server.url}/login?login_challenge=${CHALLENGE}`);
        const statuses = await Promise.all(
          Array.from({ length: 500 }, async (_, index) => {
            const answer = await postForm(`${server.url}/login`, form, {
              challenge: CHALLENGE,
              action: "accept",
              email: `person-${index}@example.test`,
              password: "guess",
            });
            return answer.status;
          }),
        );
        expect(counted.checks).toBeLessThanOrEqual(100);
        expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(400);
      } finally {
        await server.close();
      }
    }
  }, 90_000);

  it("a right password within the limit still signs in, and gives its reserved failure back", async () => {
    const result = await burst({ wrong: 3 });
    expect(result.rightStatus).toBe(303);
    expect(result.checks).toBe(4);
  });
});
