import request from "supertest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/http/logging.js";
import { demoAccount, MemoryUserStore } from "../../src/identity/memory-store.js";
import { hashPassword } from "../../src/identity/passwords.js";
import type { UserWithPassword } from "../../src/identity/user.js";
import { csrfTokenOf } from "../support/forms.js";
import { fakeHydra } from "../support/fake-hydra.js";
import { startMailpit, type Mailpit } from "../support/mailpit.js";

const SECRET = "email-tests-session-secret-0123456789abc";
const NEW_PASSWORD = "violet-harbour-lantern-42";
const OTHER = "ada@example.com";

let mailpit: Mailpit;
beforeAll(async () => {
  mailpit = await startMailpit();
});
afterAll(() => mailpit.stop());
beforeEach(() => mailpit.deleteAll());

async function appWithMail(
  smtpUrl = mailpit.smtpUrl,
  env: Record<string, string> = {},
  extra: UserWithPassword[] = [],
) {
  const hydra = fakeHydra();
  const config = loadConfig({
    NODE_ENV: "test",
    SESSION_SECRET: SECRET,
    LOGIN_FAILURE_DELAY_MS: "0",
    BASE_URL: "http://127.0.0.1:3000",
    SMTP_URL: smtpUrl,
    MAIL_FROM: "sign-in@example.test",
    SMTP_TIMEOUT_MS: "2000",
    ...env,
  });
  const users = new MemoryUserStore([
    await demoAccount(),
    {
      id: "ada",
      email: OTHER,
      emailVerified: true,
      profile: { locale: "de" },
      disabled: false,
      passwordHash: await hashPassword("ada-original-password-1815"),
    },
    ...extra,
  ]);
  const app = createApp(config, { hydra, users, logger: createLogger("silent") });
  return { app, hydra, users };
}

type App = Awaited<ReturnType<typeof appWithMail>>["app"];

/** Asks for a link as a browser does (agent keeps cookies); returns the page. */
async function askForLink(agent: ReturnType<typeof request.agent>, email: string, challenge?: string) {
  const form = await agent
    .get(`/recovery${challenge === undefined ? "" : `?login_challenge=${challenge}`}`)
    .expect(200);
  return agent
    .post("/recovery")
    .type("form")
    .send({ _csrf: csrfTokenOf(form.text), email, ...(challenge === undefined ? {} : { challenge }) });
}

