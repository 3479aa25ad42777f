import type { Request, Response } from "express";
import { isLanguage, LANGUAGE_NAMES, LANGUAGES, type Language } from "../i18n/catalogs.js";
import { chooseLanguage } from "../i18n/negotiate.js";
import { retryUrlFor } from "./error-handler.js";

export const LANGUAGE_COOKIE = "hlc.lang";
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

/** The language menu: plain links to this page (its challenge kept) in each language. */
export function languageLinks(
  req: Request,
  current: Language,
): Array<{ lang: Language; name: string; href: string; current: boolean }> {
  let base: string | undefined;
  if (req.method === "GET") {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(req.query)) {
      if (name !== "lang" && typeof value === "string") params.append(name, value);
    }
    const query = params.toString();
    base = query === "" ? req.path : `${req.path}?${query}`;
  } else {
    base = retryUrlFor(req) ?? "/";
  }
  const joiner = base.includes("?") ? "&" : "?";
  return LANGUAGES.map((lang) => ({
    lang,
    name: LANGUAGE_NAMES[lang],
    href: `${base}${joiner}lang=${encodeURIComponent(lang)}`,
    current: lang === current,
  }));
}
