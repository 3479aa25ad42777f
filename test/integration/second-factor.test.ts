import session from "express-session";
import request from "supertest";
import { describe, expect, it } from "vitest";
import type { AppDeps } from "../../src/app.js";
import { mfaSecretBox } from "../../src/identity/factors/keys.js";
import { hashRecoveryCode } from "../../src/identity/factors/recovery-codes.js";
import { currentTotp, newTotpSecret, totpStep } from "../../src/identity/factors/totp.js";
import { demoAccount, MemoryUserStore } from "../../src/identity/memory-store.js";
import { UnknownAccountError } from "../../src/identity/store.js";
import { csrfTokenOf } from "../support/forms.js";
import { appUnderTest, SECRET } from "../support/app-under-test.js";

const CHALLENGE = "challenge-mfa";

/** The demo account with an authenticator app (and two recovery codes) turned on. */
async function withTotp(env: Record<string, string> = {}, deps: Partial<AppDeps> = {}) {
  const users = new MemoryUserStore([await demoAccount()]);
  const secret = newTotpSecret();
  const box = mfaSecretBox(undefined, SECRET);
  await users.setTotp("foo@bar.com", {
    sealedSecret: box.seal(secret),
    confirmedAt: new Date().toISOString(),
    lastUsedStep: totpStep() - 5,
  });
  await users.setRecoveryCodes("foo@bar.com", [hashRecoveryCode("abcde-fghjk"), hashRecoveryCode("mnpqr-stvwx")]);
  const { app, hydra } = await appUnderTest(env, { users, ...deps });
  return { app, hydra, users, secret };
}

function sealedFacts(html: string): string {
  const facts = /name="facts" value="([^"]+)"/.exec(html)?.[1];
  if (facts === undefined) throw new Error("the login page carries no sealed facts");
  return facts;
}

/** The login form as a browser posts it: with the facts GET /login sealed into it (client, acr_values). */
async function password(agent: request.Agent, challenge = CHALLENGE) {
  const page = await agent.get(`/login?login_challenge=${challenge}`).expect(200);
  return agent
    .post("/login")
    .type("form")
    .send({
      _csrf: csrfTokenOf(page.text),
      challenge,
      facts: sealedFacts(page.text),
      action: "accept",
      email: "foo@bar.com",
      password: "foobar",
      remember: "1",
    });
}

async function secondStep(agent: request.Agent, code: string, challenge = CHALLENGE) {
  const page = await agent.get(`/login/second-factor?login_challenge=${challenge}`);
  if (page.status !== 200) return page;
  return agent
    .post("/login/second-factor")
    .type("form")
    .send({ _csrf: csrfTokenOf(page.text), challenge, action: "accept", code });
}

const accepts = (hydra: Awaited<ReturnType<typeof withTotp>>["hydra"]) =>
  hydra.calls.filter((call) => call.operation === "acceptLoginRequest");

