import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import pino, { type Logger } from "pino";
import { pinoHttp } from "pino-http";
import type { RequestHandler } from "express";

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
  const [path = "", query] = url.split("?", 2);
  if (query === undefined) return path;
  const names = [...new URLSearchParams(query).keys()];
  return names.length === 0 ? path : `${path}?${names.map((name) => `${name}=…`).join("&")}`;
}

export function requestLogger(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (req: IncomingMessage) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? "error" : "info"),
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: redactedUrl(req.url),
      }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
    autoLogging: { ignore: (req) => req.url === "/health/alive" || req.url?.startsWith("/public/") === true },
  }) as unknown as RequestHandler;
}
