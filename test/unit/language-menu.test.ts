import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../../src/i18n/catalogs.js";
import { escapeHtml, languageLinks, languageMenuItems } from "../../src/http/language.js";

describe("the language menu as HTML", () => {
  it("holds one link per language, to the same URLs as languageLinks, escaped once, the current one marked", () => {
    const base = `/login?login_challenge=${"Zx9_-".repeat(240)}&x="<'>`;
    const html = languageMenuItems(base, "de");
    const links = languageLinks(base, "de");
    const hrefs = [
      ...html.matchAll(/<li><a href="([^"]*)" lang="([^"]+)" hreflang="([^"]+)"( aria-current="true")?>/g),
    ];
    expect(hrefs).toHaveLength(LANGUAGES.length);
    hrefs.forEach((match, index) => {
      expect(match[1]).toBe(escapeHtml(links[index]!.href));
      expect(match[2]).toBe(links[index]!.lang);
      expect(match[3]).toBe(links[index]!.lang);
      expect(match[4] !== undefined).toBe(links[index]!.current);
    });
    expect(html).not.toMatch(/href="[^"]*[<>'][^"]*"/);
    expect(html).toContain(">日本語</a></li>");
    expect(languageMenuItems("/", "en")).toContain('<a href="/?lang=en" lang="en" hreflang="en" aria-current="true">');
  });

  it("escapes what HTML gives a meaning", () => {
    expect(escapeHtml(`a&b<c>"d'`)).toBe("a&amp;b&lt;c&gt;&quot;d&#39;");
  });
});