describe("sign-in in two steps", () => {
  it("password, then the TOTP code: accepted with amr pwd+otp and acr 2, remember kept", async () => {
    const { app, hydra, secret } = await withTotp();
    const agent = request.agent(app);
    const first = await password(agent);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe(`/login/second-factor?login_challenge=${CHALLENGE}`);
    expect(accepts(hydra)).toHaveLength(0);
    const page = await agent.get(`/login/second-factor?login_challenge=${CHALLENGE}`).expect(200);
    for (const id of ["code", "accept", "reject"]) expect(page.text).toContain(`id="${id}"`);

    const wrong = await secondStep(agent, "000000");
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain("That code is not valid or was already used");

    const done = await secondStep(agent, currentTotp(secret));
    expect(done.status).toBe(303);
    expect(accepts(hydra)[0]?.body).toMatchObject({
      subject: "foo@bar.com",
      acr: "2",
      amr: ["pwd", "otp"],
      remember: true,
    });
  });

  it("the later steps ask Hydra nothing: the facts GET /login learned are kept with the pending sign-in", async () => {
    const { app, hydra, secret } = await withTotp();
    const agent = request.agent(app);
    await password(agent);
    const page = await agent.get(`/login/second-factor?login_challenge=${CHALLENGE}`).expect(200);
    expect(page.text).toContain("Test Client");
    expect((await secondStep(agent, "000000")).status).toBe(401);
    expect((await secondStep(agent, currentTotp(secret))).status).toBe(303);
    expect(accepts(hydra)).toHaveLength(1);
    // Once, for the login page; the password post opened the seal, and the steps read the session.
    expect(hydra.calls.filter((call) => call.operation === "getLoginRequest")).toHaveLength(1);
  });

  it("a pending sign-in from a session written before this version (no id of its own) is no pending sign-in", async () => {
    const sessionStore = new session.MemoryStore();
    const { app, hydra } = await withTotp({}, { sessionStore });
    const agent = request.agent(app);
    expect((await password(agent)).status).toBe(303);
    const stored = await new Promise<Record<string, session.SessionData>>((resolve, reject) =>
      sessionStore.all((error, all) => (error ? reject(error) : resolve(all as Record<string, session.SessionData>))),
    );
    const [sid, data] = Object.entries(stored)[0]!;
    expect(data.signIn?.facts?.clientId).toBe("test-client");
    delete (data.signIn as { id?: string }).id;
    await new Promise<void>((resolve, reject) =>
      sessionStore.set(sid, data, (error) => (error ? reject(error) : resolve())),
    );

    const page = await agent.get(`/login/second-factor?login_challenge=${CHALLENGE}`);
    expect(page.status).toBe(400);
    expect(page.text).toContain(`/login?login_challenge=${CHALLENGE}`);
    expect(accepts(hydra)).toHaveLength(0);
  });

  it("an account removed between the password and the second step: a page that says so (410), not 'try again'", async () => {
    const { app, hydra, users } = await withTotp();
    const agent = request.agent(app);
    expect((await password(agent)).status).toBe(303);
    // What removing the account does to this store: every factor call names an unknown id.
    users.getFactors = (id) => Promise.reject(new UnknownAccountError(id));
    const page = await agent.get(`/login/second-factor?login_challenge=${CHALLENGE}`);
    expect(page.status).toBe(410);
    expect(page.text).toContain("This account no longer exists");
    expect(page.text).not.toContain("Try again");
    expect(accepts(hydra)).toHaveLength(0);
  });

  it("a code used once is refused the second time (replay), even in a new sign-in", async () => {
    const { app, secret } = await withTotp();
    const code = currentTotp(secret);
    const first = request.agent(app);
    await password(first);
    expect((await secondStep(first, code)).status).toBe(303);
    const second = request.agent(app);
    await password(second, "challenge-two");
    expect((await secondStep(second, code, "challenge-two")).status).toBe(401);
  });

  it("a recovery code works once, in the same field", async () => {
    const { app, hydra } = await withTotp();
    const first = request.agent(app);
    await password(first);
    expect((await secondStep(first, "ABCDE FGHJK")).status).toBe(303);
    expect(accepts(hydra)[0]?.body).toMatchObject({ acr: "2", amr: ["pwd", "otp"] });
    const again = request.agent(app);
    await password(again, "challenge-again");
    expect((await secondStep(again, "abcde-fghjk", "challenge-again")).status).toBe(401);
  });

  it("the second step cannot be skipped, replayed or moved to another challenge", async () => {
    const { app, hydra, secret } = await withTotp();
    // Straight to the second step, without the password step in this browser.
    const stranger = request.agent(app);
    const page = await stranger.get(`/login?login_challenge=${CHALLENGE}`);
    const skipped = await stranger
      .post("/login/second-factor")
      .type("form")
      .send({ _csrf: csrfTokenOf(page.text), challenge: CHALLENGE, action: "accept", code: currentTotp(secret) });
    expect(skipped.status).toBe(400);
    expect(skipped.text).toContain("This sign-in step has expired");
    // Another challenge than the one the password was given for.
    const agent = request.agent(app);
    await password(agent);
    expect((await agent.get("/login/second-factor?login_challenge=other-challenge")).status).toBe(400);
    // Done once; the same step again finds nothing pending.
    expect((await secondStep(agent, currentTotp(secret))).status).toBe(303);
    expect((await agent.get(`/login/second-factor?login_challenge=${CHALLENGE}`)).status).toBe(400);
    expect(accepts(hydra)).toHaveLength(1);
  });

  it("wrong codes count toward the same lockout as wrong passwords", async () => {
    const { app, secret } = await withTotp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: "3" });
    const agent = request.agent(app);
    await password(agent);
    expect((await secondStep(agent, "111111")).status).toBe(401);
    expect((await secondStep(agent, "222222")).status).toBe(401);
    const locked = await secondStep(agent, "333333");
    expect(locked.status).toBe(429);
    expect((await secondStep(agent, currentTotp(secret))).status).toBe(429);
  });

  it("deny is offered on the second step and rejects with access_denied", async () => {
    const { app, hydra } = await withTotp();
    const agent = request.agent(app);
    await password(agent);
    const page = await agent.get(`/login/second-factor?login_challenge=${CHALLENGE}`);
    await agent
      .post("/login/second-factor")
      .type("form")
      .send({ _csrf: csrfTokenOf(page.text), challenge: CHALLENGE, action: "reject" })
      .expect(303);
    expect(hydra.calls.find((call) => call.operation === "rejectLoginRequest")?.body).toMatchObject({
      error: "access_denied",
    });
  });
});

