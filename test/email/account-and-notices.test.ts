import type request from "supertest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { csrfTokenOf } from "../support/forms.js";
import { startMailpit, type Mailpit } from "../support/mailpit.js";
import { accountApp, giveTotp, signInTo } from "../account/stand-ins.js";

const NEW_PASSWORD = "violet-harbour-lantern-42";

let mailpit: Mailpit;
beforeAll(async () => {
  mailpit = await startMailpit();
});
afterAll(() => mailpit.stop());
beforeEach(() => mailpit.deleteAll());

/** The message to foo@bar.com whose text has these words (other tests' notices may arrive in between). */
async function mailWith(words: string) {
  for (const until = Date.now() + 10_000; Date.now() < until;) {
    for (const found of await mailpit.messagesTo("foo@bar.com")) {
      const message = await mailpit.message(found.ID);
      if (message.Text.includes(words)) return message;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no email with: ${words}`);
}

const mailEnv = () => ({ SMTP_URL: mailpit.smtpUrl, MAIL_FROM: "sign-in@login.test" });

async function resetBy(
  app: Parameters<typeof signInTo>[0],
  agent: ReturnType<typeof request.agent>,
  challenge: string,
) {
  const form = await agent.get(`/recovery?login_challenge=${challenge}`).expect(200);
  await agent
    .post("/recovery")
    .type("form")
    .send({ _csrf: csrfTokenOf(form.text), challenge, email: "foo@bar.com" })
    .expect(200);
  // Notices of an earlier test's changes may arrive late: the newest reset email is the one.
  let link: string | undefined;
  for (const until = Date.now() + 10_000; link === undefined && Date.now() < until;) {
    const found = (await mailpit.messagesTo("foo@bar.com")).find((m) => m.Subject === "Reset your password");
    if (found !== undefined) link = /\/recovery\/[A-Za-z0-9_-]{43}/.exec((await mailpit.message(found.ID)).Text)?.[0];
    else await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (link === undefined) throw new Error("no reset email");
  const page = await agent.get(link).expect(200);
  return agent
    .post(link)
    .type("form")
    .send({ _csrf: csrfTokenOf(page.text), new_password: NEW_PASSWORD, new_password_repeat: NEW_PASSWORD });
}

describe("a reset and the rest of the account", () => {
  it("ends the account-area sessions of that person (their generation moves on)", async () => {
    const { app } = await accountApp({ env: mailEnv() });
    const { agent } = await signInTo(app);
    expect((await resetBy(app, agent, "flow-a")).status).toBe(303);
    // The session that was signed in is told it was signed out; the next visit starts a new sign-in.
    const after = await agent.get("/account");
    expect(after.status).toBe(401);
    const again = await agent.get("/account");
    expect(again.status).toBe(303);
    expect(again.headers.location).toContain("http://hydra.test/oauth2/auth");
  });

  it("does not sign in, and the next sign-in still asks for the second factor", async () => {
    const { app, users, hydra, oidc } = await accountApp({ env: mailEnv() });
    await giveTotp(users);
    oidc.next = { subject: "foo@bar.com", ageSeconds: 0, acr: "2" };
    const { agent } = await signInTo(app);
    const done = await resetBy(app, agent, "flow-b");
    expect(done.headers.location).toBe("/login?login_challenge=flow-b&login_hint=foo%40bar.com");
    const login = await agent.get(done.headers.location!).expect(200);
    const facts = /name="facts" value="([^"]+)"/.exec(login.text)?.[1];
    const answer = await agent
      .post("/login")
      .type("form")
      .send({
        _csrf: csrfTokenOf(login.text),
        challenge: "flow-b",
        facts,
        action: "accept",
        email: "foo@bar.com",
        password: NEW_PASSWORD,
      });
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe("/login/second-factor?login_challenge=flow-b");
    expect(hydra.calls.some((call) => call.operation === "acceptLoginRequest")).toBe(false);
  });
});

describe("security notices", () => {
  it("a password change on the account page sends a notice with the time, the IP and the account page", async () => {
    const { app } = await accountApp({ env: mailEnv() });
    const { agent, page } = await signInTo(app);
    await agent
      .post("/account/password")
      .type("form")
      .send({
        _csrf: csrfTokenOf(page.text),
        current_password: "foobar",
        new_password: NEW_PASSWORD,
        new_password_repeat: NEW_PASSWORD,
      })
      .expect(303);
    const notice = await mailWith("The password of your account foo@bar.com was changed.");
    expect(notice.Subject).toBe("Security notice for your account");
    expect(notice.Text).toMatch(/When: \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(UTC\)/);
    expect(notice.Text).toMatch(/From the IP address: (::ffff:)?127\.0\.0\.1/);
    expect(notice.Text).toContain("http://login.test/account");
    expect(notice.HTML).toContain('<a href="http://login.test/account">');
  });

  it("removing the second factor sends a notice too; without SMTP_URL nothing is sent", async () => {
    const { app, users, oidc } = await accountApp({ env: mailEnv() });
    await giveTotp(users);
    oidc.next = { subject: "foo@bar.com", ageSeconds: 0, acr: "2" };
    const { agent, page } = await signInTo(app);
    await agent
      .post("/account/totp/remove")
      .type("form")
      .send({ _csrf: csrfTokenOf(page.text) })
      .expect(303);
    expect((await users.getFactors("foo@bar.com")).totp).toBeUndefined();
    await mailWith("The second step (authenticator app) was removed from your account foo@bar.com.");

    await mailpit.deleteAll();
    const quiet = await accountApp();
    await giveTotp(quiet.users);
    quiet.oidc.next = { subject: "foo@bar.com", ageSeconds: 0, acr: "2" };
    const signed = await signInTo(quiet.app);
    await signed.agent
      .post("/account/totp/remove")
      .type("form")
      .send({ _csrf: csrfTokenOf(signed.page.text) })
      .expect(303);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await mailpit.messages()).filter((message) => message.Subject.startsWith("Security"))).toHaveLength(0);
  });
});
