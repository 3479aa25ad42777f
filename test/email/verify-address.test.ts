import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pino } from "pino";
import type request from "supertest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startPostgres, type Postgres } from "../../e2e/harness/postgres.js";
import type { AppDeps } from "../../src/app.js";
import { issueEmailToken, type EmailAddressStore } from "../../src/identity/email-tokens.js";
import { hashPassword } from "../../src/identity/passwords.js";
import type { UserStore } from "../../src/identity/store.js";
import { UsersFileStore } from "../../src/identity/users-file.js";
import { PostgresUsersStore } from "../../src/identity/users-postgres.js";
import { idTokenClaims } from "../../src/policy/claims.js";
import { accountApp, callbackFor, signInTo } from "../account/stand-ins.js";
import { csrfTokenOf } from "../support/forms.js";
import { startMailpit, type Mailpit } from "../support/mailpit.js";

const silent = pino({ level: "silent" });
type Store = UserStore & EmailAddressStore;

let mailpit: Mailpit;
let postgres: Postgres;
let databases = 0;
let fooHash: string;
beforeAll(async () => {
  [mailpit, postgres, fooHash] = await Promise.all([startMailpit(), startPostgres(), hashPassword("foobar")]);
}, 60_000);
afterAll(async () => {
  await mailpit?.stop();
  await postgres?.stop();
});
beforeEach(() => mailpit.deleteAll());

const mailEnv = () => ({ SMTP_URL: mailpit.smtpUrl, MAIL_FROM: "sign-in@login.test" });

/** foo@bar.com (the subject the stand-in Hydra signs in, password "foobar", not verified) and grace@example.com. */
const records = () => [
  {
    id: "foo@bar.com",
    email: "foo@bar.com",
    password_hash: fooHash,
    email_verified: false,
    disabled: false,
    claims: {},
  },
  {
    id: "grace",
    email: "grace@example.com",
    password_hash: fooHash,
    email_verified: false,
    disabled: false,
    claims: {},
  },
];

const STORES: Record<string, () => Promise<Store>> = {
  "users file": async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "verify-")), "users.json");
    writeFileSync(file, JSON.stringify(records()));
    return new UsersFileStore(file, silent, { watch: false });
  },
  PostgreSQL: async () => {
    const name = `verify_${++databases}`;
    await postgres.createDatabase(name);
    const store = await PostgresUsersStore.connect(postgres.url(name), silent);
    for (const record of records()) await store.add(record);
    return store;
  },
};

