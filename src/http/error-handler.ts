import type { ErrorRequestHandler, Request, RequestHandler } from "express";
import type { Logger } from "pino";
import {
  AppError,
  BadRequest,
  Conflict,
  Expired,
  Forbidden,
  Gone,
  Internal,
  Locked,
  MethodNotAllowed,
  NotFound,
  TooLarge,
  Unavailable,
  UnsupportedMediaType,
} from "../errors.js";
import { HydraError } from "../hydra.js";
import { errorPage } from "./error-pages.js";
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
  next(new MethodNotAllowed("method", { message: `${req.method} not allowed` }));
};

/** What a failed admin call means for the person: Hydra's request gone, expired, unknown, refused, or Hydra away. */
function fromHydra(error: HydraError): AppError {
  const options = { message: error.message, cause: error };
  switch (error.failure) {
    case "unavailable":
      return new Unavailable("hydra", options);
    case "expired":
      return new Expired("challenge", options);
    case "unknown":
      return new NotFound("challenge", options);
    case "handled":
      return new Gone(error.redirectTo === undefined ? "handled" : "challenge_handled", {
        ...options,
        redirectTo: error.redirectTo,
      });
    case "refused":
      return error.status === 409 ? new Conflict("hydra_refused", options) : new BadRequest("hydra_refused", options);
  }
}

/** Maps anything thrown to one of our errors; what is not ours becomes a 500 whose details stay in the log. */
export function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof HydraError) return fromHydra(error);
  const known = error as BodyParserError;
  if (known?.code === "EBADCSRFTOKEN") return new Forbidden("csrf", { message: "bad CSRF token" });
  switch (known?.type) {
    case "entity.too.large":
    case "parameters.too.many":
      return new TooLarge("form", { message: known.type });
    case "encoding.unsupported":
    case "charset.unsupported":
      return new UnsupportedMediaType("form", { message: known.type });
    default:
      break;
  }
  if (typeof known?.status === "number" && known.status >= 400 && known.status < 500) {
    return new BadRequest("request", { message: String(known.type ?? error) });
  }
  return new Internal("unexpected", { message: "unexpected error", cause: error });
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(new NotFound("page"));

/** The one error handler: redirects Hydra's 410s, renders every other error as a page. */
export function errorHandler(options: { render: Renderer; logger: Logger; showStack: boolean }): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const appError = asAppError(error);
    const log = (req as Request & { log?: Logger }).log ?? options.logger;
    if (appError.status >= 500) log.error({ err: error, status: appError.status }, appError.message);
    else log.info({ status: appError.status, reason: appError.message }, "request refused");

    if (res.headersSent) {
      res.end();
      return;
    }
    if (appError instanceof Gone && appError.redirectTo !== undefined) {
      res.redirect(req.method === "GET" ? 302 : 303, appError.redirectTo);
      return;
    }
    const retryUrl = appError.retryUrl ?? ([403, 503].includes(appError.status) ? retryUrlFor(req) : undefined);
    if (appError instanceof Unavailable) res.setHeader("Retry-After", String(appError.retryAfterSeconds));
    if (appError instanceof Locked) res.setHeader("Retry-After", String(Math.ceil(appError.retryAfterMs / 1000)));
    const { titleKey, detailKey } = errorPage(appError);
    options.render(res, appError.status, "error", {
      titleKey,
      detailKey,
      // Whole minutes, never "0 minutes" (as policy/brute-force.ts counts them for the sign-in pages).
      detailParams:
        appError instanceof Locked
          ? { minutes: String(Math.max(1, Math.ceil(appError.retryAfterMs / 60_000))) }
          : undefined,
      shownDetail: appError.expose ? appError.detail : undefined,
      retryUrl,
      // Only for our own bugs: a 503 from a Hydra that is down is expected and says enough.
      stack: options.showStack && appError.status === 500 && error instanceof Error ? error.stack : undefined,
    });
  };
}
