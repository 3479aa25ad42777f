import request from "supertest";
import { describe, expect, it } from "vitest";
import { mfaSecretBox } from "../../src/identity/factors/keys.js";
import { currentTotp, newTotpSecret, totpStep } from "../../src/identity/factors/totp.js";
import { demoAccount, MemoryUserStore } from "../../src/identity/memory-store.js";
import { MemoryAttemptStore } from "../../src/sign-in/attempts.js";
import { MemoryProofStore } from "../../src/sign-in/proofs.js";
import { csrfTokenOf } from "../support/forms.js";
import { appUnderTest, SECRET } from "../support/app-under-test.js";

const CHALLENGE = "challenge-guessing";

/** The demo account with an authenticator app, and attempt counters that count the codes checked and found wrong. */
async function setUp(env: Record<string, string> = {}) {
  const users = new MemoryUserStore([await demoAccount()]);
  const secret = newTotpSecret();
  await users.setTotp("foo@bar.com", {
    sealedSecret: mfaSecretBox(undefined, SECRET).seal(secret),
    confirmedAt: new Date().toISOString(),
    lastUsedStep: totpStep() - 5,
  });
  const attempts = new MemoryAttemptStore();
  const checked = { codes: 0 };
  const fail = attempts.fail.bind(attempts);
  attempts.fail = (key, limit) => {
    if (key.startsWith("code:")) checked.codes += 1;
    return fail(key, limit);
  };
  const { app, hydra } = await appUnderTest(env, {
    users,
    signInStores: { attempts, proofs: new MemoryProofStore() },
  });
  return { app, hydra, secret, checked, users };
}

async function password(agent: request.Agent) {
  const page = await agent.get(`/login?login_challenge=${CHALLENGE}`).expect(200);
  return agent
    .post("/login")
    .type("form")
    .send({
      _csrf: csrfTokenOf(page.text),
      challenge: CHALLENGE,
      action: "accept",
      email: "foo@bar.com",
      password: "foobar",
    });
}

async function code(agent: request.Agent, value: string) {
  const page = await agent.get(`/login/second-factor?login_challenge=${CHALLENGE}`);
  if (page.status !== 200) return page;
  return agent
    .post("/login/second-factor")
    .type("form")
    .send({ _csrf: csrfTokenOf(page.text), challenge: CHALLENGE, action: "accept", code: value });
}

/** A six-digit code that is not the current one (nor its neighbours). */
const wrongCode = (secret: string, index: number) => {
  const right = new Set([currentTotp(secret)]);
  let guess = String((100000 + index * 7919) % 1000000).padStart(6, "0");
  while (right.has(guess)) guess = String((Number(guess) + 1) % 1000000).padStart(6, "0");
  return guess;
};

describe("the second step holds against someone who has the password", () => {
  it("re-entering the password five times gets at most 10 codes checked, then even the right code is refused", async () => {
    const { app, hydra, secret, checked } = await setUp();
    const agent = request.agent(app);
    const statuses: number[] = [];
    let guess = 0;
    for (let round = 0; round < 5; round += 1) {
      expect((await password(agent)).status).toBe(303);
      for (let tries = 0; tries < 9; tries += 1) {
        const answer = await code(agent, wrongCode(secret, guess++));
        statuses.push(answer.status);
        if (answer.status !== 401 || answer.text.includes("Too many wrong codes")) break;
      }
    }
    expect(checked.codes).toBeLessThanOrEqual(10);
    expect(statuses).toContain(429);
    // The right password and then the right code: still locked, because a password success never clears codes.
    expect((await password(agent)).status).toBe(303);
    const right = await code(agent, currentTotp(secret));
    expect(right.status).toBe(429);
    expect(right.headers["retry-after"]).toBeDefined();
    expect(hydra.calls.filter((call) => call.operation === "acceptLoginRequest")).toHaveLength(0);
  });

  it("five wrong codes end the pending sign-in: the sixth try starts over at the password", async () => {
    const { app, secret } = await setUp();
    const agent = request.agent(app);
    expect((await password(agent)).status).toBe(303);
    for (let index = 0; index < 4; index += 1) expect((await code(agent, wrongCode(secret, index))).status).toBe(401);
    const fifth = await code(agent, wrongCode(secret, 4));
    expect(fifth.status).toBe(401);
    expect(fifth.text).toContain("Too many wrong codes");
    expect(fifth.text).toContain('id="password"');
    // The pending sign-in is gone: the second step cannot be reached without the password again.
    expect((await agent.get(`/login/second-factor?login_challenge=${CHALLENGE}`)).status).toBe(400);
  });

  it("ten wrong codes posted at once in one pending sign-in check at most five", async () => {
    const { app, secret, checked } = await setUp();
    const agent = request.agent(app);
    expect((await password(agent)).status).toBe(303);
    const page = await agent.get(`/login/second-factor?login_challenge=${CHALLENGE}`).expect(200);
    const token = csrfTokenOf(page.text);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        agent
          .post("/login/second-factor")
          .type("form")
          .send({ _csrf: token, challenge: CHALLENGE, action: "accept", code: wrongCode(secret, index) }),
      ),
    );
    // Wrong (401), or refused because the pending sign-in is over (401 with the password form, or 400 once gone).
    expect(answers.map((answer) => answer.status).filter((status) => ![400, 401, 429].includes(status))).toEqual([]);
    expect(checked.codes).toBeLessThanOrEqual(5);
  });

  it("a TOTP secret no configured key opens is a 503 page and an audit line, never a 500", async () => {
    const { app, users } = await setUp();
    await users.setTotp("foo@bar.com", {
      sealedSecret: mfaSecretBox(undefined, "another-secret-another-secret-0123456789").seal(newTotpSecret()),
      confirmedAt: new Date().toISOString(),
      lastUsedStep: 0,
    });
    const agent = request.agent(app);
    expect((await password(agent)).status).toBe(303);
    const answer = await code(agent, "123456");
    expect(answer.status).toBe(503);
    expect(answer.headers["retry-after"]).toBe("5");
  });
});
