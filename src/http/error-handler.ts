import type { ErrorRequestHandler, Request, RequestHandler } from "express";
import type { Logger } from "pino";
import { AppError, notFound } from "../errors.js";
import { routeAt } from "../routes.js";
import type { Renderer } from "./render.js";
import { retryUrlFor } from "./retry-url.js";

interface BodyParserError {
  type?: string;
  status?: number;
  code?: string;
}

/** 405 for a declared page asked with a method it does not take. */
export const methodNotAllowed: RequestHandler = (req, res, next) => {
  const route = routeAt(req.path);
  if (route === undefined || req.method === "HEAD" || (route.methods as readonly string[]).includes(req.method)) {
    next();
    return;
  }
  res.setHeader("Allow", route.methods.join(", "));
  next(
    new AppError({
      status: 405,
      titleKey: "error.method.title",
      detailKey: "error.method.detail",
      message: `${req.method} not allowed`,
    }),
  );
};

/** Maps anything thrown to an AppError; what is not ours becomes a 500 whose details stay in the log. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const known = error as BodyParserError;
  if (known?.code === "EBADCSRFTOKEN") {
    return new AppError({
      status: 403,
      titleKey: "error.csrf.title",
      detailKey: "error.csrf.detail",
      message: "bad CSRF token",
    });
  }
  switch (known?.type) {
    case "entity.too.large":
    case "parameters.too.many":
      return new AppError({
        status: 413,
        titleKey: "error.tooLarge.title",
        detailKey: "error.tooLarge.detail",
        message: known.type,
      });
    case "encoding.unsupported":
    case "charset.unsupported":
      return new AppError({
        status: 415,
        titleKey: "error.unsupported.title",
        detailKey: "error.unsupported.detail",
        message: known.type,
      });
    default:
      break;
  }
  if (typeof known?.status === "number" && known.status >= 400 && known.status < 500) {
    return new AppError({
      status: known.status,
      titleKey: "error.badRequest.title",
      detailKey: "error.badRequest.detail",
      message: String(known.type ?? error),
    });
  }
  return new AppError({
    status: 500,
    titleKey: "error.internal.title",
    detailKey: "error.internal.detail",
    message: "unexpected error",
    cause: error,
  });
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(notFound());

/** The one error handler: redirects Hydra's 410s, renders every other error as a page. */
export function errorHandler(options: { render: Renderer; logger: Logger; showStack: boolean }): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const appError = toAppError(error);
    const log = (req as Request & { log?: Logger }).log ?? options.logger;
    if (appError.status >= 500) log.error({ err: error, status: appError.status }, appError.message);
    else log.info({ status: appError.status, reason: appError.message }, "request refused");

    if (res.headersSent) {
      res.end();
      return;
    }
    if (appError.redirectTo !== undefined) {
      res.redirect(req.method === "GET" ? 302 : 303, appError.redirectTo);
      return;
    }
    const retryUrl = appError.retryUrl ?? ([403, 503].includes(appError.status) ? retryUrlFor(req) : undefined);
    if (appError.status === 503) res.setHeader("Retry-After", "5");
    options.render(res, appError.status, "error", {
      titleKey: appError.titleKey,
      detailKey: appError.detailKey,
      shownDetail: appError.shownDetail,
      retryUrl,
      // Only for our own bugs: a 503 from a Hydra that is down is expected and says enough.
      stack: options.showStack && appError.status === 500 && error instanceof Error ? error.stack : undefined,
    });
  };
}
