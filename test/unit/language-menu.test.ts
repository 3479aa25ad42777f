import { describe, expect, it } from "vitest";
import { LANGUAGE_NAMES, LANGUAGES } from "../../src/i18n/catalogs.js";
import type { Request } from "express";
import {
  escapeHtml,
  languageLinks,
  languageMenuForm,
  languageMenuTarget,
  type LanguageMenuTarget,
} from "../../src/http/language.js";

const challenge = "Zx9_-".repeat(240);

describe("the language menu's form", () => {
  const target: LanguageMenuTarget = { action: "/login", fields: [["login_challenge", `${challenge}&x="<'>`]] };

  it("carries the page's query once, as hidden fields, and one button per language, the current one marked", () => {
    const html = languageMenuForm(target, "de");
    expect(html.startsWith('<form method="get" action="/login">')).toBe(true);
    expect(html.split(challenge)).toHaveLength(2);
    expect(html).toContain(`<input type="hidden" name="login_challenge" value="${escapeHtml(`${challenge}&x="<'>`)}">`);
    const buttons = [
      ...html.matchAll(
        /<button type="submit" name="lang" value="([^"]+)" lang="([^"]+)"( aria-current="true")?>([^<]*)<\/button>/g,
      ),
    ];
    expect(buttons.map((button) => button[1])).toEqual(LANGUAGES);
    for (const button of buttons) {
      expect(button[2]).toBe(button[1]);
      expect(button[3] !== undefined).toBe(button[1] === "de");
      expect(button[4]).toBe(escapeHtml(LANGUAGE_NAMES[button[1] as keyof typeof LANGUAGE_NAMES]));
    }
    expect(html).toContain(">日本語</button>");
    expect(html).not.toMatch(/value="[^"]*[<>'][^"]*"/);
  });

  it("has no hidden field when the page has no query", () => {
    expect(languageMenuForm({ action: "/", fields: [] }, "en")).toMatch(/^<form method="get" action="\/"><button /);
  });

  it("escapes what HTML gives a meaning", () => {
    expect(escapeHtml(`a&b<c>"d'`)).toBe("a&amp;b&lt;c&gt;&quot;d&#39;");
  });

  it("as links for a theme: the same action and fields, each with its lang", () => {
    const links = languageLinks({ action: "/device/verify", fields: [["user_code", "AB CD"]] }, "fr");
    expect(links.map((link) => link.href)).toEqual(
      LANGUAGES.map((lang) => `/device/verify?user_code=AB+CD&lang=${lang}`),
    );
    expect(links.filter((link) => link.current).map((link) => link.lang)).toEqual(["fr"]);
    expect(languageLinks({ action: "/", fields: [] }, "en")[1]!.href).toBe("/?lang=de");
  });
});

describe("where the language menu's form goes", () => {
  const get = (url: string) =>
    ({ method: "GET", url, path: url.split("?")[0], query: {}, body: {} }) as unknown as Request;

  it("a declared page: its own path, with its query (decoded once) less lang", () => {
    expect(languageMenuTarget(get(`/login?login_challenge=${challenge}&lang=de`))).toEqual({
      action: "/login",
      fields: [["login_challenge", challenge]],
    });
    expect(languageMenuTarget(get("/device/verify?lang=fr&user_code=AB%20CD&lang"))).toEqual({
      action: "/device/verify",
      fields: [["user_code", "AB CD"]],
    });
    expect(languageMenuTarget(get("/consent?language=x&lang=ja")).fields).toEqual([["language", "x"]]);
    expect(languageMenuTarget(get("/?lang=de"))).toEqual({ action: "/", fields: [] });
    expect(languageMenuTarget(get("/logged-out?&"))).toEqual({ action: "/logged-out", fields: [] });
  });

  it("never the request's own path: `//evil.example/x` and other undeclared paths go to /", () => {
    for (const url of ["//evil.example/x?login_challenge=a", "//evil.example/login", "/nope?x=1", "/\\evil.example"]) {
      expect(languageMenuTarget(get(url))).toEqual({ action: "/", fields: [] });
    }
  });

  it("keeps at most ten of a crafted URL's parameters", () => {
    const many = Array.from({ length: 500 }, (_, index) => `p${index}=1`).join("&");
    expect(languageMenuTarget(get(`/consent?${many}`)).fields).toHaveLength(10);
  });

  it("after a post: the page the form came from, with its challenge", () => {
    const post = (path: string, body: Record<string, unknown>) =>
      ({ method: "POST", path, url: path, query: {}, body }) as unknown as Request;
    expect(languageMenuTarget(post("/login", { challenge: "abc" }))).toEqual({
      action: "/login",
      fields: [["login_challenge", "abc"]],
    });
    expect(languageMenuTarget(post("/login/passkey", { challenge: "abc" })).action).toBe("/login");
    expect(languageMenuTarget(post("/login", { challenge: ["a", "b"] }))).toEqual({ action: "/", fields: [] });
    expect(languageMenuTarget(post("//evil.example/x", { challenge: "abc" }))).toEqual({ action: "/", fields: [] });
  });
});
