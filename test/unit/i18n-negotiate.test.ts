import { describe, expect, it } from "vitest";
import { acceptLanguageTags, chooseLanguage, matchLanguage } from "../../src/i18n/negotiate.js";

const base = { defaultLanguage: "en" } as const;

describe("matchLanguage", () => {
  it.each([
    ["de", "de"],
    ["DE", "de"],
    ["de-AT", "de"],
    ["de-CH", "de"],
    ["fr-CA", "fr"],
    ["es-419", "es"],
    ["es-MX", "es"],
    ["ja-JP", "ja"],
    ["en-GB", "en"],
    ["en_US", "en"],
    ["pt", "pt-BR"],
    ["pt-PT", "pt-BR"],
    ["pt-br", "pt-BR"],
    ["PT-BR", "pt-BR"],
    ["zh-Hant-TW", undefined],
    ["*", undefined],
    ["", undefined],
    ["d e", undefined],
    ["de;q=1", undefined],
    ["toString", undefined],
    ["__proto__", undefined],
    ["constructor", undefined],
  ])("%j → %j", (tag, expected) => {
    expect(matchLanguage(tag)).toBe(expected);
  });

  it("ignores values that are not strings", () => {
    expect(matchLanguage(undefined)).toBeUndefined();
    expect(matchLanguage(42)).toBeUndefined();
    expect(matchLanguage({ toString: () => "de" })).toBeUndefined();
  });
});

describe("acceptLanguageTags", () => {
  it("orders by quality, stably, and drops q=0", () => {
    expect(acceptLanguageTags("fr;q=0.5, de, ja;q=0.5, en;q=0, es;q=0.9")).toEqual(["de", "es", "fr", "ja"]);
  });

  it("accepts spacing and case variations of q", () => {
    expect(acceptLanguageTags(" ja ; Q=0.2 ,fr;q=1.000")).toEqual(["fr", "ja"]);
  });

  it("drops entries with a malformed quality", () => {
    expect(acceptLanguageTags("de;q=2, fr;q=abc, es;q=-1, ja;q=0.5")).toEqual(["ja"]);
  });
});

describe("chooseLanguage", () => {
  it("uses the default when nothing is given", () => {
    expect(chooseLanguage(base)).toBe("en");
    expect(chooseLanguage({ defaultLanguage: "de" })).toBe("de");
  });

  it("prefers ui_locales over the pick and the header, taking the first one we have", () => {
    expect(chooseLanguage({ ...base, uiLocales: ["zh", "ja-JP", "de"], picked: "fr", acceptLanguage: "es" })).toBe(
      "ja",
    );
  });

  it("reads ui_locales as a space-separated string too", () => {
    expect(chooseLanguage({ ...base, uiLocales: "  sv   fr-CA de ", acceptLanguage: "es" })).toBe("fr");
  });

  it("falls through ui_locales that match nothing", () => {
    expect(chooseLanguage({ ...base, uiLocales: ["sv", "fi"], picked: "de", acceptLanguage: "es" })).toBe("de");
    expect(chooseLanguage({ ...base, uiLocales: "", picked: "de" })).toBe("de");
  });

  it("prefers the person's pick over Accept-Language", () => {
    expect(chooseLanguage({ ...base, picked: "pt-BR", acceptLanguage: "ja" })).toBe("pt-BR");
  });

  it("ignores a pick we do not have", () => {
    expect(chooseLanguage({ ...base, picked: "klingon", acceptLanguage: "es" })).toBe("es");
    expect(chooseLanguage({ ...base, picked: "", acceptLanguage: "es" })).toBe("es");
  });

  it("uses Accept-Language by quality, mapping regions to their base language", () => {
    expect(chooseLanguage({ ...base, acceptLanguage: "sv-SE, de-AT;q=0.8, fr;q=0.9" })).toBe("fr");
    expect(chooseLanguage({ ...base, acceptLanguage: "pt-PT,pt;q=0.9,en;q=0.8" })).toBe("pt-BR");
    expect(chooseLanguage({ ...base, acceptLanguage: "en-GB,en;q=0.9", defaultLanguage: "de" })).toBe("en");
    expect(chooseLanguage({ ...base, acceptLanguage: "ja-JP;q=0.1, *;q=1" })).toBe("ja");
  });

  it("never picks a language refused with q=0", () => {
    expect(chooseLanguage({ ...base, acceptLanguage: "de;q=0, fr;q=0.0", defaultLanguage: "es" })).toBe("es");
  });

  it("falls back to the default when the header only has *", () => {
    expect(chooseLanguage({ ...base, acceptLanguage: "*", defaultLanguage: "ja" })).toBe("ja");
  });

  it("survives garbage", () => {
    const garbage = [
      ",,,;;;===",
      ";q=1",
      "de;q=",
      "\u0000\uffff💥",
      "x".repeat(100_000),
      "de;q=0.5;q=0.5;q=0.5",
      "en-".repeat(10_000),
    ];
    for (const acceptLanguage of garbage) {
      expect(() =>
        chooseLanguage({ ...base, acceptLanguage, uiLocales: acceptLanguage, picked: acceptLanguage }),
      ).not.toThrow();
    }
    expect(chooseLanguage({ ...base, acceptLanguage: "x".repeat(100_000), defaultLanguage: "fr" })).toBe("fr");
    // Values that lie about their type (e.g. Hydra JSON or a cookie parser handing over an object).
    const lying = { uiLocales: [null, 3, { a: 1 }, "de"], picked: ["fr"], acceptLanguage: 7 } as unknown as Parameters<
      typeof chooseLanguage
    >[0];
    expect(chooseLanguage({ ...lying, defaultLanguage: "en" })).toBe("de");
    expect(chooseLanguage({ uiLocales: {} as unknown as string, defaultLanguage: "ja" })).toBe("ja");
  });

  it("caps its work: only the first 50 entries or 1,000 characters count", () => {
    const filler = Array.from({ length: 60 }, () => "sv").join(",");
    expect(chooseLanguage({ ...base, acceptLanguage: `${filler},de`, defaultLanguage: "ja" })).toBe("ja");
    expect(chooseLanguage({ ...base, acceptLanguage: `${"x".repeat(1_000)},de`, defaultLanguage: "ja" })).toBe("ja");
    const manyLocales = [...Array.from({ length: 60 }, () => "sv"), "de"];
    expect(chooseLanguage({ ...base, uiLocales: manyLocales, defaultLanguage: "ja" })).toBe("ja");
    expect(chooseLanguage({ ...base, uiLocales: `${"sv ".repeat(60)}de`, defaultLanguage: "ja" })).toBe("ja");
  });

  it("is fast on a huge header", () => {
    const acceptLanguage = "de-AT;q=0.5,".repeat(50_000);
    const uiLocales = "sv ".repeat(50_000);
    const started = performance.now();
    for (let i = 0; i < 1_000; i++) chooseLanguage({ ...base, acceptLanguage, uiLocales, picked: acceptLanguage });
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
