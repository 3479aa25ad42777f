import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/http/logging.js";
import { redisSignInStores } from "../../src/sign-in/stores.js";
import { PostgresUsersStore } from "../../src/identity/users-postgres.js";
import { connectRedis, redisIsReady } from "../../src/redis.js";
import { startPostgres } from "../../e2e/harness/postgres.js";
import { listen, openForm, postForm } from "../support/listen.js";
import { startRedisServer, type RedisServer } from "../support/redis-server.js";
import { appUnderTest } from "../support/app-under-test.js";

const CHALLENGE = "challenge-faults";
const signIn = { challenge: CHALLENGE, action: "accept", email: "foo@bar.com", password: "foobar" };

async function expectRetryPage(answer: Response) {
  expect(answer.status).toBe(503);
  expect(answer.headers.get("retry-after")).toBe("5");
  const html = await answer.text();
  expect(html).toContain("The sign-in service is not available");
  expect(html).toContain(`id="retry" href="/login?login_challenge=${CHALLENGE}"`);
}

describe("a dependency stopped mid-flow", () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it("Redis stopped between the form and the post: a 503 page with Retry-After and Try again; back by itself once Redis is", async () => {
    let redisServer: RedisServer = await startRedisServer();
    cleanups.push(() => redisServer.stop());
    const client = await connectRedis(redisServer.url, createLogger("silent"));
    cleanups.push(() => client.disconnect());
    const { app } = await appUnderTest(
      {},
      {
        signInStores: await redisSignInStores(client),
        readiness: { redis: () => redisIsReady(client) },
      },
    );
    const server = await listen(app);
    cleanups.push(() => server.close());

    const form = await openForm(`${server.url}/login?login_challenge=${CHALLENGE}`);
    await redisServer.stop();
    const started = Date.now();
    await expectRetryPage(await postForm(`${server.url}/login`, form, signIn));
    expect(Date.now() - started).toBeLessThan(2000); // refused at once, not after a client timeout
    expect((await fetch(`${server.url}/health/ready`)).status).toBe(503);
    // A stranger's page needs no Redis at all.
    expect((await fetch(`${server.url}/login?login_challenge=${CHALLENGE}`)).status).toBe(200);

    redisServer = await startRedisServer({ port: redisServer.port });
    const deadline = Date.now() + 10_000;
    while (!(await redisIsReady(client)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const again = await postForm(`${server.url}/login`, form, signIn);
    expect(again.status).toBe(303);
    expect((await fetch(`${server.url}/health/ready`)).status).toBe(200);
  }, 30_000);

  it("the user database stopped: a 503 page with Retry-After and Try again, never a 500", async () => {
    const postgres = await startPostgres();
    cleanups.push(() => postgres.stop());
    await postgres.createDatabase("users");
    const store = await PostgresUsersStore.connect(postgres.url("users"), createLogger("silent"));
    cleanups.push(() => store.close());
    const { app } = await appUnderTest({}, { users: store, readiness: { users: () => store.isReady() } });
    const server = await listen(app);
    cleanups.push(() => server.close());

    const form = await openForm(`${server.url}/login?login_challenge=${CHALLENGE}`);
    expect((await postForm(`${server.url}/login`, form, signIn)).status).toBe(401); // no such account yet
    await postgres.stop();
    await expectRetryPage(await postForm(`${server.url}/login`, form, signIn));
    expect((await fetch(`${server.url}/health/ready`)).status).toBe(503);
  }, 60_000);
});
