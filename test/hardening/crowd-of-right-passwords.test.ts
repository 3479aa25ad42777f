import argon2 from "argon2";
import type { RedisClientType } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/http/logging.js";
import { demoAccount, MemoryUserStore } from "../../src/identity/memory-store.js";
import { connectRedis, redisSessionStore } from "../../src/redis.js";
import { redisSignInStores } from "../../src/sign-in/stores.js";
import { listen, openForm, postForm, type Listening } from "../support/listen.js";
import { startRedisServer, type RedisServer } from "../support/redis-server.js";
import { appUnderTest } from "../support/app-under-test.js";

const CHALLENGE = "challenge-crowd";

/**
 * Issue 19: limits reserve a failure before each check, so many right passwords in flight for one account used to
 * be refused with a 429 (10 refusals in 1,000 flows on one instance, 39 over two). A reservation that meets only
 * checks in flight now waits for them.
 */
describe("a crowd of right passwords for one account, over two instances sharing Redis", () => {
  let redis: RedisServer;
  const clients: RedisClientType[] = [];
  const servers: Listening[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    for (const server of servers) await server.close();
    for (const client of clients) await client.quit().catch(() => undefined);
    await redis?.stop();
  });

  async function instance(users: MemoryUserStore): Promise<Listening> {
    const client = await connectRedis(redis.url, createLogger("silent"));
    clients.push(client);
    const { app } = await appUnderTest(
      {},
      { users, sessionStore: redisSessionStore(client), signInStores: await redisSignInStores(client) },
    );
    const server = await listen(app);
    servers.push(server);
    return server;
  }

  it("1,000 flows at 50 at once end with 0 errors", { timeout: 240_000 }, async () => {
    // The smallest argon2id cost, so that the test measures the limits and not the hashing.
    const account = {
      ...(await demoAccount()),
      passwordHash: await argon2.hash("foobar", { memoryCost: 1024, timeCost: 1 }),
    };
    const users = new MemoryUserStore([account]);
    const instances = [await instance(users), await instance(users)];
    const form = await openForm(`${instances[0]!.url}/login?login_challenge=${CHALLENGE}`);
    const statuses = new Map<number, number>();
    let next = 0;
    async function worker() {
      while (next < 1000) {
        const index = next++;
        const server = instances[index % 2]!;
        const answer = await postForm(`${server.url}/login`, form, {
          challenge: CHALLENGE,
          action: "accept",
          email: "foo@bar.com",
          password: "foobar",
        });
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        await answer.arrayBuffer();
      }
    }
    await Promise.all(Array.from({ length: 50 }, worker));
    expect(Object.fromEntries(statuses)).toEqual({ 303: 1000 });
  });
});
