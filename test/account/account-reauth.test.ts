import request from "supertest";
import { describe, expect, it } from "vitest";
import type { SessionData } from "express-session";
import { BoundedMemoryStore } from "../../src/http/session-store.js";
import type { PasskeyRecord } from "../../src/identity/factors/types.js";
import { csrfTokenOf } from "../support/forms.js";
import { accountApp, callbackFor, giveTotp, signInTo } from "./stand-ins.js";

/** A session store that also records everything written to it: to show what a session keeps (and never does). */
class RecordingStore extends BoundedMemoryStore {
  readonly written: string[] = [];
  override set(sid: string, data: SessionData, callback?: (error?: unknown) => void): void {
    this.written.push(JSON.stringify(data));
    super.set(sid, data, callback);
  }
}

const passkey = (credentialId: string, name: string): PasskeyRecord => ({
  credentialId,
  publicKey: "pk",
  counter: 0,
  transports: [],
  name,
  createdAt: new Date().toISOString(),
  lastUsedAt: undefined,
  deviceType: "multiDevice",
  backedUp: true,
});

describe("account area: changes to how you sign in need a recent sign-in", () => {
  it("a remembered login older than the limit is sent through Hydra (max_age, acr_values=2) before removing TOTP, then confirms and removes it", async () => {
    const { app, users, oidc } = await accountApp();
    await giveTotp(users);
    // A 30-day remembered login, with its second factor at the time: 2 hours old.
    oidc.next = { subject: "foo@bar.com", ageSeconds: 7200, acr: "2" };
    const { agent, page } = await signInTo(app);
    expect(oidc.demands).toEqual([undefined]);

    const removal = await agent
      .post("/account/totp/remove")
      .type("form")
      .send({ _csrf: csrfTokenOf(page.text) });
    expect(removal.status).toBe(303);
    const hydraUrl = new URL(removal.headers.location!);
    expect(hydraUrl.origin).toBe("http://hydra.test");
    expect(hydraUrl.searchParams.get("max_age")).toBe("300");
    expect(hydraUrl.searchParams.get("acr_values")).toBe("2");
    expect((await users.getFactors("foo@bar.com")).totp).toBeDefined();

    // Signed in again at Hydra, with password and code: back to a confirmation of what was clicked.
    oidc.next = { subject: "foo@bar.com", ageSeconds: 0, acr: "2" };
    const back = await callbackFor(agent, removal.headers.location!).expect(303);
    expect(back.headers.location).toBe("/account/confirm");
    expect((await users.getFactors("foo@bar.com")).totp).toBeDefined();
    const confirm = await agent.get("/account/confirm").expect(200);
    expect(confirm.text).toContain('action="/account/totp/remove"');
    expect(confirm.text).toContain('id="reauth-confirm"');
    expect(confirm.text).toContain("Turn off the authenticator app");
    const done = await agent
      .post("/account/totp/remove")
      .type("form")
      .send({ _csrf: csrfTokenOf(confirm.text) })
      .expect(303);
    expect(done.headers.location).toBe("/account#security");
    expect((await users.getFactors("foo@bar.com")).totp).toBeUndefined();
    // The confirmation is used up.
    expect((await agent.get("/account/confirm").expect(303)).headers.location).toBe("/account");
  });

  it("finishes the step-up when our login page began a new session for its second step (the old one is gone)", async () => {
    const { app, users, oidc, sessionStore } = await accountApp();
    await giveTotp(users);
    oidc.next = { subject: "foo@bar.com", ageSeconds: 7200, acr: "2" };
    const { agent, page } = await signInTo(app);
    const removal = await agent
      .post("/account/totp/remove")
      .type("form")
      .send({ _csrf: csrfTokenOf(page.text) })
      .expect(303);
    // What the login page's second step does to the browser's session: it starts a new one.
    await new Promise<void>((resolve) => sessionStore.clear(() => resolve()));
    oidc.next = { subject: "foo@bar.com", ageSeconds: 0, acr: "2" };
    expect((await callbackFor(agent, removal.headers.location!).expect(303)).headers.location).toBe("/account/confirm");
    const confirm = await agent.get("/account/confirm").expect(200);
    await agent
      .post("/account/totp/remove")
      .type("form")
      .send({ _csrf: csrfTokenOf(confirm.text) })
      .expect(303);
    expect((await users.getFactors("foo@bar.com")).totp).toBeUndefined();
  });

  it("refuses with a clear 403 page when the new sign-in is still old, lacks the second factor, or is someone else", async () => {
    const { app, users, oidc } = await accountApp();
    await giveTotp(users);
    oidc.next = { subject: "foo@bar.com", ageSeconds: 7200, acr: "2" };
    const { agent, page } = await signInTo(app);
    const token = csrfTokenOf(page.text);
    for (const answer of [
      { subject: "foo@bar.com", ageSeconds: 7200, acr: "2" },
      { subject: "foo@bar.com", ageSeconds: 0, acr: "1" },
      { subject: "mallory@example.test", ageSeconds: 0, acr: "2" },
    ]) {
      const removal = await agent.post("/account/totp/remove").type("form").send({ _csrf: token }).expect(303);
      oidc.next = answer;
      const back = await callbackFor(agent, removal.headers.location!);
      expect(back.status).toBe(403);
      expect(back.text).toContain("We could not confirm it is you");
      expect(back.text).toContain('href="/account"');
      expect((await users.getFactors("foo@bar.com")).totp).toBeDefined();
      expect((await agent.get("/account/confirm")).headers.location).toBe("/account");
    }
  });

  it("a session without a second factor in its sign-in cannot add one either: TOTP start, passkey add and new recovery codes ask again", async () => {
    const { app, users, oidc } = await accountApp();
    oidc.next = { subject: "foo@bar.com", ageSeconds: 3600, acr: "1" };
    const { agent, page } = await signInTo(app);
    // An old sign-in: the page offers passkeys only as a plain button that first signs in again.
    expect(page.text).toContain('id="passkey-add"');
    expect(page.text).not.toContain("data-passkey-action");
    const token = csrfTokenOf(page.text);
    for (const path of ["/account/totp/start", "/account/passkeys", "/account/recovery-codes"]) {
      const answer = await agent.post(path).type("form").send({ _csrf: token, credential: "{}" });
      expect(answer.status).toBe(303);
      const url = new URL(answer.headers.location!);
      expect(url.searchParams.get("max_age")).toBe("300");
      // No factor yet: nothing to ask a second step of.
      expect(url.searchParams.get("acr_values")).toBeNull();
    }
    expect((await users.getFactors("foo@bar.com")).recoveryCodeHashes).toEqual([]);
    expect((await agent.get("/account").expect(200)).text).not.toContain('id="totp-secret"');
  });

  it("the password form: a stale session is sent to sign in again, the password is never kept, and the form is asked again", async () => {
    const sessionStore = new RecordingStore({ maxSessions: 10, ttlMs: 60_000 });
    const { app, oidc } = await accountApp({ deps: { sessionStore } });
    oidc.next = { subject: "foo@bar.com", ageSeconds: 3600, acr: "1" };
    const { agent, page } = await signInTo(app);
    const posted = await agent
      .post("/account/password")
      .type("form")
      .send({
        _csrf: csrfTokenOf(page.text),
        current_password: "foobar",
        new_password: "a-new-secret-passphrase",
        new_password_repeat: "a-new-secret-passphrase",
      })
      .expect(303);
    expect(posted.headers.location).toContain("http://hydra.test/oauth2/auth");
    // The click travels in the signed pending cookie (our login page begins a new session for its second step).
    const cookies = decodeURIComponent(String(posted.headers["set-cookie"]));
    expect(cookies).toContain("/account/password");
    const kept = sessionStore.written.join("\n") + cookies;
    expect(kept).not.toContain("foobar");
    expect(kept).not.toContain("a-new-secret-passphrase");
    oidc.next = { subject: "foo@bar.com", ageSeconds: 0, acr: "1" };
    const back = await callbackFor(agent, posted.headers.location!).expect(303);
    expect(back.headers.location).toBe("/account#password");
    const again = await agent.get("/account").expect(200);
    expect(again.text).toContain("You signed in again. Please make the change once more.");
  });

  it("removing a passkey keeps its id (not a secret) through the sign-in and offers it in the confirmation", async () => {
    const { app, users, oidc } = await accountApp();
    await users.addPasskey("foo@bar.com", passkey("cred-1", "Laptop"));
    oidc.next = { subject: "foo@bar.com", ageSeconds: 3600, acr: "2" };
    const { agent, page } = await signInTo(app);
    const removal = await agent
      .post("/account/passkeys/remove")
      .type("form")
      .send({ _csrf: csrfTokenOf(page.text), credential_id: "cred-1" })
      .expect(303);
    oidc.next = { subject: "foo@bar.com", ageSeconds: 0, acr: "2" };
    await callbackFor(agent, removal.headers.location!).expect(303);
    const confirm = await agent.get("/account/confirm").expect(200);
    expect(confirm.text).toContain('action="/account/passkeys/remove"');
    expect(confirm.text).toContain('name="credential_id" value="cred-1"');
    // "Cancel" goes back to the page, which drops the waiting click.
    expect(confirm.text).toContain('id="reauth-cancel" href="/account"');
    await agent.get("/account").expect(200);
    expect((await agent.get("/account/confirm").expect(303)).headers.location).toBe("/account");
    expect((await users.getFactors("foo@bar.com")).passkeys).toHaveLength(1);
    // Clicked again, after the fresh sign-in: it is done at once.
    const again = await agent.get("/account").expect(200);
    await agent
      .post("/account/passkeys/remove")
      .type("form")
      .send({ _csrf: csrfTokenOf(again.text), credential_id: "cred-1" })
      .expect(303);
    expect((await users.getFactors("foo@bar.com")).passkeys).toEqual([]);
  });

  it("first sign-in of an account with a factor: a remembered login without acr 2 is asked again once with acr_values=2 and prompt=login", async () => {
    const { app, users, oidc } = await accountApp();
    await giveTotp(users);
    oidc.next = { subject: "foo@bar.com", ageSeconds: 86_400, acr: "1" };
    const agent = request.agent(app);
    const start = await agent.get("/account").expect(303);
    const again = await callbackFor(agent, start.headers.location!).expect(303);
    const url = new URL(again.headers.location!);
    expect(url.searchParams.get("acr_values")).toBe("2");
    expect(url.searchParams.get("prompt")).toBe("login");
    // Still without the second factor: refused, not asked a third time.
    const refused = await callbackFor(agent, again.headers.location!);
    expect(refused.status).toBe(403);
    expect((await agent.get("/account")).status).toBe(303);

    // With it: signed in.
    const second = request.agent(app);
    const next = await callbackFor(second, (await second.get("/account").expect(303)).headers.location!).expect(303);
    oidc.next = { subject: "foo@bar.com", ageSeconds: 0, acr: "2" };
    expect((await callbackFor(second, next.headers.location!).expect(303)).headers.location).toBe("/account");
    await second.get("/account").expect(200);
  });

  it("a fresh sign-in with its second factor changes things at once, with no detour", async () => {
    const { app, users, oidc } = await accountApp();
    await giveTotp(users);
    oidc.next = { subject: "foo@bar.com", ageSeconds: 0, acr: "2" };
    const { agent, page } = await signInTo(app);
    expect(oidc.demands).toHaveLength(1);
    const removed = await agent
      .post("/account/totp/remove")
      .type("form")
      .send({ _csrf: csrfTokenOf(page.text) })
      .expect(303);
    expect(removed.headers.location).toBe("/account#security");
    expect(oidc.demands).toHaveLength(1);
    expect((await users.getFactors("foo@bar.com")).totp).toBeUndefined();
  });
});
