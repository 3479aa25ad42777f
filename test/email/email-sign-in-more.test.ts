import request from "supertest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { mfaSecretBox } from "../../src/identity/factors/keys.js";
import { newTotpSecret, totpStep } from "../../src/identity/factors/totp.js";
import { acceptsOf, askForCode, codeIn, emailSignInApp, postCode, SECRET } from "../support/email-sign-in.js";
import { csrfTokenOf } from "../support/forms.js";
import { startMailpit, type Mailpit } from "../support/mailpit.js";

let mailpit: Mailpit;
beforeAll(async () => {
  mailpit = await startMailpit();
});
afterAll(() => mailpit.stop());
beforeEach(() => mailpit.deleteAll());

const DEMO = "foo@bar.com";

describe("EMAIL_SIGN_IN", () => {
  it("is off by default, and refused without SMTP_URL", () => {
    expect(
      loadConfig({ NODE_ENV: "test", BASE_URL: "http://127.0.0.1:3000", SMTP_URL: "smtp://127.0.0.1:1" }).mail,
    ).toMatchObject({ emailSignIn: false });
    let problems: string[] = [];
    try {
      loadConfig({ NODE_ENV: "test", EMAIL_SIGN_IN: "true" });
    } catch (error) {
      if (error instanceof ConfigError) problems = error.problems;
    }
    expect(problems).toEqual([
      "EMAIL_SIGN_IN and SMTP_URL: SMTP_URL is required with EMAIL_SIGN_IN=true: the sign-in codes are sent by email",
    ]);
  });
});

describe("sign in by email, more", () => {
  it("the link of an older code stops working once a newer one is asked for", async () => {
    const { app, hydra } = await emailSignInApp(mailpit.smtpUrl);
    const agent = request.agent(app);
    await askForCode(agent, DEMO, "flow-1");
    const older = await codeIn(mailpit, DEMO);
    const page = await askForCode(agent, DEMO, "flow-1");
    const newer = await codeIn(mailpit, DEMO, 2);
    expect((await agent.get(older.link)).status).toBe(410);
    expect((await postCode(agent, page.text, "flow-1", older.code)).status).toBe(older.code === newer.code ? 303 : 401);
    if (older.code !== newer.code) expect((await agent.get(newer.link)).status).toBe(303);
    expect(acceptsOf(hydra)).toHaveLength(1);
  });

  it("the link in the same browser leads an account with TOTP to its second step", async () => {
    const { app, hydra, users } = await emailSignInApp(mailpit.smtpUrl);
    await users.setTotp(DEMO, {
      sealedSecret: mfaSecretBox(undefined, SECRET).seal(newTotpSecret()),
      confirmedAt: new Date().toISOString(),
      lastUsedStep: totpStep() - 5,
    });
    const agent = request.agent(app);
    await askForCode(agent, DEMO, "flow-1");
    const { link } = await codeIn(mailpit, DEMO);
    const opened = await agent.get(link);
    expect(opened.status).toBe(303);
    expect(opened.headers.location).toBe("/login/second-factor?login_challenge=flow-1");
    expect((await agent.get(opened.headers.location!)).status).toBe(200);
    expect(acceptsOf(hydra)).toHaveLength(0);
  });

  it("the email is in the language of the page that asked", async () => {
    const { app } = await emailSignInApp(mailpit.smtpUrl);
    const agent = request.agent(app).set("Accept-Language", "de");
    const page = await askForCode(agent, DEMO, "flow-1");
    expect(page.text).toContain("Code aus der E-Mail eingeben");
    const message = await mailpit.waitFor(DEMO);
    expect(message.Subject).toBe("Ihr Anmeldecode");
    expect(message.Text).toContain("Geben Sie diesen Code auf der Anmeldeseite ein.");
  });

  it("on https the browser's cookie is __Host-, Secure, HttpOnly, Path=/", async () => {
    const { app } = await emailSignInApp(mailpit.smtpUrl, {
      env: { BASE_URL: "https://login.example.test", TRUST_PROXY: "1" },
    });
    const login = await request(app).get("/login?login_challenge=flow-1").set("X-Forwarded-Proto", "https");
    const cookies = (login.headers["set-cookie"] as unknown as string[]).map((line) => line.split(";")[0]).join("; ");
    const asked = await request(app)
      .post("/login/email")
      .set("X-Forwarded-Proto", "https")
      .set("Origin", "https://login.example.test")
      .set("Cookie", cookies)
      .type("form")
      .send({ _csrf: csrfTokenOf(login.text), challenge: "flow-1", email: DEMO });
    expect(asked.status).toBe(200);
    const set = (asked.headers["set-cookie"] as unknown as string[]).find((line) => line.includes("email-sign-in"));
    expect(set).toMatch(
      /^__Host-hlc\.email-sign-in=[A-Za-z0-9_-]{22}; Max-Age=600; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax$/,
    );
  });
});
