import request from "supertest";
import { describe, expect, it } from "vitest";
import { startPostgres } from "../../e2e/harness/postgres.js";
import { createLogger } from "../../src/http/logging.js";
import { authenticate } from "../../src/identity/authenticate.js";
import { hashPassword, verifyPassword } from "../../src/identity/passwords.js";
import type { UserStore } from "../../src/identity/store.js";
import { PostgresUsersStore } from "../../src/identity/users-postgres.js";
import { demoAccount, MemoryUserStore } from "../../src/identity/memory-store.js";
import { BoundedMemoryStore } from "../../src/http/session-store.js";
import { csrfTokenOf } from "../support/forms.js";
import { appUnderTest } from "../support/app-under-test.js";
import { ACCOUNT_ENV, callbackFor, fakeOidc } from "./stand-ins.js";

async function signedIn(env: Record<string, string> = {}, store?: UserStore) {
  const users = store ?? new MemoryUserStore([await demoAccount()]);
  const sessionStore = new BoundedMemoryStore({ maxSessions: 100, ttlMs: 60_000 });
  const oidc = fakeOidc();
  const { app, hydra } = await appUnderTest({ ...ACCOUNT_ENV, ...env }, { users, sessionStore, accountOidc: oidc });
  hydra.consentSessions.set("foo@bar.com", [
    {
      consent_request: { challenge: "c1", client: { client_id: "photos", client_name: "Photo Printer" } },
      grant_scope: ["openid", "offline_access"],
      grant_access_token_audience: ["https://api.photos.test"],
      handled_at: "2026-11-01T10:00:00Z",
      remember: true,
      remember_for: 0,
    },
  ]);
  const agent = request.agent(app);
  const start = await agent.get("/account").expect(303);
  expect(start.headers.location).toContain("http://hydra.test/oauth2/auth");
  expect(sessionStore.size).toBe(0); // a signed-out visitor stores nothing
  await callbackFor(agent, start.headers.location!).expect(303);
  const page = await agent.get("/account").expect(200);
  return { app, hydra, agent, page, users, sessionStore, oidc };
}

