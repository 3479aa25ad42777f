import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestHandler } from "express";
import helmet from "helmet";

/**
 * Strict headers for every response. No `form-action`: Chrome applies it to the redirects after a form post,
 * and ours go on to Hydra and to every client's callback.
 */
function helmetFor(options: { hsts: boolean }) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        baseUri: ["'none'"],
        scriptSrc: ["'none'"],
        styleSrc: ["'self'"],
        // Client logos live on the clients' own hosts, over https only.
        imgSrc: ["'self'", "https:", "data:"],
        fontSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    // Not no-referrer: under it browsers send `Origin: null` for our own form posts, which cannot be told from
    // a sandboxed frame's. same-origin keeps our Origin on our posts and sends nothing to any other site.
    referrerPolicy: { policy: "same-origin" },
    strictTransportSecurity: options.hsts ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    xFrameOptions: { action: "deny" },
    crossOriginEmbedderPolicy: false,
  });
}

/**
 * Helmet decides the headers; they are the same for every response, so they are worked out once here and then
 * only copied, instead of helmet's dozen middlewares running on each request.
 */
export function securityHeaders(options: { hsts: boolean }): RequestHandler {
  const headers: Array<[string, string]> = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers.push([name, String(value)]);
    },
    removeHeader: () => undefined,
    getHeader: () => undefined,
  } as unknown as ServerResponse;
  helmetFor(options)({ headers: {} } as IncomingMessage, recorder, () => undefined);
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}