describe("step-up and required second factors", () => {
  /** Hydra's answer for a login it remembers: skip, with this subject and these acr_values. */
  function remembered(hydra: Awaited<ReturnType<typeof withTotp>>["hydra"], acrValues?: string[]) {
    const original = hydra.getLoginRequest;
    hydra.getLoginRequest = async (challenge) => ({
      ...(await original(challenge)),
      skip: true,
      subject: "foo@bar.com",
      ...(acrValues === undefined ? {} : { oidc_context: { acr_values: acrValues } }),
    });
  }

  it("acr_values=2 on a remembered password login asks for the second step, and amr says pwd then otp", async () => {
    const users = new MemoryUserStore([await demoAccount()]);
    const { app, hydra } = await appUnderTest({}, { users });
    const agent = request.agent(app);
    // Remembered after a password alone (the account had no factor then), then an authenticator app is added.
    expect((await password(agent)).status).toBe(303);
    const secret = newTotpSecret();
    await users.setTotp("foo@bar.com", {
      sealedSecret: mfaSecretBox(undefined, SECRET).seal(secret),
      confirmedAt: new Date().toISOString(),
      lastUsedStep: totpStep() - 5,
    });
    remembered(hydra, ["2"]);
    const page = await agent.get(`/login?login_challenge=${CHALLENGE}`);
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe(`/login/second-factor?login_challenge=${CHALLENGE}`);
    expect((await secondStep(agent, currentTotp(secret))).status).toBe(303);
    expect(accepts(hydra)[1]?.body).toMatchObject({ acr: "2", amr: ["pwd", "otp"] });
  });

  it("acr_values=2 on a remembered login that proved two factors: the code again (amr says what was proved now)", async () => {
    const { app, hydra } = await withTotp();
    const agent = request.agent(app);
    expect((await password(agent)).status).toBe(303);
    expect((await secondStep(agent, "abcde-fghjk")).status).toBe(303);
    remembered(hydra, ["2"]);
    const page = await agent.get(`/login?login_challenge=${CHALLENGE}`);
    expect(page.headers.location).toBe(`/login/second-factor?login_challenge=${CHALLENGE}`);
    expect((await secondStep(agent, "mnpqr-stvwx")).status).toBe(303);
    expect(accepts(hydra)[1]?.body).toMatchObject({ subject: "foo@bar.com", acr: "2", amr: ["pwd", "otp"] });
  });

  it("acr_values=2 on a remembered login we know nothing of: the password again, never a guessed amr", async () => {
    const { app, hydra } = await withTotp();
    remembered(hydra, ["2"]);
    const page = await request(app).get(`/login?login_challenge=${CHALLENGE}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Please sign in again to continue.");
    expect(page.text).toContain('value="foo@bar.com"');
    expect(accepts(hydra)).toHaveLength(0);
  });

  it("a remembered login without acr_values is accepted at once, as before", async () => {
    const { app, hydra } = await withTotp();
    remembered(hydra);
    expect((await request(app).get(`/login?login_challenge=${CHALLENGE}`)).status).toBe(302);
    expect(accepts(hydra)[0]?.body).toEqual({ subject: "foo@bar.com" });
  });

  it("a remembered login of a disabled account: rejected with access_denied and a page that says so", async () => {
    const account = { ...(await demoAccount()), disabled: true };
    const { app, hydra } = await appUnderTest({}, { users: new MemoryUserStore([account]) });
    remembered(hydra);
    const page = await request(app).get(`/login?login_challenge=${CHALLENGE}`);
    expect(page.status).toBe(403);
    expect(page.text).toContain("This account cannot sign in");
    expect(accepts(hydra)).toHaveLength(0);
    const reject = hydra.calls.find((call) => call.operation === "rejectLoginRequest");
    expect(reject?.body).toEqual({ error: "access_denied", error_description: "The account cannot sign in" });
  });

  it("an account without a second factor, for a client in MFA_REQUIRED_CLIENT_IDS: a clear 403 page with a way to enrol", async () => {
    const users = new MemoryUserStore([await demoAccount()]);
    const { app, hydra } = await appUnderTest(
      {
        MFA_REQUIRED_CLIENT_IDS: "test-client",
        BASE_URL: "http://login.test",
        HYDRA_PUBLIC_URL: "http://hydra.test",
        ACCOUNT_CLIENT_ID: "account-area",
        ACCOUNT_CLIENT_SECRET: "secret",
      },
      { users },
    );
    const agent = request.agent(app);
    const answer = await password(agent);
    expect(answer.status).toBe(403);
    expect(answer.text).toContain("A second factor is needed");
    // Enrolling during a sign-in is off unless MFA_ENROL_DURING_SIGN_IN says so: no way round the demand.
    expect(answer.text).not.toContain('href="/account"');
    expect(answer.text).toContain("Ask the service");
    expect(accepts(hydra)).toHaveLength(0);
    // The client came from the form's sealed facts: Hydra was asked once, by the login page.
    expect(hydra.calls.filter((call) => call.operation === "getLoginRequest")).toHaveLength(1);
  });

  it("the account's own mfa_required flag demands it too", async () => {
    const users = new MemoryUserStore([await demoAccount()]);
    await users.setMfaRequired("foo@bar.com", true);
    const { app } = await appUnderTest({}, { users });
    expect((await password(request.agent(app))).status).toBe(403);
  });
});

describe("a passkey from the login page", () => {
  const PASSKEYS = { BASE_URL: "http://login.test" };

  async function passkeyPost(agent: request.Agent, fields: (page: string) => Record<string, string>) {
    const page = await agent.get(`/login?login_challenge=${CHALLENGE}`).expect(200);
    expect(page.text).toContain('id="passkey"');
    return agent
      .post("/login/passkey")
      .set("Origin", "http://login.test")
      .type("form")
      .send({ _csrf: csrfTokenOf(page.text), challenge: CHALLENGE, credential: "{}", ...fields(page.text) });
  }

  it("carries the sealed facts: a refused passkey shows the form again without asking Hydra, the seal kept", async () => {
    const { app, hydra } = await appUnderTest(PASSKEYS);
    const agent = request.agent(app);
    let seal = "";
    const refused = await passkeyPost(agent, (page) => ({ facts: (seal = sealedFacts(page)) }));
    expect(refused.status).toBe(401);
    expect(refused.text).toContain("That passkey could not be checked");
    expect(refused.text).toContain("Test Client");
    expect(sealedFacts(refused.text)).toBe(seal);
    expect(hydra.calls.filter((call) => call.operation === "getLoginRequest")).toHaveLength(1);
  });

  it("without a seal of ours (none, or forged) the app asks Hydra, as before", async () => {
    const { app, hydra } = await appUnderTest(PASSKEYS);
    const asked = () => hydra.calls.filter((call) => call.operation === "getLoginRequest").length;
    expect((await passkeyPost(request.agent(app), () => ({}))).status).toBe(401);
    expect(asked()).toBe(2);
    const forged = await passkeyPost(request.agent(app), (page) => ({
      facts: sealedFacts(page).replace(/.$/, (last) => (last === "A" ? "E" : "A")),
    }));
    expect(forged.status).toBe(401);
    expect(asked()).toBe(4);
  });
});
