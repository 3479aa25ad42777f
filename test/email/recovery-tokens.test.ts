import { describe, expect, it } from "vitest";
import { noticeLanguage } from "../../src/account/notices.js";
import {
  afterReset,
  browserFingerprint,
  decodeRecord,
  encodeRecord,
  linkStillValid,
  newBrowserNonce,
  newRecoveryToken,
  passwordFingerprint,
  recoveryKey,
  type RecoveryRecord,
} from "../../src/identity/recovery-tokens.js";

const account = {
  id: "ada",
  email: "ada@example.com",
  passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$abc$def",
  disabled: false,
};
const record = (overrides: Partial<RecoveryRecord> = {}): RecoveryRecord => ({
  userId: "ada",
  passwordFingerprint: passwordFingerprint(account.passwordHash),
  email: "ada@example.com",
  browser: browserFingerprint("nonce-of-the-asking-browser"),
  loginChallenge: "flow-1",
  ...overrides,
});

describe("recovery tokens", () => {
  it("are 256 random bits, and only their SHA-256 is a key", () => {
    const tokens = new Set(Array.from({ length: 1000 }, newRecoveryToken));
    expect(tokens.size).toBe(1000);
    const token = [...tokens][0]!;
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    const key = recoveryKey(token)!;
    expect(key).toMatch(/^recovery:[A-Za-z0-9_-]{43}$/);
    expect(key).not.toContain(token);
  });

  it("anything not shaped like a token has no key (never looked up)", () => {
    for (const bad of ["", "x", "A".repeat(42), "A".repeat(44), `${"A".repeat(42)}=`, `${"A".repeat(42)}/`]) {
      expect(recoveryKey(bad)).toBeUndefined();
    }
  });

  it("a link stands only for the same account with the same password, not disabled", () => {
    expect(linkStillValid(record(), account)).toBe(true);
    expect(linkStillValid(record(), undefined)).toBe(false);
    expect(linkStillValid(record(), { ...account, disabled: true })).toBe(false);
    expect(linkStillValid(record(), { ...account, id: "someone-else" })).toBe(false);
    expect(linkStillValid(record(), { ...account, passwordHash: `${account.passwordHash}x` })).toBe(false);
  });

  it("a link made before a change of address is void after it (case and form of the address do not matter)", () => {
    expect(linkStillValid(record(), { ...account, email: "Ada@Example.com" })).toBe(true);
    expect(linkStillValid(record(), { ...account, email: "ada.new@example.com" })).toBe(false);
    // A record without the address (made before addresses were bound) is not one.
    const { email: _email, ...withoutAddress } = record();
    expect(decodeRecord(JSON.stringify(withoutAddress))).toBeUndefined();
  });

  it("records survive the store and refuse what is not one", () => {
    expect(decodeRecord(encodeRecord(record()))).toEqual(record());
    for (const raw of [undefined, "", "{", "null", "[]", '{"userId":1}', '{"userId":"a","passwordFingerprint":"b"}']) {
      expect(decodeRecord(raw)).toBeUndefined();
    }
  });

  it("goes back into the login only in the browser that asked, and only with a challenge", () => {
    expect(afterReset(record(), "nonce-of-the-asking-browser")).toBe("login");
    expect(afterReset(record(), "another-browser")).toBe("done");
    expect(afterReset(record(), undefined)).toBe("done");
    const { loginChallenge: _none, ...withoutChallenge } = record();
    expect(afterReset(withoutChallenge, "nonce-of-the-asking-browser")).toBe("done");
    expect(newBrowserNonce()).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});

describe("the language of a notice", () => {
  it.each([
    [undefined, "en"],
    ["de", "de"],
    ["de-AT", "de"],
    ["fr_CA", "fr"],
    ["pt", "pt-BR"],
    ["pt-BR", "pt-BR"],
    ["ja-JP", "ja"],
    ["xx", "en"],
    ["", "en"],
  ] as const)("locale %s → %s", (locale, language) => {
    expect(noticeLanguage(locale, "en")).toBe(language);
  });
});
