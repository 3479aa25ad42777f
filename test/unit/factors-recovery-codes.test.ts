import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  hashRecoveryCode,
  looksLikeRecoveryCode,
  newRecoveryCodes,
} from "../../src/identity/factors/recovery-codes.js";

describe("newRecoveryCodes", () => {
  it("makes ten distinct codes shown as xxxxx-xxxxx, with their hashes in the same order", () => {
    const { codes, hashes } = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
    expect(hashes).toEqual(codes.map(hashRecoveryCode));
    for (const hash of hashes) expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("uses the whole alphabet (32 symbols: 50 bits per code) and differs between calls", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) for (const code of newRecoveryCodes().codes) for (const c of code) seen.add(c);
    seen.delete("-");
    expect(seen.size).toBe(32);
    for (const ambiguous of ["i", "l", "o", "u"]) expect(seen.has(ambiguous)).toBe(false);
    expect(newRecoveryCodes().codes).not.toEqual(newRecoveryCodes().codes);
  });
});

describe("hashRecoveryCode", () => {
  it("is sha-256 hex of the normalized code", () => {
    expect(hashRecoveryCode("abcde-fghjk")).toBe(createHash("sha256").update("abcdefghjk").digest("hex"));
  });

  it("ignores case, spaces and dashes, and reads o as 0 and i/l as 1", () => {
    const hash = hashRecoveryCode("a0b1c-d2e3f");
    for (const typed of [
      "A0B1C-D2E3F",
      "a0b1cd2e3f",
      " a0b1c d2e3f ",
      "a0-b1-c-d2e3f",
      "aOb1c-d2e3f",
      "a0bic-d2e3f",
      "a0bLc–d2e3f",
    ]) {
      expect(hashRecoveryCode(typed)).toBe(hash);
    }
    expect(hashRecoveryCode("a0b1c-d2e3g")).not.toBe(hash);
  });
});

describe("looksLikeRecoveryCode", () => {
  it("tells recovery codes from TOTP codes", () => {
    const [code] = newRecoveryCodes().codes;
    expect(looksLikeRecoveryCode(code!)).toBe(true);
    expect(looksLikeRecoveryCode(code!.toUpperCase().replace("-", " "))).toBe(true);
    expect(looksLikeRecoveryCode("0123456789")).toBe(true);
    for (const other of ["123456", "123 456", "", "abcde-fghj", "abcde-fghjkm", "abcde-fghj!", "ábcde-fghjk"]) {
      expect(looksLikeRecoveryCode(other)).toBe(false);
    }
  });
});
