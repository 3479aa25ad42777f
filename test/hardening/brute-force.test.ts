import request from "supertest";
import { describe, expect, it } from "vitest";
import { failureDelayMs, minutesUntil } from "../../src/policy/brute-force.js";
import { openLoginForm } from "../support/forms.js";
import { appUnderTest } from "../support/app-under-test.js";

const CHALLENGE = "challenge-brute-force";

async function attempt(agent: request.Agent, email: string, password: string) {
  const csrf = await openLoginForm(agent, CHALLENGE);
  return agent
    .post("/login")
    .type("form")
    .send({ _csrf: csrf, challenge: CHALLENGE, action: "accept", email, password });
}

describe("brute-force protection on POST /login", () => {
  it("locks an account after the default 10 failures; even the right password gets a 429 until the lock ends", async () => {
    const { app, hydra } = await appUnderTest();
    const agent = request.agent(app);
    for (let failure = 1; failure <= 9; failure += 1) {
      expect((await attempt(agent, "foo@bar.com", `wrong-${failure}`)).status).toBe(401);
    }
    const tenth = await attempt(agent, "foo@bar.com", "wrong-10");
    expect(tenth.status).toBe(429);
    expect(tenth.headers["retry-after"]).toBe("900");
    expect(tenth.text).toContain("Too many failed sign-ins. For your safety, please wait 15 min before trying again.");

    const right = await attempt(agent, "FOO@bar.com ", "foobar");
    expect(right.status).toBe(429);
    expect(Number(right.headers["retry-after"])).toBeGreaterThan(890);
    expect(hydra.calls.filter((call) => call.operation === "acceptLoginRequest")).toHaveLength(0);
    // The form stays usable: the challenge and the email are kept for a later try.
    expect(right.text).toContain(`name="challenge" value="${CHALLENGE}"`);
  });

  it("a successful sign-in resets the account's counter", async () => {
    const { app } = await appUnderTest({ LOGIN_MAX_FAILURES_PER_ACCOUNT: "3" });
    const agent = request.agent(app);
    expect((await attempt(agent, "foo@bar.com", "wrong")).status).toBe(401);
    expect((await attempt(agent, "foo@bar.com", "wrong")).status).toBe(401);
    expect((await attempt(agent, "foo@bar.com", "foobar")).status).toBe(303);
    expect((await attempt(agent, "foo@bar.com", "wrong")).status).toBe(401);
    expect((await attempt(agent, "foo@bar.com", "wrong")).status).toBe(401);
    expect((await attempt(agent, "foo@bar.com", "wrong")).status).toBe(429);
  });

  it("limits one client IP across many accounts", async () => {
    const { app } = await appUnderTest({ LOGIN_MAX_FAILURES_PER_IP: "4" });
    const agent = request.agent(app);
    for (let index = 1; index <= 3; index += 1) {
      expect((await attempt(agent, `person${index}@example.test`, "guess")).status).toBe(401);
    }
    expect((await attempt(agent, "person4@example.test", "guess")).status).toBe(429);
    expect((await attempt(agent, "foo@bar.com", "foobar")).status).toBe(429);
  });

  it("counts unknown accounts like known ones, so a lock tells nothing about existence", async () => {
    const { app } = await appUnderTest({ LOGIN_MAX_FAILURES_PER_ACCOUNT: "2" });
    const agent = request.agent(app);
    expect((await attempt(agent, "ghost@example.test", "guess")).status).toBe(401);
    const locked = await attempt(agent, "ghost@example.test", "guess");
    expect(locked.status).toBe(429);
  });

  it("holds back failed answers with growing delays", async () => {
    const { app } = await appUnderTest({ LOGIN_FAILURE_DELAY_MS: "40" });
    const agent = request.agent(app);
    const durations: number[] = [];
    for (let failure = 1; failure <= 6; failure += 1) {
      const started = Date.now();
      expect((await attempt(agent, "foo@bar.com", "wrong")).status).toBe(401);
      durations.push(Date.now() - started);
    }
    // Failures 4, 5 and 6 wait at least 40, 80 and 160 ms on top of the password check.
    expect(durations[5]!).toBeGreaterThanOrEqual(160);
    expect(durations[4]!).toBeGreaterThanOrEqual(80);
  });
});

describe("brute-force policy", () => {
  it("failureDelayMs: free first failures, then doubling up to 16 times the base", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map((n) => failureDelayMs(n, 250))).toEqual([
      0, 0, 0, 250, 500, 1000, 2000, 4000, 4000, 4000,
    ]);
    expect(failureDelayMs(9, 0)).toBe(0);
  });

  it("minutesUntil never says zero", () => {
    expect(minutesUntil(0)).toBe(1);
    expect(minutesUntil(61_000)).toBe(2);
    expect(minutesUntil(900_000)).toBe(15);
  });
});