/** The newest message to `address` whose text has `words`, once it arrived. */
async function mailTo(address: string, words: string) {
  for (const until = Date.now() + 10_000; Date.now() < until;) {
    for (const found of await mailpit.messagesTo(address)) {
      const message = await mailpit.message(found.ID);
      if (message.Text.includes(words)) return message;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no email to ${address} with: ${words}`);
}

/** Opens the link in a browser signed in as its account, and clicks the confirm button. */
async function confirm(agent: ReturnType<typeof request.agent>, link: string) {
  const shown = await agent.get(link).expect(200);
  expect(shown.text).toContain('id="confirm-email"');
  return post(agent, link, shown.text);
}

const linkIn = (text: string) => /\/verify\/[A-Za-z0-9_-]{43}/.exec(text)?.[0];

async function post(agent: ReturnType<typeof request.agent>, url: string, page: string, fields = {}) {
  return agent
    .post(url)
    .type("form")
    .send({ _csrf: csrfTokenOf(page), ...fields });
}

for (const [kind, makeStore] of Object.entries(STORES)) {
  describe(`verified addresses on the ${kind}`, () => {
    async function setUp(env: Record<string, string> = mailEnv(), signedInSecondsAgo = 0) {
      const store = await makeStore();
      const made = await accountApp({ env, deps: { users: store } as Partial<AppDeps> });
      made.oidc.next = { subject: "foo@bar.com", ageSeconds: signedInSecondsAgo, acr: "1" };
      const signed = await signInTo(made.app);
      return { ...made, store, ...signed };
    }

    it("the button sends a link; opening it verifies the address, once; the id_token's claim follows", async () => {
      const { app, store, agent, page, oidc } = await setUp();
      expect(page.text).toContain('id="email-status" data-verified="false"');
      const sent = await post(agent, "/account/email/verify", page.text);
      expect(sent.status).toBe(303);
      expect(sent.headers.location).toBe("/account#email");
      expect((await agent.get("/account").expect(200)).text).toContain("We sent a confirmation link to foo@bar.com");
      const mail = await mailTo("foo@bar.com", "/verify/");
      expect(mail.Subject).toBe("Confirm your email address");
      const link = linkIn(mail.Text)!;
      expect(mail.HTML).toContain(`href="http://login.test${link}"`);
      // Before: still false.
      expect(idTokenClaims(await store.findById("foo@bar.com"), ["openid", "email"]).email_verified).toBe(false);

      // Fetched by a mail scanner, or opened in a browser not signed in as foo: nothing is used, nothing changes.
      const scanner = await (await import("supertest")).default(app).get(link);
      expect(scanner.status).toBe(200);
      expect(scanner.text).toContain('id="email-confirm-sign-in"');
      expect(scanner.text).toContain('href="/account"');
      expect(scanner.text).not.toContain('id="confirm-email"');
      // Another account's browser (grace, signed in to the account area) cannot confirm it by posting either.
      oidc.next = { subject: "grace", ageSeconds: 0, acr: "1" };
      const grace = await signInTo(app);
      expect((await grace.agent.get(link).expect(200)).text).toContain('id="email-confirm-sign-in"');
      const refused = await post(grace.agent, link, grace.page.text);
      expect(refused.status).toBe(403);
      expect(refused.text).not.toContain('id="confirm-email"');
      expect(idTokenClaims(await store.findById("foo@bar.com"), ["openid", "email"]).email_verified).toBe(false);

      // Signed in as foo in this browser: the page names the address, and the button confirms it.
      const opened = await confirm(agent, link);
      expect(opened.status).toBe(200);
      expect(opened.text).toContain('id="email-verified"');
      expect(opened.text).toContain("foo@bar.com is now the confirmed address of your account.");
      expect(idTokenClaims(await store.findById("foo@bar.com"), ["openid", "email"])).toMatchObject({
        email: "foo@bar.com",
        email_verified: true,
      });
      const again = await agent.get(link);
      expect(again.status).toBe(410);
      expect(again.text).toContain("This link no longer works");
      const after = await agent.get("/account").expect(200);
      expect(after.text).toContain('id="email-status" data-verified="true"');
      expect(after.text).not.toContain('id="send-verification"');
      await store.close();
    });

    it("refuses an expired link, a made-up one, and a link for an address the account no longer has", async () => {
      const { agent, store } = await setUp();
      const day = 24 * 3_600_000;
      const expired = await issueEmailToken(store, {
        purpose: "verify",
        userId: "foo@bar.com",
        email: "foo@bar.com",
        expiresAt: Date.now() - 1000,
      });
      expect((await agent.get(`/verify/${expired}`)).status).toBe(410);
      expect((await agent.get(`/verify/${"A".repeat(43)}`)).status).toBe(410);
      expect((await agent.get("/verify/short")).status).toBe(410);
      // A link for the address foo had before (the account's address is another now): nothing changes.
      const stale = await issueEmailToken(store, {
        purpose: "verify",
        userId: "foo@bar.com",
        email: "old@bar.com",
        expiresAt: Date.now() + day,
      });
      expect((await agent.get(`/verify/${stale}`)).status).toBe(410);
      expect((await store.findById("foo@bar.com"))?.emailVerified).toBe(false);
      await store.close();
    });

    it("a link made for one account never touches another (even naming the other's address)", async () => {
      const { agent, store } = await setUp();
      const crossed = await issueEmailToken(store, {
        purpose: "verify",
        userId: "foo@bar.com",
        email: "grace@example.com",
        expiresAt: Date.now() + 3_600_000,
      });
      expect((await agent.get(`/verify/${crossed}`)).status).toBe(410);
      expect((await store.findById("grace"))?.emailVerified).toBe(false);
      expect((await store.findById("foo@bar.com"))?.email).toBe("foo@bar.com");
      // An invitation link is not a verification link (and is not used up by trying it as one).
      const invite = await issueEmailToken(store, {
        purpose: "invite",
        userId: "grace",
        email: "grace@example.com",
        expiresAt: Date.now() + 3_600_000,
      });
      expect((await agent.get(`/verify/${invite}`)).status).toBe(410);
      expect((await store.findById("grace"))?.emailVerified).toBe(false);
      await store.close();
    });

    it("a change of address: notice to the old one, link to the new one, the change only once it is opened", async () => {
      const { app, agent, page, store, hydra } = await setUp();
      const wrong = await post(agent, "/account/email", page.text, {
        new_email: "Foo.New@Example.com",
        current_password: "wrong",
      });
      expect(wrong.headers.location).toBe("/account#email");
      expect((await agent.get("/account")).text).toContain("current password");
      expect((await store.findById("foo@bar.com"))?.pendingEmail).toBeUndefined();

      const asked = await post(agent, "/account/email", page.text, {
        new_email: "Foo.New@Example.com",
        current_password: "foobar",
      });
      expect(asked.status).toBe(303);
      const shown = await agent.get("/account").expect(200);
      expect(shown.text).toContain("We sent a link to foo.new@example.com");
      expect(shown.text).toContain('id="pending-email"');
      const notice = await mailTo("foo@bar.com", "foo.new@example.com");
      expect(notice.Subject).toBe("Security notice for your account");
      expect(notice.Text).not.toMatch(/\/verify\//);
      const mail = await mailTo("foo.new@example.com", "/verify/");
      // Not yet: the old address still signs in, the new one finds nobody.
      expect((await store.findById("foo@bar.com"))?.email).toBe("foo@bar.com");
      expect(await store.findByEmail("foo.new@example.com")).toBeUndefined();

      const link = linkIn(mail.Text)!;
      // The victim's mail gateway (or anyone not signed in as foo) fetching the link changes nothing.
      expect((await (await import("supertest")).default(app).get(link)).status).toBe(200);
      expect((await store.findById("foo@bar.com"))?.email).toBe("foo@bar.com");
      const confirmPage = await agent.get(link).expect(200);
      expect(confirmPage.text).toContain("Confirm foo.new@example.com as the new address of your account");
      expect((await post(agent, link, confirmPage.text)).status).toBe(200);
      const changed = await store.findById("foo@bar.com");
      expect(changed).toMatchObject({ email: "foo.new@example.com", emailVerified: true });
      expect(changed?.pendingEmail).toBeUndefined();
      // Other sessions end, as after any change of how one signs in.
      expect(hydra.calls.some((call) => call.operation === "revokeLoginSessions")).toBe(true);
      // This browser, which confirmed, stays signed in.
      expect((await agent.get("/account")).status).toBe(200);
      await store.close();
    });

    it("a change of address needs a recent sign-in: an old one goes through Hydra, and the form is asked anew", async () => {
      const { agent, page, store, oidc } = await setUp(mailEnv(), 3600);
      const posted = await post(agent, "/account/email", page.text, {
        new_email: "x@example.com",
        current_password: "foobar",
      });
      expect(posted.status).toBe(303);
      expect(posted.headers.location).toContain("http://hydra.test/oauth2/auth");
      expect(new URL(posted.headers.location!).searchParams.get("max_age")).toBeTruthy();
      expect(String(posted.headers["set-cookie"])).not.toContain("foobar");
      oidc.next = { subject: "foo@bar.com", ageSeconds: 0, acr: "1" };
      const back = await callbackFor(agent, posted.headers.location!).expect(303);
      expect(back.headers.location).toBe("/account#email");
      expect((await agent.get("/account")).text).toContain("You signed in again. Please make the change once more.");
      expect((await store.findById("foo@bar.com"))?.pendingEmail).toBeUndefined();
      expect(await mailpit.messagesTo("x@example.com")).toHaveLength(0);
      await store.close();
    });

    it("a newer change voids the link of an older one; a HEAD or GET (a link preview) uses nothing up", async () => {
      const { app, agent, page, store } = await setUp();
      await post(agent, "/account/email", page.text, { new_email: "first@example.com", current_password: "foobar" });
      const first = linkIn((await mailTo("first@example.com", "/verify/")).Text)!;
      const next = await agent.get("/account");
      await post(agent, "/account/email", next.text, { new_email: "second@example.com", current_password: "foobar" });
      const second = linkIn((await mailTo("second@example.com", "/verify/")).Text)!;
      const browser = (await import("supertest")).default(app);
      expect((await browser.get(first)).status).toBe(410);
      expect((await store.findById("foo@bar.com"))?.email).toBe("foo@bar.com");
      expect((await browser.head(second)).status).toBe(200);
      expect((await browser.get(second)).status).toBe(200);
      expect((await store.findById("foo@bar.com"))?.email).toBe("foo@bar.com");
      expect((await confirm(agent, second)).status).toBe(200);
      expect((await store.findById("foo@bar.com"))?.email).toBe("second@example.com");
      await store.close();
    });

    it("an address of another account: the same answer, nothing sent to it; taken meanwhile: refused", async () => {
      const { agent, page, store } = await setUp();
      await post(agent, "/account/email", page.text, { new_email: "grace@example.com", current_password: "foobar" });
      expect((await agent.get("/account")).text).toContain("We sent a link to grace@example.com");
      await mailTo("foo@bar.com", "grace@example.com"); // the notice to the old address
      expect(await mailpit.messagesTo("grace@example.com")).toHaveLength(0);

      const next = await agent.get("/account");
      await post(agent, "/account/email", next.text, { new_email: "free@example.com", current_password: "foobar" });
      const mail = await mailTo("free@example.com", "/verify/");
      // Another account takes the address before the link is opened.
      await store.setPendingEmail("grace", "free@example.com");
      expect(await store.confirmEmail("grace", "free@example.com")).toBe("changed");
      const opened = await confirm(agent, linkIn(mail.Text)!);
      expect(opened.status).toBe(409);
      expect(opened.text).toContain("This address is taken");
      expect((await store.findById("foo@bar.com"))?.email).toBe("foo@bar.com");
      await store.close();
    });

    it("20 sends at once reach the address at most 3 times", async () => {
      const { agent, page, store } = await setUp();
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => post(agent, "/account/email/verify", page.text)),
      );
      expect(answers.every((answer) => answer.status === 303)).toBe(true);
      await mailTo("foo@bar.com", "/verify/");
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await mailpit.messagesTo("foo@bar.com")).length).toBeLessThanOrEqual(3);
      expect((await mailpit.messagesTo("foo@bar.com")).length).toBeGreaterThanOrEqual(1);
      await store.close();
    });
  });
}

describe("without SMTP_URL", () => {
  it("shows whether the address is verified, but no button and no change form; their routes are absent", async () => {
    const { app } = await accountApp();
    const { agent, page } = await signInTo(app);
    expect(page.text).toContain('id="email-status"');
    expect(page.text).not.toContain('id="send-verification"');
    expect(page.text).not.toContain('id="change-email"');
    expect((await post(agent, "/account/email/verify", page.text)).status).toBe(404);
    expect((await agent.get(`/verify/${"A".repeat(43)}`)).status).toBe(404);
  });
});
