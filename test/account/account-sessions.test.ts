import type { RedisClientType } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/http/logging.js";
import { currentTotp } from "../../src/identity/factors/totp.js";
import { demoAccount } from "../../src/identity/memory-store.js";
import { connectRedis, redisSessionStore } from "../../src/redis.js";
import { csrfTokenOf } from "../support/forms.js";
import { startRedisServer, type RedisServer } from "../support/redis-server.js";
import { accountApp, giveTotp, signInTo, SwitchableUserStore } from "./stand-ins.js";

describe("account sessions that end", () => {
  it("sign out everywhere: another browser's account session is signed out on its next request and cannot remove TOTP", async () => {
    const { app, users, oidc, hydra, sessionStore } = await accountApp();
    await giveTotp(users);
    oidc.next = { subject: "foo@bar.com", ageSeconds: 0, acr: "2" };
    const first = await signInTo(app);
    const second = await signInTo(app);
    expect(sessionStore.size).toBe(2);

    await first.agent
      .post("/account/sign-out-everywhere")
      .type("form")
      .send({ _csrf: csrfTokenOf(first.page.text) })
      .expect(303);
    expect(hydra.calls.filter((call) => call.operation === "revokeLoginSessions")).toHaveLength(1);

    const removal = await second.agent
      .post("/account/totp/remove")
      .type("form")
      .send({ _csrf: csrfTokenOf(second.page.text) });
    expect(removal.status).toBe(401);
    expect(removal.text).toContain("You are not signed in");
    expect((await users.getFactors("foo@bar.com")).totp).toBeDefined();
    expect(sessionStore.size).toBe(0);
    // Its next visit is a new sign-in, not the old session.
    expect((await second.agent.get("/account")).status).toBe(303);
  });

  it("a password change ends every other session (and Hydra's remembered logins) but keeps this one", async () => {
    const { app, hydra } = await accountApp();
    const mine = await signInTo(app);
    const other = await signInTo(app);
    const strong = "a-long-and-unusual-passphrase";
    const changed = await mine.agent
      .post("/account/password")
      .type("form")
      .send({
        _csrf: csrfTokenOf(mine.page.text),
        current_password: "foobar",
        new_password: strong,
        new_password_repeat: strong,
      })
      .expect(303);
    expect(changed.headers.location).toBe("/account");
    expect(hydra.calls.find((call) => call.operation === "revokeLoginSessions")?.challenge).toBe("foo@bar.com");
    const stillMine = await mine.agent.get("/account").expect(200);
    expect(stillMine.text).toContain("Your password is changed.");
    const gone = await other.agent.get("/account");
    expect(gone.status).toBe(401);
    expect(gone.text).toContain("You are not signed in");
    // A session started after the change is of the new generation and stays.
    const later = await signInTo(app);
    await later.agent.get("/account").expect(200);
  });

  it("disabled means out: a disabled or removed account is signed out on its next request, session destroyed", async () => {
    const { app, users, sessionStore } = await accountApp();
    const disabled = await signInTo(app);
    users.disabledIds.add("foo@bar.com");
    const page = await disabled.agent.get("/account");
    expect(page.status).toBe(401);
    expect(page.text).toContain("You are not signed in");
    expect(sessionStore.size).toBe(0);
    users.disabledIds.clear();

    const removed = await signInTo(app);
    users.removedIds.add("foo@bar.com");
    const post = await removed.agent
      .post("/account/passkeys/rename")
      .type("form")
      .send({ _csrf: csrfTokenOf(removed.page.text), credential_id: "x", name: "y" });
    expect(post.status).toBe(401);
    expect(sessionStore.size).toBe(0);
  });
});