/** The newest forgot-password link to an address (notices about earlier tests' resets may arrive between). */
async function linkIn(to: string, count = 1): Promise<string> {
  // Waits for `count` reset emails themselves: a notice from an earlier test's reset must not count as one.
  const deadline = Date.now() + 10_000;
  let resets = [];
  for (;;) {
    resets = (await mailpit.messagesTo(to)).filter((found) => found.Subject === "Reset your password");
    if (resets.length >= count) break;
    if (Date.now() > deadline) throw new Error(`${resets.length} of ${count} reset emails to ${to} after 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const message = await mailpit.message(resets[0]!.ID);
  const match = /\/recovery\/([A-Za-z0-9_-]{43})/.exec(message.Text);
  if (match === null) throw new Error(`no link in:\n${message.Text}`);
  return `/recovery/${match[1]}`;
}

async function setPassword(agent: ReturnType<typeof request.agent>, link: string, password = NEW_PASSWORD) {
  const page = await agent.get(link).expect(200);
  expect(page.text).toContain('id="new-password"');
  return agent
    .post(link)
    .type("form")
    .send({ _csrf: csrfTokenOf(page.text), new_password: password, new_password_repeat: password });
}

describe("forgot password against a real SMTP server (Mailpit)", () => {
  it("from a login challenge: email, new password, back on the same flow's login with the email filled, sign in", async () => {
    const { app, hydra } = await appWithMail();
    const agent = request.agent(app);
    const login = await agent.get("/login?login_challenge=flow-1").expect(200);
    expect(login.text).toContain('id="forgot-password" href="/recovery?login_challenge=flow-1"');

    const sent = await askForLink(agent, "Foo@Bar.com", "flow-1");
    expect(sent.status).toBe(200);
    expect(sent.text).toContain("If an account exists for foo@bar.com, we sent a link to it.");

    const message = await mailpit.waitFor("foo@bar.com");
    expect(message.Subject).toBe("Reset your password");
    expect(message.From.Address).toBe("sign-in@example.test");
    expect(message.HTML).toContain("http://127.0.0.1:3000/recovery/");
    const link = await linkIn("foo@bar.com");

    const weak = await setPassword(agent, link, "password1234");
    expect(weak.status).toBe(400);
    expect(weak.text).toContain("one of the most common");

    const done = await setPassword(agent, link);
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe("/login?login_challenge=flow-1&login_hint=foo%40bar.com");
    expect(hydra.calls).toContainEqual({ operation: "revokeLoginSessions", challenge: "foo@bar.com" });
    // The reset signed nobody in.
    expect(hydra.calls.some((call) => call.operation === "acceptLoginRequest")).toBe(false);

    const back = await agent.get(done.headers.location!).expect(200);
    expect(back.text).toContain('value="foo@bar.com"');
    const facts = /name="facts" value="([^"]+)"/.exec(back.text)?.[1];
    const loginForm = {
      _csrf: csrfTokenOf(back.text),
      challenge: "flow-1",
      facts,
      action: "accept",
      email: "foo@bar.com",
    };
    const old = await agent
      .post("/login")
      .type("form")
      .send({ ...loginForm, password: "foobar" });
    expect(old.status, old.text.slice(old.text.indexOf("<main"), old.text.indexOf("<main") + 600)).toBe(401);
    const signedIn = await agent
      .post("/login")
      .type("form")
      .send({ ...loginForm, password: NEW_PASSWORD });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe("https://hydra.test/after/acceptLoginRequest");

    // A security notice followed, with the time and IP.
    const notice = await mailpit.waitFor("foo@bar.com", 2);
    expect(notice.Subject).toBe("Security notice for your account");
    expect(notice.Text).toContain("was reset with a link sent by email");
    expect(notice.Text).toMatch(/When: \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(UTC\)/);
    expect(notice.Text).toContain("http://127.0.0.1:3000/account");

    // Used once: the same link again is refused.
    const again = await agent.get(link);
    expect(again.status).toBe(410);
    expect(again.text).toContain("This link no longer works");
    expect(
      (
        await agent
          .post(link)
          .type("form")
          .send({ _csrf: csrfTokenOf(back.text) })
      ).status,
    ).toBe(410);
  });

  it("a link opened in another browser changes the password but ends on a 'password changed' page", async () => {
    const { app } = await appWithMail();
    expect((await askForLink(request.agent(app), "foo@bar.com", "flow-2")).status).toBe(200);
    const done = await setPassword(request.agent(app), await linkIn("foo@bar.com"));
    expect(done.status).toBe(200);
    expect(done.text).toContain('id="password-changed"');
    await mailpit.waitFor("foo@bar.com", 2); // the security notice
  });

  it("an unknown address gets the same page and no email", async () => {
    const { app } = await appWithMail();
    const unknown = await askForLink(request.agent(app), "nobody@example.com");
    const known = await askForLink(request.agent(app), OTHER);
    expect(unknown.status).toBe(known.status);
    expect(unknown.text.replace(/nobody@example\.com/g, "X").replace(/value="[^"]+"/g, "")).toBe(
      known.text.replace(/ada@example\.com/g, "X").replace(/value="[^"]+"/g, ""),
    );
    // The known one arrives, in the page's language (English here) rather than the account's locale claim (de).
    const message = await mailpit.waitFor(OTHER);
    expect(message.Subject).toBe("Reset your password");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await mailpit.messagesTo("nobody@example.com")).toHaveLength(0);
  });

  it("the language menu after asking keeps the login challenge", async () => {
    const { app } = await appWithMail();
    const sent = await askForLink(request.agent(app), OTHER, "flow-menu");
    expect(sent.text).toMatch(/action="\/recovery"[^>]*>[\s\S]*name="login_challenge" value="flow-menu"/);
    await mailpit.waitFor(OTHER); // sent before the next test empties the mailbox
  });

  it("the email is in the page's language", async () => {
    const { app } = await appWithMail();
    const agent = request.agent(app);
    const form = await agent.get("/recovery").set("Accept-Language", "ja").expect(200);
    await agent
      .post("/recovery")
      .set("Accept-Language", "ja")
      .type("form")
      .send({ _csrf: csrfTokenOf(form.text), email: OTHER })
      .expect(200);
    expect((await mailpit.waitFor(OTHER)).Subject).toBe("パスワードの再設定");
  });

  it("a link opened after the password changed by another route is refused", async () => {
    const { app, users } = await appWithMail();
    expect((await askForLink(request.agent(app), OTHER)).status).toBe(200);
    const link = await linkIn(OTHER);
    await users.changePassword("ada", await hashPassword("changed-elsewhere-password-9"));
    expect((await request(app).get(link)).status).toBe(410);
    // A new link, asked after the change, works again.
    expect((await askForLink(request.agent(app), OTHER)).status).toBe(200);
    expect((await request(app).get(await linkIn(OTHER, 2))).status).toBe(200);
  });

  it("a link made before a change of address is void after it", async () => {
    const { app, users } = await appWithMail();
    expect((await askForLink(request.agent(app), OTHER)).status).toBe(200);
    const link = await linkIn(OTHER);
    const before = (await users.findByEmail(OTHER))!.passwordHash;
    await users.setPendingEmail("ada", "ada.moved@example.test");
    expect(await users.confirmEmail("ada", "ada.moved@example.test")).toBe("changed");
    expect((await request(app).get(link)).status).toBe(410);
    expect((await users.findByEmail("ada.moved@example.test"))!.passwordHash).toBe(before);
  });

  it("a reset proves an unverified address: the factors stay (a mailbox alone never beats a second factor); the account's consents, pending change of address and emailed links go", async () => {
    const address = "owner@example.com";
    const { app, hydra, users } = await appWithMail(mailpit.smtpUrl, {}, [
      {
        id: "unproved",
        email: address,
        emailVerified: false,
        profile: {},
        disabled: false,
        passwordHash: await hashPassword("someone-chosen-password-1"),
      },
    ]);
    await users.setTotp("unproved", { sealedSecret: "sealed", confirmedAt: new Date().toISOString(), lastUsedStep: 1 });
    // A change of address asked for meanwhile (by whoever held the account), with its link.
    await users.setPendingEmail("unproved", "elsewhere@example.com");
    await users.saveEmailToken("c".repeat(64), {
      purpose: "change",
      userId: "unproved",
      email: "elsewhere@example.com",
      expiresAt: Date.now() + 3_600_000,
    });

    const owner = request.agent(app);
    expect((await askForLink(owner, address)).status).toBe(200);
    expect((await setPassword(owner, await linkIn(address))).status).toBe(200);
    expect((await users.getFactors("unproved")).totp).toBeDefined();
    const after = await users.findById("unproved");
    expect(after).toMatchObject({ emailVerified: true, email: address });
    expect(after?.pendingEmail).toBeUndefined();
    expect(await users.findEmailToken("c".repeat(64))).toBeUndefined();
    expect(hydra.calls).toContainEqual({ operation: "revokeAllConsentSessions", challenge: "unproved" });

    // A verified account's reset leaves its consents alone.
    const ada = request.agent(app);
    expect((await askForLink(ada, OTHER)).status).toBe(200);
    expect((await setPassword(ada, await linkIn(OTHER))).status).toBe(200);
    expect(hydra.calls).not.toContainEqual({ operation: "revokeAllConsentSessions", challenge: "ada" });
  });

  it("a token for one account changes only that account, whatever the form says", async () => {
    const { app, users } = await appWithMail();
    expect((await askForLink(request.agent(app), OTHER)).status).toBe(200);
    const link = await linkIn(OTHER);
    const agent = request.agent(app);
    const page = await agent.get(link).expect(200);
    const done = await agent
      .post(link)
      .type("form")
      .send({
        _csrf: csrfTokenOf(page.text),
        email: "foo@bar.com",
        username: "foo@bar.com",
        new_password: NEW_PASSWORD,
        new_password_repeat: NEW_PASSWORD,
      });
    expect(done.status).toBe(200);
    const demo = await users.findByEmail("foo@bar.com");
    const { verifyPassword } = await import("../../src/identity/passwords.js");
    expect(await verifyPassword(demo!.passwordHash, "foobar")).toBe(true);
    expect(await verifyPassword((await users.findByEmail(OTHER))!.passwordHash, NEW_PASSWORD)).toBe(true);
  });

  it("guessed and malformed tokens are refused without a lookup error", async () => {
    const { app } = await appWithMail();
    for (const token of ["x", "A".repeat(43), "A".repeat(44), "%00".repeat(20), "%2e%2e"]) {
      expect((await request(app).get(`/recovery/${token}`)).status).toBe(410);
    }
  });

  it("50 requests for one address in a burst send at most 3 emails", async () => {
    const { app } = await appWithMail();
    const agent = request.agent(app);
    const form = await agent.get("/recovery").expect(200);
    const token = csrfTokenOf(form.text);
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => agent.post("/recovery").type("form").send({ _csrf: token, email: OTHER })),
    );
    // The first 20 pass the per-IP limit and get the same page; the rest are told to wait.
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(20);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(30);
    await mailpit.waitFor(OTHER, 3);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await mailpit.messagesTo(OTHER)).toHaveLength(3);
  });

  it("known and unknown addresses take the same time", async () => {
    // 30 known accounts, each asked for once (so each known request really sends), from 60 client IPs.
    const ROUNDS = 30;
    const passwordHash = await hashPassword("timing-account-password-2026");
    const known = Array.from({ length: ROUNDS }, (_, index) => ({
      id: `timing-${index}`,
      email: `known${index}@example.com`,
      emailVerified: true,
      profile: {},
      disabled: false,
      passwordHash,
    }));
    const { app } = await appWithMail(mailpit.smtpUrl, { TRUST_PROXY: "true" }, known);
    const agent = request.agent(app);
    const form = await agent.get("/recovery").expect(200);
    const token = csrfTokenOf(form.text);
    const times: Record<"known" | "unknown", number[]> = { known: [], unknown: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const kind of round % 2 === 0 ? (["known", "unknown"] as const) : (["unknown", "known"] as const)) {
        const email = `${kind}${round}@example.com`;
        const start = performance.now();
        await agent
          .post("/recovery")
          .set("X-Forwarded-For", `198.51.100.${kind === "known" ? round : 100 + round}`)
          .type("form")
          .send({ _csrf: token, email })
          .expect(200);
        times[kind].push(performance.now() - start);
      }
    }
    await mailpit.waitFor("known29@example.com");
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const [knownMs, unknownMs] = [median(times.known), median(times.unknown)];
    console.log(`recovery timing medians: known ${knownMs.toFixed(2)} ms, unknown ${unknownMs.toFixed(2)} ms`);
    expect(Math.abs(knownMs - unknownMs)).toBeLessThan(10);
  });

  it("a failed SMTP server: the same page, and a metric counts the failure", async () => {
    const dead = await startMailpit();
    const smtpUrl = dead.smtpUrl;
    await dead.stop();
    const { app } = await appWithMail(smtpUrl);
    const answer = await askForLink(request.agent(app), OTHER);
    expect(answer.status).toBe(200);
    expect(answer.text).toContain(`If an account exists for ${OTHER}, we sent a link to it.`);
    const until = Date.now() + 5000;
    let metrics = "";
    while (Date.now() < until) {
      metrics = (await request(app).get("/metrics")).text;
      if (metrics.includes('emails_sent_total{kind="recovery",outcome="failed"} 1')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(metrics).toContain('emails_sent_total{kind="recovery",outcome="failed"} 1');
  });

  it("a lockout sends one notice to the owner, in the account's language; tries refused while locked send none", async () => {
    const { app } = await appWithMail(mailpit.smtpUrl, { LOGIN_MAX_FAILURES_PER_ACCOUNT: "3" });
    const agent = request.agent(app);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const page = await agent.get("/login?login_challenge=flow-lock").expect(200);
      const facts = /name="facts" value="([^"]+)"/.exec(page.text)?.[1];
      const answer = await agent
        .post("/login")
        .type("form")
        .send({
          _csrf: csrfTokenOf(page.text),
          challenge: "flow-lock",
          facts,
          action: "accept",
          email: OTHER,
          password: `wrong-${attempt}`,
        });
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([401, 401, 429, 429, 429]);
    const notice = await mailpit.waitFor(OTHER);
    expect(notice.Subject).toBe("Sicherheitshinweis zu Ihrem Konto");
    expect(notice.Text).toContain(`Die Anmeldung bei Ihrem Konto ${OTHER} wurde nach wiederholten Fehlversuchen`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await mailpit.messagesTo(OTHER)).toHaveLength(1);
  });

  it("without SMTP_URL there is no link and no page", async () => {
    const config = loadConfig({ NODE_ENV: "test", SESSION_SECRET: SECRET });
    const app: App = createApp(config, {
      hydra: fakeHydra(),
      users: new MemoryUserStore([await demoAccount()]),
      logger: createLogger("silent"),
    });
    const login = await request(app).get("/login?login_challenge=flow-3").expect(200);
    expect(login.text).not.toContain("forgot-password");
    expect((await request(app).get("/recovery")).status).toBe(404);
  });
});
