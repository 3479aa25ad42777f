import type { Request, Response } from "express";
import nunjucks from "nunjucks";
import { translator, type Translate } from "../i18n/index.js";

export type Renderer = (res: Response, status: number, view: string, context?: Record<string, unknown>) => void;

const HTML = "text/html; charset=utf-8";

/**
 * One nunjucks environment per app; templates compile once and are kept here by view name unless `watch` is on
 * (then every render asks the loader, which reloads changed files). The page is written with node's own calls:
 * every page is no-store without an ETag, so express's `send` (content-type lookup, freshness check) adds nothing.
 */
export function createRenderer(viewsDir: string, options: { watch: boolean }): Renderer {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(viewsDir, { noCache: options.watch }), {
    autoescape: true,
    throwOnUndefined: false,
  });
  const translate = translator("en");
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
  // A page shown without context and without a form (home, signed out, …) is the same every time: rendered once.
  const fixedPages = new Map<string, string>();
  const renderPage = (req: Request & { csrfToken?: () => string }, view: string, context: Record<string, unknown>) =>
    template(view).render({
      t: translate,
      lang: "en",
      csrfToken: context.csrfToken ?? (typeof req.csrfToken === "function" ? safeCsrfToken(req) : undefined),
      ...context,
    });
  return (res, status, view, context) => {
    const req = res.req as Request & { csrfToken?: () => string };
    let html: string;
    if (context === undefined && !options.watch && typeof req.csrfToken !== "function") {
      const known = fixedPages.get(view);
      html = known ?? renderPage(req, view, {});
      if (known === undefined) fixedPages.set(view, html);
    } else {
      html = renderPage(req, view, context ?? {});
    }
    res.statusCode = status;
    res.setHeader("Content-Type", HTML);
    res.setHeader("Content-Length", Buffer.byteLength(html));
    if (req.method === "HEAD") res.end();
    else res.end(html);
  };
}

function safeCsrfToken(req: Request & { csrfToken?: () => string }): string | undefined {
  try {
    return req.csrfToken?.();
  } catch {
    return undefined;
  }
}

export type { Translate };
