import { describe, expect, it } from "vitest";
import {
  callbackOutcome,
  pendingAction,
  PENDING_ACTION_TTL_MS,
  signInIsRecent,
  stillPending,
} from "../../src/account/reauth.js";
import { memorySessionGenerations } from "../../src/sign-in/session-generations.js";

const NOW = Date.UTC(2026, 11, 6, 3, 0, 0);
const seconds = (ms: number) => Math.floor(ms / 1000);
const limits = { nowMs: NOW, reauthAfterSeconds: 300 };

describe("signInIsRecent", () => {
  it("is true for a sign-in younger than the limit, false past it or without auth_time", () => {
    expect(signInIsRecent({ authTime: seconds(NOW) - 299, acr: "1" }, { ...limits, hasSecondFactor: false })).toBe(
      true,
    );
    expect(signInIsRecent({ authTime: seconds(NOW) - 301, acr: "1" }, { ...limits, hasSecondFactor: false })).toBe(
      false,
    );
    expect(signInIsRecent({ authTime: undefined, acr: "2" }, { ...limits, hasSecondFactor: false })).toBe(false);
  });

  it("needs acr 2 when the account has a second factor: a remembered login without it is not enough", () => {
    const fresh = seconds(NOW) - 10;
    expect(signInIsRecent({ authTime: fresh, acr: "1" }, { ...limits, hasSecondFactor: true })).toBe(false);
    expect(signInIsRecent({ authTime: fresh, acr: undefined }, { ...limits, hasSecondFactor: true })).toBe(false);
    expect(signInIsRecent({ authTime: fresh, acr: "2" }, { ...limits, hasSecondFactor: true })).toBe(true);
  });

  it("refuses an auth_time far in the future (a forged or broken clock), allows a little skew", () => {
    expect(signInIsRecent({ authTime: seconds(NOW) + 20, acr: "1" }, { ...limits, hasSecondFactor: false })).toBe(true);
    expect(signInIsRecent({ authTime: seconds(NOW) + 3600, acr: "1" }, { ...limits, hasSecondFactor: false })).toBe(
      false,
    );
  });
});

describe("callbackOutcome", () => {
  const base = { nowMs: NOW, reauthAfterSeconds: 300, samePerson: true };
  const fresh = seconds(NOW) - 5;

  it("first sign-in: without a factor anything goes; with one and no acr 2 it asks once, then refuses", () => {
    const weak = { authTime: fresh - 10_000, acr: "1" };
    expect(callbackOutcome({ ...base, purpose: "first", proof: weak, hasSecondFactor: false }).kind).toBe("signed-in");
    expect(callbackOutcome({ ...base, purpose: "first", proof: weak, hasSecondFactor: true }).kind).toBe(
      "ask-second-factor",
    );
    expect(
      callbackOutcome({ ...base, purpose: "first-with-second-factor", proof: weak, hasSecondFactor: true }),
    ).toEqual({
      kind: "refuse",
      reason: "no_second_factor",
    });
    expect(
      callbackOutcome({
        ...base,
        purpose: "first-with-second-factor",
        proof: { authTime: fresh, acr: "2" },
        hasSecondFactor: true,
      }).kind,
    ).toBe("signed-in");
  });

  it("step-up: refuses another person, an old sign-in and a missing second factor; accepts a fresh strong one", () => {
    const strong = { authTime: fresh, acr: "2" };
    expect(
      callbackOutcome({ ...base, samePerson: false, purpose: "step-up", proof: strong, hasSecondFactor: true }),
    ).toEqual({ kind: "refuse", reason: "other_person" });
    expect(
      callbackOutcome({
        ...base,
        purpose: "step-up",
        proof: { authTime: fresh - 600, acr: "2" },
        hasSecondFactor: true,
      }),
    ).toEqual({ kind: "refuse", reason: "not_recent" });
    expect(
      callbackOutcome({ ...base, purpose: "step-up", proof: { authTime: fresh, acr: "1" }, hasSecondFactor: true }),
    ).toEqual({ kind: "refuse", reason: "no_second_factor" });
    expect(callbackOutcome({ ...base, purpose: "step-up", proof: strong, hasSecondFactor: true }).kind).toBe(
      "stepped-up",
    );
  });
});

describe("pendingAction", () => {
  it("keeps only the fields its action may carry: never a password, never an unknown field", () => {
    const removal = pendingAction("/account/passkeys/remove", { credential_id: "abc", _csrf: "t", extra: "x" }, NOW);
    expect(removal.fields).toEqual({ credential_id: "abc" });
    const password = pendingAction(
      "/account/password",
      { current_password: "secret", new_password: "n", new_password_repeat: "n" },
      NOW,
    );
    expect(password.fields).toEqual({});
    expect(pendingAction("/account/totp/remove", { credential_id: ["a", "b"] }, NOW).fields).toEqual({});
  });

  it("is offered only for a while, and only for the actions we know", () => {
    const action = pendingAction("/account/totp/remove", {}, NOW);
    expect(stillPending(action, NOW + 1000)?.path).toBe("/account/totp/remove");
    expect(stillPending(action, NOW + PENDING_ACTION_TTL_MS + 1)).toBeUndefined();
    expect(stillPending({ ...action, path: "/account/apps/remove" }, NOW)).toBeUndefined();
    expect(stillPending({ ...action, path: "__proto__" }, NOW)).toBeUndefined();
    expect(stillPending("not an object", NOW)).toBeUndefined();
  });
});

describe("memorySessionGenerations", () => {
  it("starts at 0 and moves on per account", async () => {
    const generations = memorySessionGenerations();
    expect(await generations.current("a")).toBe(0);
    expect(await generations.next("a")).toBe(1);
    expect(await generations.next("a")).toBe(2);
    expect(await generations.current("a")).toBe(2);
    expect(await generations.current("b")).toBe(0);
  });
});
