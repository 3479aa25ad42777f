import type { RedisClientType } from "redis";
import request from "supertest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/http/logging.js";
import { connectRedis } from "../../src/redis.js";
import { redisSignInStores } from "../../src/sign-in/stores.js";
import { acceptsOf, codeIn, emailSignInApp, wrongCode } from "../support/email-sign-in.js";
import { csrfTokenOf } from "../support/forms.js";
import { startMailpit, type Mailpit } from "../support/mailpit.js";
import { startRedisServer, type RedisServer } from "../support/redis-server.js";

const DEMO = "foo@bar.com";

describe("sign in by email over two instances sharing Redis", () => {
  let mailpit: Mailpit;
  let server: RedisServer;
  const clients: RedisClientType[] = [];
  beforeAll(async () => {
    [mailpit, server] = await Promise.all([startMailpit(), startRedisServer()]);
  });
  beforeEach(async () => {
    // Each test starts with empty counters (the IP of every request here is the same).
    await Promise.all([mailpit.deleteAll(), clients[0]?.flushAll()]);
  });
  afterAll(async () => {
    for (const client of clients) await client.quit().catch(() => undefined);
    await Promise.all([mailpit.stop(), server.stop()]);
  });

  async function instance() {
    const client = await connectRedis(server.url, createLogger("silent"));
    clients.push(client);
    return emailSignInApp(mailpit.smtpUrl, {
      env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: "50" },
      deps: { signInStores: await redisSignInStores(client), redis: client },
    });
  }

  /** A browser without an agent: its cookies (the CSRF pair's, the email sign-in's) carried by hand between instances. */
  async function askOn(app: Awaited<ReturnType<typeof instance>>["app"], challenge: string) {
    const login = await request(app).get(`/login?login_challenge=${challenge}`).expect(200);
    const jar = new Map<string, string>();
    const keep = (answer: request.Response) => {
      for (const line of (answer.headers["set-cookie"] as unknown as string[] | undefined) ?? []) {
        const [pair = ""] = line.split(";");
        jar.set(pair.slice(0, pair.indexOf("=")), pair);
      }
    };
    keep(login);
    const cookies = () => [...jar.values()].join("; ");
    const asked = await request(app)
      .post("/login/email")
      .set("Cookie", cookies())
      .type("form")
      .send({ _csrf: csrfTokenOf(login.text), challenge, email: "ada@example.com" })
      .expect(200);
    keep(asked);
    return { cookies: cookies(), token: csrfTokenOf(asked.text) };
  }

  it("30 asks from one IP spread over both send at most three emails (that IP's share of the address)", async () => {
    const [a, b] = [await instance(), await instance()];
    const agents = [request.agent(a.app), request.agent(b.app)];
    const tokens = await Promise.all(
      agents.map(async (agent) => csrfTokenOf((await agent.get("/login?login_challenge=flow-r")).text)),
    );
    await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        agents[index % 2]!.post("/login/email")
          .type("form")
          .send({ _csrf: tokens[index % 2], challenge: "flow-r", email: DEMO }),
      ),
    );
    await mailpit.waitFor(DEMO, 3);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await mailpit.messagesTo(DEMO)).toHaveLength(3);
  });

  it("a code asked on one instance works on the other; wrong codes spread over both void it after five", async () => {
    const [a, b] = [await instance(), await instance()];
    const asked = await askOn(a.app, "flow-1");
    const { code } = await codeIn(mailpit, "ada@example.com");
    const post = (app: typeof a.app, value: string) =>
      request(app)
        .post("/login/email/code")
        .set("Cookie", asked.cookies)
        .type("form")
        .send({ _csrf: asked.token, challenge: "flow-1", code: value });
    const wrong = await Promise.all(Array.from({ length: 12 }, (_, i) => post(i % 2 ? a.app : b.app, wrongCode(code))));
    expect(wrong.every((answer) => answer.status === 401 || answer.status === 429)).toBe(true);
    expect((await post(b.app, code)).status).toBe(401);
    expect([...acceptsOf(a.hydra), ...acceptsOf(b.hydra)]).toHaveLength(0);

    // A fresh code, asked on A, typed on B.
    const again = await askOn(a.app, "flow-2");
    const fresh = await codeIn(mailpit, "ada@example.com", 2);
    const done = await request(b.app)
      .post("/login/email/code")
      .set("Cookie", again.cookies)
      .type("form")
      .send({ _csrf: again.token, challenge: "flow-2", code: fresh.code });
    expect(done.status).toBe(303);
    expect(acceptsOf(b.hydra)[0]?.body).toMatchObject({ subject: "ada", amr: ["email"], acr: "1" });
  });
});
