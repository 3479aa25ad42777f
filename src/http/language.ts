import type { Request, Response } from "express";
import nunjucks from "nunjucks";
import { isLanguage, LANGUAGE_NAMES, LANGUAGES, type Language } from "../i18n/catalogs.js";
import { chooseLanguage } from "../i18n/negotiate.js";
import { ROUTES, routeAt } from "../routes.js";
import { retryTargetFor } from "./retry-url.js";

const LANGUAGE_COOKIE = "hlc.lang";
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** The language picked with the menu: `?lang=` on this request (then remembered in a cookie), or the cookie. */
function pickedLanguage(req: Request, res: Response): Language | undefined {
  const asked = req.query.lang;
  if (isLanguage(asked)) {
    res.cookie(LANGUAGE_COOKIE, asked, { httpOnly: true, sameSite: "lax", path: "/", maxAge: ONE_YEAR_MS });
    return asked;
  }
  const cookie = /(?:^|;\s*)hlc\.lang=([A-Za-z-]{2,5})/.exec(req.headers.cookie ?? "")?.[1];
  return isLanguage(cookie) ? cookie : undefined;
}

/**
 * The page's language: a choice made with the menu on this very request, then Hydra's `ui_locales` (in order),
 * then the choice remembered in the cookie, then Accept-Language (with q-values), then DEFAULT_LANGUAGE.
 */
export function pageLanguage(req: Request, res: Response, defaultLanguage: Language): Language {
  const picked = pickedLanguage(req, res);
  if (isLanguage(req.query.lang) && picked !== undefined) return picked;
  return chooseLanguage({
    uiLocales: res.locals.uiLocales as readonly string[] | string | undefined,
    picked,
    acceptLanguage: req.headers["accept-language"],
    defaultLanguage,
  });
}

/**
 * Where the language menu's form goes: a declared route (or `/`), never the request's own path (`GET
 * //evil.example/x` must not become a link to another site), with the page's query parameters as hidden fields,
 * less `lang`. After a post, it is the page the form came from with its challenge ("Try again"'s target).
 */
export interface LanguageMenuTarget {
  action: string;
  fields: [name: string, value: string][];
}

export function languageMenuTarget(
  req: Pick<Request, "method" | "path" | "url" | "query" | "body">,
): LanguageMenuTarget {
  if (req.method !== "GET" && req.method !== "HEAD") {
    const back = retryTargetFor(req);
    if (back === undefined) return { action: ROUTES.home.path, fields: [] };
    return {
      action: back.path,
      fields: back.challenge === undefined ? [] : [[back.challenge.name, back.challenge.value]],
    };
  }
  const route = routeAt(req.path);
  if (route === undefined) return { action: ROUTES.home.path, fields: [] };
  const at = req.url.indexOf("?");
  const fields = at < 0 ? [] : [...new URLSearchParams(req.url.slice(at + 1))].filter(([name]) => name !== "lang");
  return { action: route.path, fields: fields.slice(0, MAX_KEPT_FIELDS) };
}

/** A page's own query has one or two parameters; a crafted URL with hundreds is not copied into the page. */
const MAX_KEPT_FIELDS = 10;

export interface LanguageLink {
  lang: Language;
  name: string;
  href: string;
  current: boolean;
}

/** The menu as links, for a theme's layout that lists the languages itself (THEME_DIR): same target as the form. */
export function languageLinks(target: LanguageMenuTarget, current: Language): LanguageLink[] {
  const kept = new URLSearchParams(target.fields).toString();
  const base = kept === "" ? `${target.action}?` : `${target.action}?${kept}&`;
  return LANGUAGES.map((lang) => ({
    lang,
    name: LANGUAGE_NAMES[lang],
    href: `${base}lang=${encodeURIComponent(lang)}`,
    current: lang === current,
  }));
}

/**
 * The templates' own escaping (nunjucks autoescape), so the menu reads exactly as the template wrote it. nunjucks
 * exports it as `lib.escape`; its type definitions leave it out.
 */
const templateEscape = (nunjucks.lib as unknown as { escape(text: string): string }).escape;
export const escapeHtml = (text: string): string => templateEscape(text);

/** The six buttons, per current language: made once. Each submits the form with its own `lang`. */
const BUTTONS = new Map<Language, string>(
  LANGUAGES.map((current) => [
    current,
    LANGUAGES.map(
      (lang) =>
        `<button type="submit" name="lang" value="${lang}" lang="${lang}"` +
        `${lang === current ? ' aria-current="true"' : ""}>${escapeHtml(LANGUAGE_NAMES[lang])}</button>`,
    ).join(""),
  ]),
);

/**
 * The language menu's form, for the layout: one GET form whose hidden fields carry the page's query (the flow's
 * challenge, about 1,200 characters) once, and one button per language. No script: a button submits the form, and
 * `?lang=` on that request picks the language (then the cookie remembers it).
 */
export function languageMenuForm(target: LanguageMenuTarget, current: Language): string {
  let html = `<form method="get" action="${escapeHtml(target.action)}">`;
  for (const [name, value] of target.fields) {
    html += `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
  }
  return `${html}${BUTTONS.get(current)!}</form>`;
}
