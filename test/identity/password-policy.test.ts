import { describe, expect, it } from "vitest";
import { COMMON_PASSWORDS } from "../../src/identity/common-passwords.js";
import { checkNewPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "../../src/identity/password-policy.js";

const email = "Ada.Lovelace@Example.com";
const check = (password: string, repeat = password) => checkNewPassword({ password, repeat, email });
const refused = (reason: string) => ({ ok: false, reason });

describe("new password policy", () => {
  it("accepts a long, uncommon password typed the same twice", () => {
    expect(check("correct horse battery staple")).toEqual({ ok: true });
  });

  it("needs at least 12 and at most 1,024 characters", () => {
    expect([MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH]).toEqual([12, 1024]);
    expect(check("x7Kq-w9Lm#2v".slice(0, 11))).toEqual(refused("too_short"));
    expect(check("x7Kq-w9Lm#2v")).toEqual({ ok: true });
    expect(check("ab3".repeat(341) + "z")).toEqual({ ok: true }); // 1,024
    expect(check("ab3".repeat(341) + "zz")).toEqual(refused("too_long")); // 1,025
    expect(check("")).toEqual(refused("too_short"));
    expect(check("a".repeat(200_000))).toEqual(refused("too_long"));
  });

  it("counts Unicode code points, not UTF-16 units or bytes", () => {
    // Each emoji is two UTF-16 units: 11 of them are 22 units but still too short; 12 are enough.
    expect(check("🔑".repeat(11))).toEqual(refused("too_short"));
    expect(check("🔑".repeat(12))).toEqual({ ok: true });
    expect(check("🔑".repeat(1024))).toEqual({ ok: true });
    expect(check("🔑".repeat(1025))).toEqual(refused("too_long"));
    expect(check("é".repeat(12))).toEqual({ ok: true }); // 24 bytes in UTF-8, 12 code points
  });

  it("normalises NFKC before counting and comparing", () => {
    // "ﬃ" (one code point) is "ffi" (three) after NFKC: 4 ligatures, typed as 4 characters, are 12.
    expect(check("ﬃ".repeat(4))).toEqual({ ok: true });
    expect(check("ﬃ".repeat(3) + "xx")).toEqual(refused("too_short")); // 5 typed, 11 after NFKC
    expect(check("ﬃ".repeat(3) + "xxx")).toEqual({ ok: true }); // 6 typed, 12 after NFKC
    expect(check("ﬃ".repeat(341) + "x")).toEqual({ ok: true }); // 342 typed, 1,024 after NFKC
    expect(check("ﬃ".repeat(341) + "xx")).toEqual(refused("too_long")); // 343 typed, 1,025 after NFKC
    // "e" + combining acute (two code points) composes to "é" (one): 12 typed pairs are 12 characters, not 24.
    expect(check("e\u0301".repeat(11) + "x")).toEqual({ ok: true });
    expect(check("e\u0301".repeat(10) + "x")).toEqual(refused("too_short"));
    // The same password typed composed once and decomposed once is the same password.
    expect(check("caf\u00e9 au lait noir", "cafe\u0301 au lait noir")).toEqual({ ok: true });
    // Full-width letters are their ASCII selves after NFKC.
    expect(check("ｐａｓｓｗｏｒｄ")).toEqual(refused("common"));
  });

  it("refuses a repeat that differs", () => {
    expect(check("correct horse battery staple", "correct horse battery stapl")).toEqual(refused("mismatch"));
    expect(check("correct horse battery staple", "Correct horse battery staple")).toEqual(refused("mismatch"));
    expect(check("correct horse battery staple", "")).toEqual(refused("mismatch"));
  });

  it("refuses the 1,000 most common passwords, whatever their case, before their length", () => {
    expect(COMMON_PASSWORDS).toHaveLength(1000);
    expect(COMMON_PASSWORDS.slice(0, 2)).toEqual(["123456", "password"]);
    for (const common of COMMON_PASSWORDS) expect(check(common)).toEqual(refused("common"));
    expect(check("PassWord")).toEqual(refused("common"));
    expect(check("QWERTYUIOP")).toEqual(refused("common"));
    expect(check("TRUSTNO1", "trustno1")).toEqual(refused("common"));
    // Not on the list: a common password with something added is judged on its own.
    expect(check("password-but-much-longer")).toEqual({ ok: true });
  });

  it("refuses the email address and its local part, case-insensitively and normalised", () => {
    expect(check("ada.lovelace@example.com")).toEqual(refused("is_email"));
    expect(check("ADA.LOVELACE@EXAMPLE.COM")).toEqual(refused("is_email"));
    expect(check(" Ada.Lovelace@Example.com ")).toEqual(refused("is_email"));
    expect(check("ａｄａ.ｌｏｖｅｌａｃｅ@example.com")).toEqual(refused("is_email")); // full-width, NFKC
    expect(check("Ada.Lovelace")).toEqual(refused("is_email")); // the local part, 12 characters
    expect(check("ada.lovelace@example.org")).toEqual({ ok: true });
    expect(checkNewPassword({ password: "a@b.co", repeat: "a@b.co", email: "A@B.co" })).toEqual(refused("is_email"));
    expect(checkNewPassword({ password: "correct horse battery", repeat: "correct horse battery", email: "" })).toEqual(
      { ok: true },
    );
  });
});