describe("/account", () => {
  it("is off (404) without its configuration", async () => {
    const { app } = await appUnderTest();
    expect((await request(app).get("/account")).status).toBe(404);
  });

  it("signed out: redirects into Hydra with a signed pending cookie and no session", async () => {
    const { app } = await appUnderTest(ACCOUNT_ENV, { accountOidc: fakeOidc() });
    const answer = await request(app).get("/account").expect(303);
    const cookies = answer.headers["set-cookie"] as unknown as string[];
    expect(cookies.some((cookie) => cookie.startsWith("hlc.oidc=s%3A") && cookie.includes("HttpOnly"))).toBe(true);
    expect(cookies.some((cookie) => cookie.startsWith("hlc.sid="))).toBe(false);
  });

  it("after the callback: shows the email and each connected app with its scopes, audience and remember state", async () => {
    const { page, sessionStore } = await signedIn();
    expect(sessionStore.size).toBe(1);
    expect(page.headers["cache-control"]).toBe("no-store");
    expect(page.text).toContain("foo@bar.com");
    expect(page.text).toContain('data-client-id="photos"');
    expect(page.text).toContain("Photo Printer");
    expect(page.text).toContain("Stay connected when you are not using it");
    expect(page.text).toContain("https://api.photos.test");
    expect(page.text).toContain("Remembered until you remove it");
    for (const id of [
      "sign-out",
      "sign-out-everywhere",
      "current-password",
      "new-password",
      "new-password-repeat",
      "change-password",
    ])
      expect(page.text).toContain(`id="${id}"`);
  });

  it("a callback without the pending cookie (or replayed) gets a 400 page, no session", async () => {
    const { app } = await appUnderTest(ACCOUNT_ENV, { accountOidc: fakeOidc() });
    const answer = await request(app).get("/account/callback?code=abc&state=st");
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("The sign-in did not complete");
    expect(answer.text).toContain('href="/account"');
  });

  it("Remove access revokes that client's consent for the subject and confirms", async () => {
    const { agent, page, hydra } = await signedIn();
    const removed = await agent
      .post("/account/apps/remove")
      .type("form")
      .send({ _csrf: csrfTokenOf(page.text), client_id: "photos" })
      .expect(303);
    expect(removed.headers.location).toBe("/account");
    expect(hydra.calls.find((call) => call.operation === "revokeConsentSessions")).toMatchObject({
      challenge: "foo@bar.com",
      body: { client: "photos" },
    });
    const after = await agent.get("/account").expect(200);
    expect(after.text).toContain("Access removed.");
    expect(after.text).toContain("No application has access to your account.");
  });

  it("bad inputs: a foreign client_id is a 404, a missing CSRF token a 403, a signed-out POST a 401", async () => {
    const { app, agent, page, hydra } = await signedIn();
    const foreign = await agent
      .post("/account/apps/remove")
      .type("form")
      .send({ _csrf: csrfTokenOf(page.text), client_id: "someone-elses" });
    expect(foreign.status).toBe(404);
    expect(foreign.text).toContain("No such app");
    const noToken = await agent.post("/account/apps/remove").type("form").send({ client_id: "photos" });
    expect(noToken.status).toBe(403);
    const stranger = request.agent(app);
    const strangerPage = await stranger.get("/login?login_challenge=abc");
    const signedOut = await stranger
      .post("/account/sign-out-everywhere")
      .type("form")
      .send({ _csrf: csrfTokenOf(strangerPage.text) });
    expect(signedOut.status).toBe(401);
    expect(signedOut.text).toContain("You are not signed in");
    expect(hydra.calls.filter((call) => call.operation.startsWith("revoke"))).toHaveLength(0);
  });

  it("change password: refuses a wrong current password, a weak or mismatched new one (each shown once after a redirect); then changes it", async () => {
    const { agent, page, users } = await signedIn();
    const token = csrfTokenOf(page.text);
    /** Posts the form; post/redirect/get: the answer is a 303 to the page, which shows the message once. */
    const change = async (fields: Record<string, string>) => {
      const posted = await agent
        .post("/account/password")
        .type("form")
        .send({ _csrf: token, ...fields });
      expect(posted.status).toBe(303);
      const shown = await agent.get(posted.headers.location!).expect(200);
      return { location: posted.headers.location, text: shown.text };
    };
    const strong = "a-long-and-unusual-passphrase";
    const wrong = await change({ current_password: "wrong", new_password: strong, new_password_repeat: strong });
    expect(wrong.location).toBe("/account#password");
    expect(wrong.text).toContain("The current password is not correct.");
    expect(wrong.text).toContain('aria-invalid="true"');
    // A reload of the page shows the page, not the refusal again.
    expect((await agent.get("/account").expect(200)).text).not.toContain("The current password is not correct.");
    const common = await change({
      current_password: "foobar",
      new_password: "password",
      new_password_repeat: "password",
    });
    expect(common.text).toContain("one of the most common");
    expect(
      (await change({ current_password: "foobar", new_password: "short", new_password_repeat: "short" })).text,
    ).toContain("at least 12 characters");
    expect(
      (await change({ current_password: "foobar", new_password: strong, new_password_repeat: strong + "x" })).text,
    ).toContain("are not the same");
    const done = await change({ current_password: "foobar", new_password: strong, new_password_repeat: strong });
    expect(done.location).toBe("/account");
    expect(done.text).toContain("Your password is changed.");
    const account = await (users as MemoryUserStore).findByEmail("foo@bar.com");
    expect(await verifyPassword(account!.passwordHash, strong)).toBe(true);
    expect(await verifyPassword(account!.passwordHash, "foobar")).toBe(false);
  });

  it("a wrong current password counts toward the sign-in lockout", async () => {
    const { agent, page } = await signedIn({ LOGIN_MAX_FAILURES_PER_ACCOUNT: "2" });
    const token = csrfTokenOf(page.text);
    const wrong = () =>
      agent
        .post("/account/password")
        .type("form")
        .send({
          _csrf: token,
          current_password: "nope",
          new_password: "x".repeat(12),
          new_password_repeat: "x".repeat(12),
        });
    expect((await wrong()).status).toBe(303);
    expect((await agent.get("/account")).text).toContain("The current password is not correct.");
    const locked = await wrong();
    expect(locked.status).toBe(303);
    expect(locked.headers["retry-after"]).toBeDefined();
    expect((await agent.get("/account")).text).toMatch(/Too many|locked|try again in/i);
  });

  it("sign out ends the account session; sign out everywhere also revokes Hydra's login sessions and goes through its logout", async () => {
    const first = await signedIn();
    const out = await first.agent
      .post("/account/sign-out")
      .type("form")
      .send({ _csrf: csrfTokenOf(first.page.text) })
      .expect(303);
    expect(out.headers.location).toBe("/logged-out");
    expect(first.sessionStore.size).toBe(0);
    expect((await first.agent.get("/account")).status).toBe(303);

    const second = await signedIn();
    const everywhere = await second.agent
      .post("/account/sign-out-everywhere")
      .type("form")
      .send({ _csrf: csrfTokenOf(second.page.text) })
      .expect(303);
    expect(everywhere.headers.location).toBe("http://hydra.test/oauth2/sessions/logout?id_token_hint=id-token");
    expect(second.hydra.calls.find((call) => call.operation === "revokeLoginSessions")?.challenge).toBe("foo@bar.com");
    expect(second.sessionStore.size).toBe(0);
  });
});

describe("/account on PostgreSQL", () => {
  it("change password through the page: the old password then fails and the new one works", async () => {
    const postgres = await startPostgres();
    try {
      await postgres.createDatabase("users");
      const store = await PostgresUsersStore.connect(postgres.url("users"), createLogger("silent"));
      try {
        await store.add({
          id: "foo@bar.com",
          email: "foo@bar.com",
          password_hash: await hashPassword("foobar"),
          email_verified: true,
          disabled: false,
          claims: {},
        });
        const { agent, page } = await signedIn({}, store);
        const strong = "postgres-backed new passphrase";
        await agent
          .post("/account/password")
          .type("form")
          .send({
            _csrf: csrfTokenOf(page.text),
            current_password: "foobar",
            new_password: strong,
            new_password_repeat: strong,
          })
          .expect(303);
        expect(await authenticate(store, "foo@bar.com", "foobar")).toBeUndefined();
        expect((await authenticate(store, "foo@bar.com", strong))?.id).toBe("foo@bar.com");
      } finally {
        await store.close();
      }
    } finally {
      await postgres.stop();
    }
  }, 60_000);
});
