import type { RedisClientType } from "redis";
import { pino } from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startPostgres, type Postgres } from "../../e2e/harness/postgres.js";
import { SIGN_UPS_PER_IP } from "../../src/flows/register.js";
import { createLogger } from "../../src/http/logging.js";
import { hashPassword } from "../../src/identity/passwords.js";
import { PostgresUsersStore } from "../../src/identity/users-postgres.js";
import { connectRedis } from "../../src/redis.js";
import { redisSignInStores } from "../../src/sign-in/stores.js";
import { startRedisServer, type RedisServer } from "../support/redis-server.js";
import { signUp, signUpApp, STRONG, usersFileStore, type AdminStore } from "./sign-up-app.js";

// Every password hash made, counted: a refused sign-up must make none.
vi.mock("../../src/identity/passwords.js", async (original) => {
  const actual = await original<typeof import("../../src/identity/passwords.js")>();
  return { ...actual, hashPassword: vi.fn(actual.hashPassword) };
});
const hashes = vi.mocked(hashPassword);

let postgres: Postgres;
let pgStore: PostgresUsersStore;
let redis: RedisServer;
const clients: RedisClientType[] = [];
beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedisServer()]);
  await postgres.createDatabase("accounts");
  pgStore = await PostgresUsersStore.connect(postgres.url("accounts"), pino({ level: "silent" }));
}, 60_000);
afterAll(async () => {
  for (const client of clients) await client.quit().catch(() => undefined);
  await pgStore?.close();
  await Promise.all([postgres?.stop(), redis?.stop()]);
});

const stores: Array<[string, () => AdminStore]> = [
  ["the users file", () => usersFileStore()],
  ["PostgreSQL", () => pgStore],
];

