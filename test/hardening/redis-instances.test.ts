import type { RedisClientType } from "redis";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/http/logging.js";
import { redisSignInStores } from "../../src/sign-in/stores.js";
import { connectRedis, redisIsReady, redisSessionStore } from "../../src/redis.js";
import { csrfTokenOf } from "../support/forms.js";
import { startRedisServer, type RedisServer } from "../support/redis-server.js";
import { appUnderTest } from "../support/app-under-test.js";

const CHALLENGE = "challenge-two-instances";

/** Posts the demo account's sign-in from a page rendered elsewhere, with or without that page's cookie. */
function signIn(app: Parameters<typeof request>[0], pageHtml: string, cookie: string | undefined) {
  const post = request(app).post("/login");
  if (cookie !== undefined) post.set("Cookie", cookie);
  return post.type("form").send({
    _csrf: csrfTokenOf(pageHtml),
    challenge: CHALLENGE,
    action: "accept",
    email: "foo@bar.com",
    password: "foobar",
  });
}

describe("two app instances sharing one real Redis", () => {
  let server: RedisServer;
  const clients: RedisClientType[] = [];

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const client of clients) await client.quit().catch(() => undefined);
    await server?.stop();
  });

  /** An instance as main builds it with REDIS_URL: its own Redis connection, sessions and counters in Redis. */
  async function instance(env: Record<string, string> = {}) {
    const client = await connectRedis(server.url, createLogger("silent"));
    clients.push(client);
    const { app, hydra } = await appUnderTest(env, {
      sessionStore: redisSessionStore(client),
      signInStores: await redisSignInStores(client),
      readiness: { redis: () => redisIsReady(client) },
    });
    return { app, hydra };
  }

  it("a page rendered by instance A is submitted to instance B and works", async () => {
    const a = await instance();
    const b = await instance();
    const page = await request(a.app).get(`/login?login_challenge=${CHALLENGE}`).expect(200);
    const cookie = page.headers["set-cookie"]?.[0]?.split(";")[0];
    // The CSRF secret travels in a cookie signed with the shared SESSION_SECRET: B needs no state from A.
    expect(cookie).toMatch(/^hlc\.csrf=/);

    const posted = await signIn(b.app, page.text, cookie);
    expect(posted.status).toBe(303);
    expect(posted.headers.location).toBe("https://hydra.test/after/acceptLoginRequest");
    expect(b.hydra.calls.find((call) => call.operation === "acceptLoginRequest")?.body).toMatchObject({
      subject: "foo@bar.com",
    });
  });

  it("the same form without its CSRF cookie is refused by B (the token is tied to the cookie)", async () => {
    const a = await instance();
    const b = await instance();
    const page = await request(a.app).get(`/login?login_challenge=${CHALLENGE}`).expect(200);
    const posted = await signIn(b.app, page.text, undefined);
    expect(posted.status).toBe(403);
  });

  it("failed sign-ins on A count on B", async () => {
    const env = { LOGIN_MAX_FAILURES_PER_ACCOUNT: "3" };
    const a = await instance(env);
    const b = await instance(env);
    const email = `shared-${Date.now()}@example.test`;

    async function fail(app: typeof a.app) {
      const agent = request.agent(app);
      const page = await agent.get(`/login?login_challenge=${CHALLENGE}`).expect(200);
      return agent
        .post("/login")
        .type("form")
        .send({ _csrf: csrfTokenOf(page.text), challenge: CHALLENGE, action: "accept", email, password: "wrong" });
    }
    expect((await fail(a.app)).status).toBe(401);
    expect((await fail(a.app)).status).toBe(401);
    expect((await fail(b.app)).status).toBe(429);
    expect((await fail(a.app)).status).toBe(429);
  });

  it("readiness includes Redis, and turns 503 when Redis is gone", async () => {
    const own = await startRedisServer();
    const client = await connectRedis(own.url, createLogger("silent"));
    const { app } = await appUnderTest({}, { readiness: { redis: () => redisIsReady(client) } });
    const ready = await request(app).get("/health/ready");
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: "ok", checks: { hydra: true, redis: true } });

    await own.stop();
    const down = await request(app).get("/health/ready");
    expect(down.status).toBe(503);
    expect(down.body.checks.redis).toBe(false);
    await client.disconnect().catch(() => undefined);
  });
});
