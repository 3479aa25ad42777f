import type { Request, Response } from "express";
import nunjucks from "nunjucks";
import { LANGUAGE_NAMES, type Language } from "../i18n/catalogs.js";
import { translator, type Translate } from "../i18n/index.js";
import { ROUTES } from "../routes.js";
import { languageLinks, languageMenuForm, languageMenuTarget, pageLanguage } from "./language.js";

export type Renderer = (res: Response, status: number, view: string, context?: Record<string, unknown>) => void;

const HTML = "text/html; charset=utf-8";

export interface RenderOptions {
  watch: boolean;
  defaultLanguage: Language;
  /** What every page shows of the operator: name, logo, footer links, their stylesheet. */
  brand: Record<string, unknown>;
  /** A theme's views come first (THEME_DIR): its layout may want the language menu as a list. */
  themed: boolean;
  /** The account area is on: pages that are a way's end (home, signed out) offer its link. */
  accountArea: boolean;
}

/** The response's language, chosen once per request (render and the pages that format dates share it). */
export function languageFor(res: Response, defaultLanguage: Language): Language {
  const known = res.locals.lang as Language | undefined;
  if (known !== undefined) return known;
  const lang = pageLanguage(res.req as Request, res, defaultLanguage);
  res.locals.lang = lang;
  return lang;
}

/**
 * One nunjucks environment per app; templates compile once and are kept here by view name unless `watch` is on
 * (then every render asks the loader, which reloads changed files). Folders are searched in order, so a theme's
 * folder (THEME_DIR/views) shadows ours template by template. The page is written with node's own calls: every page
 * is no-store without an ETag, so express's `send` (content-type lookup, freshness check) adds nothing.
 */
export function createRenderer(viewsDirs: string[], options: RenderOptions): Renderer {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(viewsDirs, { noCache: options.watch }), {
    autoescape: true,
    throwOnUndefined: false,
  });
  // Form actions and links come from the one routes table: `routes.login.path`.
  env.addGlobal("routes", ROUTES);
  env.addGlobal("accountArea", options.accountArea);
  const templates = new Map<string, nunjucks.Template>();
  const template = (view: string): nunjucks.Template => {
    if (options.watch) return env.getTemplate(`${view}.njk`);
    let found = templates.get(view);
    if (found === undefined) {
      found = env.getTemplate(`${view}.njk`, true);
      templates.set(view, found);
    }
    return found;
  };
  const dayFormats = new Map<Language, Intl.NumberFormat>();
  const formatDays = (lang: Language) => (days: number) => {
    let format = dayFormats.get(lang);
    if (format === undefined) {
      format = new Intl.NumberFormat(lang, { style: "unit", unit: "day", unitDisplay: "long" });
      dayFormats.set(lang, format);
    }
    return format.format(days);
  };
  // A page shown without context, form or query (home, signed out, …) is the same every time in one language.
  const fixedPages = new Map<string, Buffer>();
  const renderPage = (
    req: Request & { csrfToken?: () => string },
    res: Response,
    view: string,
    context: Record<string, unknown>,
  ) => {
    const lang = languageFor(res, options.defaultLanguage);
    const t: Translate = translator(lang);
    const menu = languageMenuTarget(req);
    return template(view).render({
      t,
      lang,
      brand: options.brand,
      // A theme's layout may loop over `languages`; ours writes the menu's form made in one pass.
      languages: options.themed ? languageLinks(menu, lang) : undefined,
      languageMenu: new nunjucks.runtime.SafeString(languageMenuForm(menu, lang)),
      languageName: LANGUAGE_NAMES[lang],
      formatDays: formatDays(lang),
      csrfToken: context.csrfToken ?? (typeof req.csrfToken === "function" ? safeCsrfToken(req) : undefined),
      ...context,
    });
  };
  return (res, status, view, context) => {
    const req = res.req as Request & { csrfToken?: () => string };
    let body: string | Buffer;
    const fixed =
      context === undefined && !options.watch && typeof req.csrfToken !== "function" && !req.url.includes("?");
    if (fixed) {
      // Kept as bytes: such a page is encoded once, not on every request.
      const key = `${view}|${languageFor(res, options.defaultLanguage)}|${req.path}`;
      const known = fixedPages.get(key);
      body = known ?? Buffer.from(renderPage(req, res, view, {}));
      if (known === undefined && fixedPages.size < 1000) fixedPages.set(key, body);
    } else {
      body = renderPage(req, res, view, context ?? {});
    }
    res.statusCode = status;
    res.setHeader("Content-Type", HTML);
    res.setHeader("Content-Length", typeof body === "string" ? Buffer.byteLength(body) : body.length);
    if (req.method === "HEAD") res.end();
    else res.end(body);
  };
}

function safeCsrfToken(req: Request & { csrfToken?: () => string }): string | undefined {
  try {
    return req.csrfToken?.();
  } catch {
    return undefined;
  }
}
