import type { Request, Response } from "express";
import nunjucks from "nunjucks";
import { isLanguage, LANGUAGE_NAMES, LANGUAGES, type Language } from "../i18n/catalogs.js";
import { chooseLanguage } from "../i18n/negotiate.js";
import { retryUrlFor } from "./retry-url.js";

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
 * The URL the language menu's links lead to: this page with its query (the flow's challenge) but no `lang`. The
 * query is kept as the browser sent it, already encoded: a challenge of about 1,200 characters is not parsed and
 * encoded again for every page.
 */
export function menuBase(req: Request): string {
  if (req.method !== "GET") return retryUrlFor(req) ?? "/";
  const at = req.url.indexOf("?");
  if (at < 0) return req.path;
  const kept = req.url
    .slice(at + 1)
    .split("&")
    .filter((part) => part !== "" && part !== "lang" && !part.startsWith("lang="))
    .join("&");
  return kept === "" ? req.path : `${req.path}?${kept}`;
}

export interface LanguageLink {
  lang: Language;
  name: string;
  href: string;
  current: boolean;
}

/** The language menu: plain links to this page (its challenge kept) in each language. */
export function languageLinks(base: string, current: Language): LanguageLink[] {
  const joiner = base.includes("?") ? "&" : "?";
  return LANGUAGES.map((lang) => ({
    lang,
    name: LANGUAGE_NAMES[lang],
    href: `${base}${joiner}lang=${encodeURIComponent(lang)}`,
    current: lang === current,
  }));
}

/**
 * The templates' own escaping (nunjucks autoescape), so the menu reads exactly as the template wrote it. nunjucks
 * exports it as `lib.escape`; its type definitions leave it out.
 */
const templateEscape = (nunjucks.lib as unknown as { escape(text: string): string }).escape;
export const escapeHtml = (text: string): string => templateEscape(text);

/** What follows the page's URL in each item of the menu, per language and per current language: made once. */
const ITEM_ENDS = new Map<Language, Map<Language, string>>(
  LANGUAGES.map((current) => [
    current,
    new Map(
      LANGUAGES.map((lang) => [
        lang,
        `lang=${lang}" lang="${lang}" hreflang="${lang}"${lang === current ? ' aria-current="true"' : ""}>` +
          `${escapeHtml(LANGUAGE_NAMES[lang])}</a></li>`,
      ]),
    ),
  ]),
);

/**
 * The same menu as HTML list items, for the layout. A sign-in page's URL carries a challenge of about 1,200
 * characters: escaping it once here, instead of once per language in the template, took about a fifth off the
 * cost of a login page (docs/benchmark.md).
 */
export function languageMenuItems(base: string, current: Language): string {
  const start = `<li><a href="${escapeHtml(base)}${base.includes("?") ? "&amp;" : "?"}`;
  let html = "";
  for (const end of ITEM_ENDS.get(current)!.values()) html += start + end;
  return html;
}
