import request from "supertest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mfaSecretBox } from "../../src/identity/factors/keys.js";
import { currentTotp, newTotpSecret, totpStep } from "../../src/identity/factors/totp.js";
import { csrfTokenOf } from "../support/forms.js";
import { startMailpit, type Mailpit } from "../support/mailpit.js";
import { acceptsOf, askForCode, codeIn, emailSignInApp, postCode, SECRET } from "../support/email-sign-in.js";

let mailpit: Mailpit;
beforeAll(async () => {
  mailpit = await startMailpit();
});
afterAll(() => mailpit.stop());
beforeEach(() => mailpit.deleteAll());

const DEMO = "foo@bar.com";

describe("sign in by email: the code and the link complete the same OAuth2 login", () => {
  it("the login page offers #email-sign-in only with EMAIL_SIGN_IN=true, as a button of the login form", async () => {
    const on = await emailSignInApp(mailpit.smtpUrl);
    const page = await request(on.app).get("/login?login_challenge=flow-1").expect(200);
    expect(page.text).toMatch(/<button type="submit" id="email-sign-in" formaction="\/login\/email" formnovalidate>/);
    expect(page.text).toContain("Email me a sign-in code");
    const off = await emailSignInApp(mailpit.smtpUrl, { env: { EMAIL_SIGN_IN: "false" } });
    const plain = await request(off.app).get("/login?login_challenge=flow-1").expect(200);
    expect(plain.text).not.toContain('id="email-sign-in"');
    expect((await request(off.app).post("/login/email")).status).toBe(404);
  });

  it("the code: one email, then accepted at Hydra with the subject, amr email and acr 1", async () => {
    const { app, hydra } = await emailSignInApp(mailpit.smtpUrl);
    const agent = request.agent(app);
    const page = await askForCode(agent, "Foo@Bar.com", "flow-1", { remember: "1" });
    expect(page.status).toBe(200);
    for (const id of ["email-code", "email-code-submit", "email-sign-in-back"])
      expect(page.text).toContain(`id="${id}"`);
    expect(page.text).toContain("If an account exists for foo@bar.com, we sent it a 6-digit code and a link.");
    expect(page.text).toContain('href="/login?login_challenge=flow-1&amp;login_hint=foo%40bar.com"');
    const cookie = page.headers["set-cookie"] as unknown as string[];
    expect(cookie.find((line) => line.startsWith("hlc.email-sign-in="))).toMatch(/HttpOnly; SameSite=Lax/);

    const message = await mailpit.waitFor(DEMO);
    expect(message.Subject).toBe("Your sign-in code");
    expect(message.HTML).toContain("http://127.0.0.1:3000/login/email/");
    const { code } = await codeIn(mailpit, DEMO);
    expect(acceptsOf(hydra)).toHaveLength(0);

    const done = await postCode(agent, page.text, "flow-1", code);
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe("https://hydra.test/after/acceptLoginRequest");
    expect(acceptsOf(hydra)).toEqual([
      {
        operation: "acceptLoginRequest",
        challenge: "flow-1",
        body: expect.objectContaining({ subject: DEMO, acr: "1", amr: ["email"], remember: true }),
      },
    ]);
    // One email, and the code works once.
    expect(await mailpit.messagesTo(DEMO)).toHaveLength(1);
    const again = await postCode(agent, page.text, "flow-1", code);
    expect(again.status).toBe(401);
    expect(again.text).toContain("That code is wrong or no longer valid.");
    expect(acceptsOf(hydra)).toHaveLength(1);
  });

  it("the link in the same browser signs in, and is used up with its code", async () => {
    const { app, hydra } = await emailSignInApp(mailpit.smtpUrl);
    const agent = request.agent(app);
    const page = await askForCode(agent, DEMO, "flow-1");
    const { code, link } = await codeIn(mailpit, DEMO);
    const opened = await agent.get(link);
    expect(opened.status).toBe(303);
    expect(opened.headers.location).toBe("https://hydra.test/after/acceptLoginRequest");
    expect(acceptsOf(hydra)[0]?.body).toMatchObject({ subject: DEMO, acr: "1", amr: ["email"], remember: false });
    expect((await agent.get(link)).status).toBe(410);
    expect((await postCode(agent, page.text, "flow-1", code)).status).toBe(401);
    expect(acceptsOf(hydra)).toHaveLength(1);
  });

  it("the link in another browser says to type the code, and is not used up there", async () => {
    const { app, hydra } = await emailSignInApp(mailpit.smtpUrl);
    const asking = request.agent(app);
    const page = await askForCode(asking, DEMO, "flow-1");
    const { code, link } = await codeIn(mailpit, DEMO);
    for (const other of [request(app), request.agent(app)]) {
      const scanned = await other.get(link);
      expect(scanned.status).toBe(200);
      expect(scanned.text).toContain("Enter the code instead");
      expect(scanned.text).toContain('id="email-link-elsewhere"');
    }
    // A code typed in another browser (no binding cookie) is refused too.
    const otherBrowser = request.agent(app);
    const otherPage = await otherBrowser.get("/login?login_challenge=flow-1");
    expect((await postCode(otherBrowser, otherPage.text, "flow-1", code)).status).toBe(401);
    expect(acceptsOf(hydra)).toHaveLength(0);
    // Still good where it was asked for.
    const opened = await asking.get(link);
    expect(opened.status).toBe(303);
    expect(acceptsOf(hydra)).toHaveLength(1);
    expect((await postCode(asking, page.text, "flow-1", code)).status).toBe(401);
  });

  it("a code asked for in flow A is refused in flow B of the same browser", async () => {
    const { app, hydra } = await emailSignInApp(mailpit.smtpUrl);
    const agent = request.agent(app);
    await askForCode(agent, DEMO, "flow-A");
    const a = await codeIn(mailpit, DEMO);
    const pageB = await askForCode(agent, DEMO, "flow-B");
    const b = await codeIn(mailpit, DEMO, 2);
    expect(b.code === a.code && a.code !== "").toBe(false);
    const crossed = await postCode(agent, pageB.text, "flow-B", a.code);
    expect(crossed.status).toBe(401);
    expect(acceptsOf(hydra)).toHaveLength(0);
    // A's link cannot finish B either, and B's own code does.
    const done = await postCode(agent, pageB.text, "flow-B", b.code);
    expect(done.status).toBe(303);
    expect(acceptsOf(hydra).map((call) => call.challenge)).toEqual(["flow-B"]);
  });

  it("an account with TOTP still gets its second step after the code; then amr email+otp, acr 2 as acr_values=2 asks", async () => {
    const { app, hydra, users } = await emailSignInApp(mailpit.smtpUrl);
    const getLoginRequest = hydra.getLoginRequest.bind(hydra);
    hydra.getLoginRequest = async (challenge) => ({
      ...(await getLoginRequest(challenge)),
      oidc_context: { acr_values: ["2"] },
    });
    const secret = newTotpSecret();
    await users.setTotp(DEMO, {
      sealedSecret: mfaSecretBox(undefined, SECRET).seal(secret),
      confirmedAt: new Date().toISOString(),
      lastUsedStep: totpStep() - 5,
    });
    const agent = request.agent(app);
    const page = await askForCode(agent, DEMO, "flow-1");
    const { code } = await codeIn(mailpit, DEMO);
    const first = await postCode(agent, page.text, "flow-1", code);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe("/login/second-factor?login_challenge=flow-1");
    expect(acceptsOf(hydra)).toHaveLength(0);
    const second = await agent.get(first.headers.location!).expect(200);
    const done = await agent
      .post("/login/second-factor")
      .type("form")
      .send({ _csrf: csrfTokenOf(second.text), challenge: "flow-1", action: "accept", code: currentTotp(secret) });
    expect(done.status).toBe(303);
    // The mailbox and the authenticator app: two separate channels, two factors (see the README).
    expect(acceptsOf(hydra)[0]?.body).toMatchObject({ subject: DEMO, amr: ["email", "otp"], acr: "2" });
  });

  it("no address typed: the login form again, 400, nothing sent", async () => {
    const { app } = await emailSignInApp(mailpit.smtpUrl);
    const answer = await askForCode(request.agent(app), "", "flow-1");
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("Please enter your email address to get a sign-in code.");
    expect(answer.text).toContain('id="password"');
  });
});
