import { describe, expect, it } from "vitest";
import { asksForTwoFactors, assurance, secondStepFor } from "../../src/policy/second-step.js";
import { challengeHash, pendingFor, pendingSecondStep, SECOND_STEP_TTL_MS } from "../../src/sign-in/pending.js";

const none = { totp: undefined, passkeys: [], mfaRequired: false };
const withTotp = { ...none, totp: { sealedSecret: "x", confirmedAt: "", lastUsedStep: 0 } };
const base = { clientId: "app", acrValues: undefined, requiredClientIds: [] as string[], rememberedLogin: false };

describe("secondStepFor", () => {
  it("an account with a factor always uses it after a password; without one, nothing is asked", () => {
    expect(secondStepFor({ ...base, factors: withTotp })).toBe("required");
    expect(secondStepFor({ ...base, factors: none })).toBe("none");
  });

  it("a demand (acr_values 2, a required client, the account flag) without a factor cannot be met", () => {
    expect(secondStepFor({ ...base, factors: none, acrValues: ["2"] })).toBe("unavailable");
    expect(secondStepFor({ ...base, factors: none, requiredClientIds: ["app"] })).toBe("unavailable");
    expect(secondStepFor({ ...base, factors: { ...none, mfaRequired: true } })).toBe("unavailable");
    expect(secondStepFor({ ...base, factors: none, acrValues: ["1"] })).toBe("none");
  });

  it("a remembered login needs the step only when it is demanded (step-up)", () => {
    expect(secondStepFor({ ...base, factors: withTotp, rememberedLogin: true })).toBe("none");
    expect(secondStepFor({ ...base, factors: withTotp, rememberedLogin: true, acrValues: ["2"] })).toBe("required");
    expect(secondStepFor({ ...base, factors: none, rememberedLogin: true, acrValues: ["2"] })).toBe("unavailable");
  });
});

describe("asksForTwoFactors", () => {
  it("counts any numeric level above 1, not only the literal 2; names of other schemes ask nothing of ours", () => {
    expect(asksForTwoFactors(["2"])).toBe(true);
    expect(asksForTwoFactors(["3"])).toBe(true);
    expect(asksForTwoFactors(["1", "2"])).toBe(true);
    expect(asksForTwoFactors(["0", "1"])).toBe(false);
    expect(asksForTwoFactors(["urn:example:gold"])).toBe(false);
    expect(asksForTwoFactors(undefined)).toBe(false);
  });
});

describe("pending sign-ins", () => {
  const facts = { clientId: "c", clientName: "Client", acrValues: ["2"], uiLocales: ["de"], sessionId: "s" };
  const pending = pendingSecondStep({
    challenge: "challenge-a",
    who: { userId: "u", email: "e@x" },
    firstFactors: ["pwd"],
    remember: true,
    facts,
    now: 1000,
  });

  it("keep what Hydra said of the request, so the later steps need not ask again", () => {
    expect(pending.facts).toEqual(facts);
  });

  it("belong to one challenge, by hash, and expire", () => {
    expect(pending.challengeHash).toBe(challengeHash("challenge-a"));
    expect(JSON.stringify(pending)).not.toContain("challenge-a");
    expect(pendingFor(pending, "challenge-a", 1000 + SECOND_STEP_TTL_MS)).toBe(pending);
    expect(pendingFor(pending, "challenge-b", 2000)).toBeUndefined();
    expect(pendingFor(pending, "challenge-a", 1001 + SECOND_STEP_TTL_MS)).toBeUndefined();
    expect(pendingFor(undefined, "challenge-a", 2000)).toBeUndefined();
  });
});

describe("assurance (RFC 8176 amr, our acr)", () => {
  it("one factor is acr 1; something held and something known or inherent is acr 2", () => {
    expect(assurance(["pwd"])).toEqual({ acr: "1", amr: ["pwd"] });
    expect(assurance(["pwd", "otp"])).toEqual({ acr: "2", amr: ["pwd", "otp"] });
    expect(assurance(["hwk", "user"])).toEqual({ acr: "2", amr: ["hwk", "user"] });
    expect(assurance(["swk", "user"])).toEqual({ acr: "2", amr: ["swk", "user"] });
    expect(assurance(["pwd", "swk", "user"]).acr).toBe("2");
    expect(assurance(["otp"]).acr).toBe("1");
    // An emailed code and an authenticator: two separate channels (h19 finding 11). An emailed code alone is one.
    expect(assurance(["email", "otp"])).toEqual({ acr: "2", amr: ["email", "otp"] });
    expect(assurance(["email", "hwk"]).acr).toBe("2");
    expect(assurance(["email"]).acr).toBe("1");
    expect(assurance(["email", "pwd"]).acr).toBe("1");
    expect(assurance(["pwd", "pwd"]).amr).toEqual(["pwd"]);
  });
});
