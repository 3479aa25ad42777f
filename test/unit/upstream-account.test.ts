import { describe, expect, it } from "vitest";
import { upstreamAccountCreation } from "../../src/policy/upstream-account.js";

const open = { registrationOpen: true, domains: [], email: "new@corp.example", emailVerified: true };

describe("upstreamAccountCreation: what a `link: create` provider's stranger gets", () => {
  it("an account only with REGISTRATION=open, a verified address, and its domain among REGISTRATION_DOMAINS", () => {
    expect(upstreamAccountCreation(open)).toBe("create");
    expect(upstreamAccountCreation({ ...open, domains: ["corp.example"] })).toBe("create");
  });

  it("anything less: the link page (a local account's proof), never an account", () => {
    expect(upstreamAccountCreation({ ...open, registrationOpen: false })).toBe("prove_account");
    expect(upstreamAccountCreation({ ...open, emailVerified: false })).toBe("prove_account");
    expect(upstreamAccountCreation({ ...open, domains: ["other.example"] })).toBe("prove_account");
    // Sign-up off: the provider's address does not matter, the stranger may still link an account of theirs.
    expect(upstreamAccountCreation({ ...open, registrationOpen: false, email: undefined })).toBe("prove_account");
  });

  it("sign-up open but no usable address: a refusal", () => {
    expect(upstreamAccountCreation({ ...open, email: undefined })).toBe("no_email");
  });
});
