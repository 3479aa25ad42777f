import { describe, expect, it } from "vitest";
import { COMMON_PASSWORDS, LONG_COMMON_PASSWORDS } from "../../src/identity/common-passwords.js";
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
    // Each emoji is two UTF-16 units: 11 of them are 22 units but still too short; 12 are enough. (Twelve
    // different ones: one emoji repeated is a pattern, refused as common.)
    const emoji = Array.from("🔑🐢🚲🌵🎻🧭🍋🦉🪁🧲🎲🌋");
    expect(check(emoji.slice(0, 11).join(""))).toEqual(refused("too_short"));
    expect(check(emoji.join(""))).toEqual({ ok: true });
    const many = (count: number) => Array.from({ length: count }, (_, at) => emoji[(at * 5 + (at >> 3)) % 12]).join("");
    expect(check(many(1024))).toEqual({ ok: true });
    expect(check(many(1025))).toEqual(refused("too_long"));
    expect(check("éàüñøçßœæåîõ")).toEqual({ ok: true }); // 24 bytes in UTF-8, 12 code points
  });

  it("normalises NFKC before counting and comparing", () => {
    // "ﬃ" (one code point) is "ffi" (three) after NFKC: 4 ligatures and "ﬁ", typed as 6 characters, are 12.
    expect(check("ﬃ#ﬃ%ﬃﬁ")).toEqual({ ok: true });
    expect(check("ﬃ#ﬃ%ﬃ")).toEqual(refused("too_short"));
    // "ﷺ", one code point, is 18 after NFKC: long enough, and what gets hashed is those 18 (passwords.test.ts).
    expect(Array.from("ﷺ".normalize("NFKC"))).toHaveLength(18);
    expect(check("ﷺ")).toEqual({ ok: true });
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

  it("refuses long guessable passwords: listed ones, padded ones, runs, keyboard walks and repeats", () => {
    // Before: none of the 1,000 listed is 12 long, so these three passed.
    expect(check("password1234")).toEqual(refused("common"));
    expect(check("123456789012")).toEqual(refused("common"));
    expect(check("aaaaaaaaaaaa")).toEqual(refused("common"));
    // Every listed password of 12 characters or more.
    expect(LONG_COMMON_PASSWORDS.length).toBeGreaterThan(300);
    for (const common of LONG_COMMON_PASSWORDS) expect(check(common)).toEqual(refused("common"));
    const guessable = [
      "Password123!", // a listed one with digits and a sign
      "monkey2024!!", // with a year and signs
      "2019sunshine", // in front
      "iloveyou2010",
      "p@ssw0rd2024", // look-alike signs
      "P4SSW0RD1984!",
      "987654321098", // a run backwards, round the end
      "abcdefghijklmnop",
      "qwertyuiopasdf", // keyboard rows, one after the other
      "1qaz2wsx3edc4rfv", // keyboard columns
      "zaq1xsw2cde3",
      "qweasdzxc123", // short walks side by side
      "qwertzuiop123", // a German keyboard
      "azertyuiop2024", // a French one
      "abcabcabcabc", // a short unit repeated
      "ab1!ab1!ab1!",
      "trustno1trustno1", // a listed unit repeated
      "passwordpassword",
      "19841985198619871988", // years
      "  password1234  ",
      "ＰＡＳＳＷＯＲＤ１２３４", // full-width: NFKC first
    ];
    for (const password of guessable) expect([password, check(password)]).toEqual([password, refused("common")]);
    // Something unguessable beside a listed word, or a phrase, is fine.
    for (const password of ["dragon-q8#lm", "correct horse battery staple", "Tr0ub4dor&3xyz", "x7Kq-w9Lm#2v"]) {
      expect([password, check(password)]).toEqual([password, { ok: true }]);
    }
    // A long random unit repeated is as strong as the unit.
    expect(check("a9$kLm2@pQ7z".repeat(2))).toEqual({ ok: true });
  });

  it("judges a long password quickly", () => {
    const started = performance.now();
    for (let round = 0; round < 100; round++) {
      check(Array.from({ length: 64 }, (_, at) => "q1w2e3r4t5y6"[(at * 7 + round) % 12]).join("") + "!");
      check("ab3".repeat(341) + "z");
    }
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("refuses the email address and its local part, case-insensitively and normalised", () => {
    expect(check("ada.lovelace@example.com")).toEqual(refused("is_email"));
    expect(check("ADA.LOVELACE@EXAMPLE.COM")).toEqual(refused("is_email"));
    expect(check(" Ada.Lovelace@Example.com ")).toEqual(refused("is_email"));
    expect(check("ａｄａ.ｌｏｖｅｌａｃｅ@example.com")).toEqual(refused("is_email")); // full-width, NFKC
    expect(check("Ada.Lovelace")).toEqual(refused("is_email")); // the local part, 12 characters
    expect(check("ada.lovelace1815")).toEqual(refused("is_email")); // with digits added
    expect(check("!Ada.Lovelace@example.com2024")).toEqual(refused("is_email"));
    expect(check("ada.lovelace@example.org")).toEqual({ ok: true });
    expect(checkNewPassword({ password: "a@b.co", repeat: "a@b.co", email: "A@B.co" })).toEqual(refused("is_email"));
    expect(checkNewPassword({ password: "correct horse battery", repeat: "correct horse battery", email: "" })).toEqual(
      { ok: true },
    );
  });
});

describe("what a refused new password reads", () => {
  it("names one catalog message per refusal, the same for the account page and a recovery link", async () => {
    const { PASSWORD_REFUSAL_MESSAGES } = await import("../../src/identity/password-policy.js");
    const { en } = await import("../../src/i18n/en.js");
    const reasons = ["too_short", "too_long", "mismatch", "common", "is_email"];
    expect(Object.keys(PASSWORD_REFUSAL_MESSAGES).sort()).toEqual([...reasons].sort());
    for (const key of Object.values(PASSWORD_REFUSAL_MESSAGES)) expect(Object.keys(en)).toContain(key);
    expect(new Set(Object.values(PASSWORD_REFUSAL_MESSAGES)).size).toBe(reasons.length);
  });
});
