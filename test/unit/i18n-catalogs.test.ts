import { describe, expect, it } from "vitest";
import { CATALOGS, LANGUAGE_NAMES, LANGUAGES, isLanguage, type Language } from "../../src/i18n/catalogs.js";
import { en } from "../../src/i18n/en.js";

const englishKeys = Object.keys(en).sort();
const others = LANGUAGES.filter((language) => language !== "en");

/**
 * Values that may equal the English text in a given language, because that word is the same there — nothing else.
 * Keep this short: every entry is a real word of that language, not an untranslated leftover.
 * - de/fr "Code": the usual label for a device code in German and French ("Code", "Code").
 */
const SAME_AS_ENGLISH: Partial<Record<Language, readonly string[]>> = {
  de: ["device.code"],
  fr: ["device.code"],
};

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();
}

describe("language list", () => {
  it("has English first, each language once, and a name for each", () => {
    expect(LANGUAGES[0]).toBe("en");
    expect(new Set(LANGUAGES).size).toBe(LANGUAGES.length);
    expect(LANGUAGES).toEqual(expect.arrayContaining(["en", "de", "fr", "es", "pt-BR", "ja"]));
    expect(Object.keys(LANGUAGE_NAMES).sort()).toEqual([...LANGUAGES].sort());
    for (const language of LANGUAGES) expect(LANGUAGE_NAMES[language].trim()).not.toBe("");
  });

  it("recognises only our own tags", () => {
    expect(isLanguage("pt-BR")).toBe(true);
    expect(isLanguage("pt")).toBe(false);
    expect(isLanguage("toString")).toBe(false);
    expect(isLanguage(undefined)).toBe(false);
  });
});

describe.each(LANGUAGES)("catalog %s", (language) => {
  const catalog: Record<string, unknown> = CATALOGS[language];

  it("has exactly the keys of the English catalog", () => {
    expect(Object.keys(catalog).sort()).toEqual(englishKeys);
  });

  it("has a non-empty string for every key", () => {
    for (const [key, value] of Object.entries(catalog)) {
      expect(typeof value, key).toBe("string");
      expect((value as string).trim(), key).not.toBe("");
    }
  });

  it("keeps every placeholder of the English text, and adds none", () => {
    for (const [key, english] of Object.entries(en)) {
      expect(placeholders(String(catalog[key] ?? "")), key).toEqual(placeholders(english));
    }
  });
});

describe.each(others)("catalog %s is translated", (language) => {
  const catalog: Record<string, string> = CATALOGS[language];
  const allowed = new Set(SAME_AS_ENGLISH[language] ?? []);

  it("holds no English text outside the allow-list", () => {
    const untranslated = Object.entries(en)
      .filter(([key, english]) => catalog[key] === english && !allowed.has(key))
      .map(([key]) => key);
    expect(untranslated).toEqual([]);
  });

  it("keeps its allow-list honest (each entry is still the same as English)", () => {
    for (const key of allowed) expect(catalog[key], key).toBe(en[key as keyof typeof en]);
  });

  it("translates the page-contract headings", () => {
    expect(catalog["login.title"]).not.toBe(en["login.title"]);
    expect(catalog["consent.title"]).not.toBe(en["consent.title"]);
  });
});
