import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import pino, { type Logger } from "pino";
import type { RequestHandler } from "express";
import { ENDPOINTS } from "../routes.js";

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "hydra-login-consent" },
    // Belt and braces: whatever a caller logs, these never reach the log.
    redact: {
      paths: ["password", "*.password", "req.headers.cookie", "res.headers['set-cookie']", "_csrf", "*._csrf"],
      censor: "[redacted]",
    },
  });
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The path and the names of the query parameters, never their values (challenges are credentials). */
export function redactedUrl(url: string | undefined): string {
  if (url === undefined) return "";
  const mark = url.indexOf("?");
  if (mark === -1) return url;
  const path = url.slice(0, mark);
  const query = url.slice(mark + 1);
  const end = query.indexOf("?"); // as `split("?", 2)`: a second "?" ends the query
  const names = [...new URLSearchParams(end === -1 ? query : query.slice(0, end)).keys()];
  return names.length === 0 ? path : `${path}?${names.map((name) => `${name}=…`).join("&")}`;
}

/** What every line about a request carries: its id, its method and its URL without query values. */
interface RequestFields {
  id: string;
  method: string | undefined;
  url: string;
}

type LoggedRequest = IncomingMessage & { id?: string; log?: Logger; originalUrl?: string };

const INFO = 30;
const STATE = Symbol("request log");

interface LogState {
  logger: Logger;
  id: string;
  child: Logger | undefined;
}

const withLazyLog = new WeakSet<object>();

/**
 * `req.log` as a getter on the request prototype (express gives each app its own), installed once: the child
 * logger with the request's fields is made only when something logs through it (the error handler), instead of
 * a child logger, or a property definition, for every request. Assigning `req.log` still works.
 */
function lazyLogOn(proto: object): void {
  if (withLazyLog.has(proto)) return;
  withLazyLog.add(proto);
  if (Object.hasOwn(proto, "log")) return;
  Object.defineProperty(proto, "log", {
    configurable: true,
    enumerable: false,
    get(this: LoggedRequest & { [STATE]?: LogState }): Logger | undefined {
      const state = this[STATE];
      if (state === undefined) return undefined;
      return (state.child ??= state.logger.child({ req: fields(this, state.id) }));
    },
    set(this: LoggedRequest, value: Logger) {
      Object.defineProperty(this, "log", { value, writable: true, configurable: true, enumerable: true });
    },
  });
}

/**
 * One log line per request once its response is finished or abandoned: `req` (id, method, redacted URL), `res`
 * (status) and `responseTime` in ms; "request completed" at info, or "request errored" at error for a 5xx (as
 * pino-http wrote them). `X-Request-Id` is kept when it is a plain token of up to 64 characters, otherwise a UUID
 * is made. `req.log` is a child logger with the request's fields, made only when something logs through it.
 */
export function requestLogger(logger: Logger): RequestHandler {
  return (request, response, next) => {
    const req = request as LoggedRequest;
    const res = response as ServerResponse;
    const given = req.headers["x-request-id"];
    const id = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    req.id = id;
    (req as LoggedRequest & { [STATE]?: LogState })[STATE] = { logger, id, child: undefined };
    lazyLogOn(Object.getPrototypeOf(req) as object);

    const url = req.url ?? "";
    if (url === ENDPOINTS.healthAlive.path || url.startsWith("/public/")) {
      next();
      return;
    }
    const started = Date.now();
    // A response always ends with "close" (after "finish" when it was sent whole): one listener sees both cases.
    res.on("close", () => {
      const failed = res.statusCode >= 500;
      // Below 500 the line is at info: skip all of its work when info is off (LOG_LEVEL=warn).
      if (!failed && logger.levelVal > INFO) return;
      const line = {
        req: fields(req, id),
        res: { status: res.statusCode },
        responseTime: Date.now() - started,
      };
      if (failed) {
        logger.error({ ...line, err: new Error(`failed with status code ${res.statusCode}`) }, "request errored");
      } else {
        logger.info(line, !req.readableAborted && res.writableEnded ? "request completed" : "request aborted");
      }
    });
    next();
  };
}

/** The URL as the client sent it: express rewrites `req.url` under mounted routers, `originalUrl` keeps it. */
function fields(req: LoggedRequest, id: string): RequestFields {
  return { id, method: req.method, url: redactedUrl(req.originalUrl ?? req.url) };
}