describe.each(stores)("sign-up attacks on %s", (_name, storeOf) => {
  it("20 sign-ups for one address at once (20 browsers, 20 IPs): exactly one account, the rest told it exists", async () => {
    const store = storeOf();
    const { app, hydra, sent } = await signUpApp(store);
    hashes.mockClear();
    const email = `race-${crypto.randomUUID()}@example.org`;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        signUp(app, { email }, { challenge: `race-${index}`, ip: `203.0.113.${index + 1}` }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([303, ...Array(19).fill(409)]);
    for (const answer of answers.filter((found) => found.status === 409)) {
      expect(answer.text).toContain("This address has an account: sign in, or reset your password.");
    }
    const accounts = (await store.list()).filter((record) => record.email === email);
    expect(accounts).toHaveLength(1);
    const accepts = hydra.calls.filter((call) => call.operation === "acceptLoginRequest");
    expect(accepts).toHaveLength(1);
    expect(accepts[0]!.body).toMatchObject({ subject: accounts[0]!.id });
    expect(sent).toHaveLength(1);
    // Several got past the lookup before the first account existed: the store's unique address decided.
    expect(hashes.mock.calls.length).toBeGreaterThan(1);
  });
});

describe("the per-IP limit of sign-ups", () => {
  it(`a burst from one IP: ${SIGN_UPS_PER_IP.max} go through, the rest get 429 with no lookup and no hash`, async () => {
    const store = usersFileStore();
    const lookups = vi.spyOn(store, "findByEmail");
    const { app, audit } = await signUpApp(store);
    hashes.mockClear(); // the app's own start (the demo account of the test support) hashes once
    const burst = SIGN_UPS_PER_IP.max + 8;
    const answers = await Promise.all(
      Array.from({ length: burst }, (_, index) =>
        signUp(app, { email: `burst-${index}@example.org` }, { ip: "198.51.100.20" }),
      ),
    );
    const made = answers.filter((answer) => answer.status === 200);
    const limited = answers.filter((answer) => answer.status === 429);
    expect(made).toHaveLength(SIGN_UPS_PER_IP.max);
    expect(limited).toHaveLength(8);
    expect(limited[0]!.headers["retry-after"]).toMatch(/^\d+$/);
    expect(Number(limited[0]!.headers["retry-after"])).toBeGreaterThan(3000);
    expect(limited[0]!.text).toContain("Too many sign-ups from your network.");
    expect(hashes).toHaveBeenCalledTimes(SIGN_UPS_PER_IP.max);
    expect(lookups.mock.calls.filter(([email]) => email.startsWith("burst-"))).toHaveLength(SIGN_UPS_PER_IP.max);
    expect((await store.list()).length).toBe(SIGN_UPS_PER_IP.max);
    expect(audit().filter((line) => line.audit === "account.sign_up_limited")).toHaveLength(8);
    // Another network is not held back by it.
    expect((await signUp(app, { email: "elsewhere@example.org" }, { ip: "192.0.2.44" })).status).toBe(200);
  });

  it("taken addresses count too: probing for accounts stops at the limit", async () => {
    const store = usersFileStore();
    const { app } = await signUpApp(store);
    await signUp(app, { email: "known@example.org" }, { ip: "192.0.2.1" });
    const probes = [];
    for (let index = 0; index < SIGN_UPS_PER_IP.max + 1; index += 1) {
      probes.push((await signUp(app, { email: "known@example.org" }, { ip: "198.51.100.30" })).status);
    }
    expect(probes).toEqual([...Array(SIGN_UPS_PER_IP.max).fill(409), 429]);
  });

  it("a form the person can fix (weak password, other domain) is answered without counting", async () => {
    const { app } = await signUpApp(usersFileStore(), { REGISTRATION_DOMAINS: "example.org" });
    hashes.mockClear();
    for (let index = 0; index < SIGN_UPS_PER_IP.max + 2; index += 1) {
      const weak = await signUp(app, { email: "fix@example.org", password: "password1234" }, { ip: "198.51.100.40" });
      expect(weak.status).toBe(400);
    }
    expect(hashes).not.toHaveBeenCalled();
    expect((await signUp(app, { email: "fix@example.org" }, { ip: "198.51.100.40" })).status).toBe(200);
  });

  it("is shared by two instances through Redis", async () => {
    const store = usersFileStore();
    const instance = async () => {
      const client = await connectRedis(redis.url, createLogger("silent"));
      clients.push(client);
      return signUpApp(store, {}, { signInStores: await redisSignInStores(client) });
    };
    const [first, second] = await Promise.all([instance(), instance()]);
    hashes.mockClear();
    const answers = await Promise.all(
      Array.from({ length: SIGN_UPS_PER_IP.max + 4 }, (_, index) =>
        signUp(
          index % 2 === 0 ? first.app : second.app,
          { email: `shared-${index}@example.org` },
          { ip: "198.51.100.50" },
        ),
      ),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(SIGN_UPS_PER_IP.max);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(4);
    expect(hashes).toHaveBeenCalledTimes(SIGN_UPS_PER_IP.max);
  });
});

describe("forms", () => {
  it("a post without its CSRF token is a 403 page, and nothing is made", async () => {
    const store = usersFileStore();
    const { app, hydra } = await signUpApp(store);
    hashes.mockClear();
    const posted = await request(app)
      .post("/register")
      .type("form")
      .send({ challenge: "flow-csrf", email: "csrf@example.org", password: STRONG, password_repeat: STRONG });
    expect(posted.status).toBe(403);
    expect(await store.findByEmail("csrf@example.org")).toBeUndefined();
    expect(hashes).not.toHaveBeenCalled();
    expect(hydra.calls.some((call) => call.operation === "acceptLoginRequest")).toBe(false);
  });

  it("a challenge Hydra does not know (404) costs no limit, lookup or hash", async () => {
    const store = usersFileStore();
    const { app, hydra } = await signUpApp(store);
    hashes.mockClear();
    hydra.getLoginRequest = async () => {
      const { NotFound } = await import("../../src/errors.js");
      throw new NotFound("challenge");
    };
    const agent = request.agent(app);
    const page = await agent.get("/register").expect(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const posted = await agent
      .post("/register")
      .type("form")
      .send({ _csrf: token, challenge: "dead", email: "dead@example.org", password: STRONG, password_repeat: STRONG });
    expect(posted.status).toBe(404);
    expect(hashes).not.toHaveBeenCalled();
    expect(await store.findByEmail("dead@example.org")).toBeUndefined();
  });
});
