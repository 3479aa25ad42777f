import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { checkSignUpForm, domainAllowed } from "../../src/policy/sign-up.js";

const STRONG = "violet-harbour-lantern-42";
const form = (change: Partial<{ email: string; name: string; password: string; repeat: string }> = {}) => ({
  email: "Ada@Example.org",
  name: "",
  password: STRONG,
  repeat: change.password ?? STRONG,
  ...change,
});

describe("checkSignUpForm", () => {
  it("passes a good form, with the address normalised and an empty name left out", () => {
    expect(checkSignUpForm(form(), [])).toEqual({
      ok: true,
      email: "ada@example.org",
      name: undefined,
      password: STRONG,
    });
    expect(checkSignUpForm(form({ name: "  Ada Lovelace " }), [])).toMatchObject({ ok: true, name: "Ada Lovelace" });
  });

  it.each([
    ["a malformed address", form({ email: "ada@" }), "email_invalid"],
    ["an address with spaces inside", form({ email: "a da@example.org" }), "email_invalid"],
    ["an empty address", form({ email: "" }), "email_invalid"],
    ["a name of 201 characters", form({ name: "a".repeat(201) }), "name_too_long"],
    ["a guessable password", form({ password: "password1234" }), "common"],
    ["the address as password", form({ password: "ada@example.org" }), "is_email"],
    ["a short password", form({ password: "x7-Kq!" }), "too_short"],
    ["a repeat that differs", form({ repeat: `${STRONG}!` }), "mismatch"],
  ])("refuses %s", (_case, input, reason) => {
    expect(checkSignUpForm(input, [])).toMatchObject({ ok: false, reason });
  });

  it("checks the domain before the name and the password", () => {
    expect(checkSignUpForm(form({ password: "short" }), ["example.com"])).toMatchObject({
      ok: false,
      reason: "domain_not_allowed",
    });
  });

  it("compares the repeat after NFKC (the ligature ﬁ and fi are one password)", () => {
    expect(checkSignUpForm(form({ password: "ﬁnest-harbour-42", repeat: "finest-harbour-42" }), [])).toMatchObject({
      ok: true,
    });
  });
});

describe("domainAllowed", () => {
  it("any domain when none is listed; else the address's own domain, whatever its case", () => {
    expect(domainAllowed("a@anything.test", [])).toBe(true);
    expect(domainAllowed("a@Example.org", ["example.org"])).toBe(true);
    expect(domainAllowed("a@sub.example.org", ["example.org"])).toBe(false);
    expect(domainAllowed("a@example.org.evil.test", ["example.org"])).toBe(false);
    expect(domainAllowed('"a@example.org"@evil.test', ["example.org"])).toBe(false);
  });
});

describe("REGISTRATION settings", () => {
  const base = { NODE_ENV: "test", SESSION_SECRET: "sign-up-settings-secret-0123456789abcdef" };
  const mail = { SMTP_URL: "smtp://127.0.0.1:1025", BASE_URL: "http://127.0.0.1:3000" };
  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig({ ...base, ...env });
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };

  it("off by default, any domain", () => {
    expect(loadConfig(base).registration).toEqual({ mode: "off", domains: [] });
  });

  it("reads the mode and the domains (lower-cased, a leading @ dropped)", () => {
    const config = loadConfig({
      ...base,
      ...mail,
      USERS_FILE: "/tmp/users.json",
      REGISTRATION: "open",
      REGISTRATION_DOMAINS: " Example.org, @example.COM ,",
    });
    expect(config.registration).toEqual({ mode: "open", domains: ["example.org", "example.com"] });
  });

  it.each([
    ["open without SMTP_URL", { REGISTRATION: "open", USERS_FILE: "/tmp/u.json" }, "SMTP_URL and REGISTRATION"],
    ["invite without SMTP_URL", { REGISTRATION: "invite" }, "SMTP_URL and REGISTRATION"],
    [
      "open without a store for accounts",
      { ...mail, REGISTRATION: "open" },
      "REGISTRATION and USERS_FILE and USERS_DATABASE_URL",
    ],
    [
      "open with a directory",
      {
        ...mail,
        REGISTRATION: "open",
        USERS_FILE: "/tmp/u.json",
        LDAP_URL: "ldaps://ldap.test",
        LDAP_USER_BASE: "o=x",
      },
      "REGISTRATION and LDAP_URL",
    ],
    ["an unknown mode", { REGISTRATION: "yes" }, "REGISTRATION"],
    ["a domain that is not one", { REGISTRATION_DOMAINS: "example.org,not a domain" }, "REGISTRATION_DOMAINS"],
  ])("refuses to start: %s", (_case, env, variables) => {
    const problems = problemsOf(env);
    expect(problems.some((problem) => problem.startsWith(`${variables}:`))).toBe(true);
  });

  it("warns that REGISTRATION_DOMAINS does nothing unless sign-up is open", () => {
    expect(loadConfig({ ...base, REGISTRATION_DOMAINS: "example.org" }).warnings).toContain(
      "REGISTRATION_DOMAINS is ignored: it limits open sign-up, and REGISTRATION is not open",
    );
  });
});