describe("account forms answer with post/redirect/get", () => {
  it("TOTP: start, a wrong code (shown once), the right code, then recovery codes on their own no-store page that a reload does not renew", async () => {
    const { app, users } = await accountApp();
    const { agent, page } = await signInTo(app);
    const started = await agent
      .post("/account/totp/start")
      .type("form")
      .send({ _csrf: csrfTokenOf(page.text) })
      .expect(303);
    expect(started.headers.location).toBe("/account#security");
    const enrolling = await agent.get("/account").expect(200);
    const secret = /data-secret="([A-Z2-7]+)"/.exec(enrolling.text)![1]!;
    const token = csrfTokenOf(enrolling.text);

    const wrong = await agent.post("/account/totp/confirm").type("form").send({ _csrf: token, code: "000000" });
    expect(wrong.status).toBe(303);
    expect(wrong.headers.location).toBe("/account#security");
    expect((await agent.get("/account")).text).toContain("That code is not right.");
    expect((await agent.get("/account")).text).not.toContain("That code is not right.");

    const right = await agent
      .post("/account/totp/confirm")
      .type("form")
      .send({ _csrf: token, code: currentTotp(secret) })
      .expect(303);
    expect(right.headers.location).toBe("/account/recovery-codes");
    const hashes = (await users.getFactors("foo@bar.com")).recoveryCodeHashes;
    expect(hashes).toHaveLength(10);

    const shown = await agent.get("/account/recovery-codes").expect(200);
    expect(shown.headers["cache-control"]).toBe("no-store");
    const codes = [...shown.text.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map((match) => match[1]);
    expect(codes).toHaveLength(10);
    expect(shown.text).toContain("The authenticator app is on.");
    expect(shown.text).toContain('id="recovery-saved"');
    expect(shown.text).toContain('id="sign-out"');
    // A reload shows the same codes and makes no new ones.
    const reloaded = await agent.get("/account/recovery-codes").expect(200);
    expect([...reloaded.text.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map((match) => match[1])).toEqual(codes);
    expect((await users.getFactors("foo@bar.com")).recoveryCodeHashes).toEqual(hashes);

    // Saved: the codes leave the session, and the page sends back to the account.
    await agent
      .post("/account/recovery-codes/saved")
      .type("form")
      .send({ _csrf: csrfTokenOf(reloaded.text) })
      .expect(303);
    const after = await agent.get("/account/recovery-codes").expect(303);
    expect(after.headers.location).toBe("/account#security");
  });

  it("renewing recovery codes and renaming a passkey answer 303; a missing name is shown once", async () => {
    const { app, oidc, users } = await accountApp();
    await giveTotp(users);
    await users.addPasskey("foo@bar.com", {
      credentialId: "cred-1",
      publicKey: "pk",
      counter: 0,
      transports: [],
      name: "Laptop",
      createdAt: new Date().toISOString(),
      lastUsedAt: undefined,
      deviceType: "multiDevice",
      backedUp: true,
    });
    oidc.next = { subject: "foo@bar.com", ageSeconds: 0, acr: "2" };
    const { agent, page } = await signInTo(app);
    const token = csrfTokenOf(page.text);
    const renewed = await agent.post("/account/recovery-codes").type("form").send({ _csrf: token }).expect(303);
    expect(renewed.headers.location).toBe("/account/recovery-codes");
    const first = (await users.getFactors("foo@bar.com")).recoveryCodeHashes;
    await agent.get("/account/recovery-codes").expect(200);
    await agent.get("/account/recovery-codes").expect(200);
    expect((await users.getFactors("foo@bar.com")).recoveryCodeHashes).toEqual(first);

    const unnamed = await agent
      .post("/account/passkeys/rename")
      .type("form")
      .send({ _csrf: token, credential_id: "cred-1", name: "  " })
      .expect(303);
    expect(unnamed.headers.location).toBe("/account#security");
    expect((await agent.get("/account")).text).toContain("Please give the passkey a name.");
    await agent
      .post("/account/passkeys/rename")
      .type("form")
      .send({ _csrf: token, credential_id: "cred-1", name: "Work laptop" })
      .expect(303);
    expect((await users.getFactors("foo@bar.com")).passkeys[0]?.name).toBe("Work laptop");
  });
});

describe("sign out everywhere across two instances sharing a real Redis", () => {
  let server: RedisServer;
  const clients: RedisClientType[] = [];

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const client of clients) await client.quit().catch(() => undefined);
    await server?.stop();
  });

  async function instance(users: SwitchableUserStore) {
    const client = await connectRedis(server.url, createLogger("silent"));
    clients.push(client);
    return accountApp({ deps: { users, sessionStore: redisSessionStore(client), redis: client } });
  }

  it("ends the session another instance holds, which then cannot remove TOTP", async () => {
    const users = new SwitchableUserStore([await demoAccount()]);
    await giveTotp(users);
    const a = await instance(users);
    const b = await instance(users);
    a.oidc.next = b.oidc.next = { subject: "foo@bar.com", ageSeconds: 0, acr: "2" };
    const onA = await signInTo(a.app);
    const onB = await signInTo(b.app);

    await onA.agent
      .post("/account/sign-out-everywhere")
      .type("form")
      .send({ _csrf: csrfTokenOf(onA.page.text) })
      .expect(303);
    const removal = await onB.agent
      .post("/account/totp/remove")
      .type("form")
      .send({ _csrf: csrfTokenOf(onB.page.text) });
    expect(removal.status).toBe(401);
    expect((await users.getFactors("foo@bar.com")).totp).toBeDefined();
    expect((await onB.agent.get("/account")).status).toBe(303);
    // A memory-only counter would not have seen A's change: this one is in Redis.
    expect(Number(await clients[0]!.get("hlc:account-generation:foo@bar.com"))).toBeGreaterThan(0);
  });
});
