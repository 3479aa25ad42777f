import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../../src/i18n/catalogs.js";
import type { Request } from "express";
import { escapeHtml, languageLinks, languageMenuItems, menuBase } from "../../src/http/language.js";

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

describe("the page the language menu's links lead to", () => {
  const get = (url: string) => ({ method: "GET", url, path: url.split("?")[0] }) as Request;

  it("keeps the query as the browser sent it (still encoded), without any lang", () => {
    const challenge = "Zx9_-".repeat(240);
    expect(menuBase(get(`/login?login_challenge=${challenge}&lang=de`))).toBe(`/login?login_challenge=${challenge}`);
    expect(menuBase(get("/device/verify?lang=fr&user_code=AB%20CD&lang"))).toBe("/device/verify?user_code=AB%20CD");
    expect(menuBase(get("/consent?language=x&lang=ja"))).toBe("/consent?language=x");
  });

  it("is the bare path when nothing but lang is left", () => {
    expect(menuBase(get("/"))).toBe("/");
    expect(menuBase(get("/?lang=de"))).toBe("/");
    expect(menuBase(get("/logged-out?&"))).toBe("/logged-out");
  });

  it("after a post, is the page the form came from, with its challenge", () => {
    const post = {
      method: "POST",
      path: "/login",
      url: "/login",
      query: {},
      body: { challenge: "abc" },
    } as unknown as Request;
    expect(menuBase(post)).toBe("/login?login_challenge=abc");
  });
});
