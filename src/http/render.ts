import path from "node:path";
import type { Request, Response } from "express";
import nunjucks from "nunjucks";
import { translator, type Translate } from "../i18n/index.js";

export type Renderer = (res: Response, status: number, view: string, context?: Record<string, unknown>) => void;

/** One nunjucks environment per app; templates compile once and are cached unless `watch` is on. */
export function createRenderer(viewsDir: string, options: { watch: boolean }): Renderer {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(viewsDir, { noCache: options.watch }), {
    autoescape: true,
    throwOnUndefined: false,
  });
  const translate = translator("en");
  return (res, status, view, context = {}) => {
    const req = res.req as Request & { csrfToken?: () => string };
    const html = env.render(path.join(`${view}.njk`), {
      t: translate,
      lang: "en",
      csrfToken: context.csrfToken ?? (typeof req.csrfToken === "function" ? safeCsrfToken(req) : undefined),
      ...context,
    });
    res.status(status).type("html").send(html);
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
