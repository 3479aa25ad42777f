import type { RedisClientType } from "redis";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/http/logging.js";
import { demoAccount, MemoryUserStore } from "../../src/identity/memory-store.js";
import { connectRedis } from "../../src/redis.js";
import { redisSignInStores } from "../../src/sign-in/stores.js";
import { csrfTokenOf } from "../support/forms.js";
import { fakeHydra } from "../support/fake-hydra.js";
import { startMailpit, type Mailpit } from "../support/mailpit.js";
import { startRedisServer, type RedisServer } from "../support/redis-server.js";

const NEW_PASSWORD = "violet-harbour-lantern-42";

describe("forgot password over two instances sharing Redis", () => {
  let mailpit: Mailpit;
  let server: RedisServer;
  const clients: RedisClientType[] = [];
  beforeAll(async () => {
    [mailpit, server] = await Promise.all([startMailpit(), startRedisServer()]);
  });
  afterAll(async () => {
    for (const client of clients) await client.quit().catch(() => undefined);
    await Promise.all([mailpit.stop(), server.stop()]);
  });

  /** Two instances of the app, one user store (as with a users file or PostgreSQL) and one Redis. */
  async function twoInstances() {
    const users = new MemoryUserStore([await demoAccount()]);
    const config = loadConfig({
      NODE_ENV: "test",
      SESSION_SECRET: "email-redis-tests-session-secret-0123456789",
      BASE_URL: "http://127.0.0.1:3000",
      SMTP_URL: mailpit.smtpUrl,
    });
    const instance = async () => {
      const client = await connectRedis(server.url, createLogger("silent"));
      clients.push(client);
      const app = createApp(config, {
        hydra: fakeHydra(),
        users,
        logger: createLogger("silent"),
        signInStores: await redisSignInStores(client),
        redis: client,
      });
      const agent = request.agent(app);
      const form = await agent.get("/recovery").expect(200);
      return { app, agent, token: csrfTokenOf(form.text) };
    };
    return [await instance(), await instance()] as const;
  }

  it("a burst spread over both sends at most 3 emails, and a link made on one is used once on either", async () => {
    await mailpit.deleteAll();
    const [a, b] = await twoInstances();
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, index) => {
        const { agent, token } = index % 2 === 0 ? a : b;
        return agent.post("/recovery").type("form").send({ _csrf: token, email: "foo@bar.com" });
      }),
    );
    // The per-IP limit (20 an hour) is shared too.
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(20);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(10);
    await mailpit.waitFor("foo@bar.com", 3);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const sent = await mailpit.messagesTo("foo@bar.com");
    expect(sent).toHaveLength(3);

    const links = await Promise.all(
      sent.map(async (message) => /\/recovery\/[A-Za-z0-9_-]{43}/.exec((await mailpit.message(message.ID)).Text)![0]),
    );
    const [link] = links;
    const page = await b.agent.get(link!).expect(200);
    await b.agent
      .post(link!)
      .type("form")
      .send({ _csrf: csrfTokenOf(page.text), new_password: NEW_PASSWORD, new_password_repeat: NEW_PASSWORD })
      .expect(200);
    expect((await a.agent.get(link!)).status).toBe(410);
    // The other two links were made for the old password: void now, on both instances.
    for (const other of links.slice(1)) {
      expect((await a.agent.get(other)).status).toBe(410);
      expect((await b.agent.get(other)).status).toBe(410);
    }
  });
});
