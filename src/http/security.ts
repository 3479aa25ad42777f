import type { RequestHandler } from "express";
import helmet from "helmet";

/**
 * Strict headers for every response. No `form-action`: Chrome applies it to the redirects after a form post,
 * and ours go on to Hydra and to every client's callback.
 */
export function securityHeaders(options: { hsts: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        baseUri: ["'none'"],
        scriptSrc: ["'none'"],
        styleSrc: ["'self'"],
        // Client logos live on the clients' own hosts.
        imgSrc: ["'self'", "https:", "data:"],
        fontSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    referrerPolicy: { policy: "no-referrer" },
    strictTransportSecurity: options.hsts ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    xFrameOptions: { action: "deny" },
    crossOriginEmbedderPolicy: false,
  });
}

/** Flow pages carry challenges and CSRF tokens: never cache them anywhere. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Pragma", "no-cache");
  next();
};
