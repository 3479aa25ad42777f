import cookieParser from "cookie-parser";
import csurf from "csurf";
import type { Request, RequestHandler } from "express";
import { Forbidden } from "../errors.js";
import { cookieName, CSRF_COOKIE_BASE } from "./cookie-names.js";

/**
 * CSRF protection that keeps no server state: the secret lives in a signed, HttpOnly, SameSite cookie and each
 * form carries a token derived from it (csurf's cookie mode). A flood of strangers therefore costs nothing
 * stored. The token is read from the form body only, never from the URL or headers, so it stays out of logs.
 */
export function csrfProtection(options: { secrets: readonly string[]; secure: boolean }): RequestHandler[] {
  return [
    cookieParser([...options.secrets]),
    csurf({
      cookie: {
        key: cookieName(CSRF_COOKIE_BASE, options.secure),
        signed: true,
        httpOnly: true,
        sameSite: "lax",
        secure: options.secure,
        path: "/",
      },
      value: (req: Request) => {
        const body: unknown = req.body;
        const token = typeof body === "object" && body !== null ? (body as Record<string, unknown>)._csrf : undefined;
        return typeof token === "string" ? token : "";
      },
    }),
  ];
}

/** Whether a POST came from a page of another site, by the headers browsers set themselves. */
function isCrossSite(
  headers: { origin?: string | undefined; "sec-fetch-site"?: string | string[] | undefined },
  ownOrigin: string,
): boolean {
  if (headers["sec-fetch-site"] === "cross-site") return true;
  const origin = headers.origin;
  // An old browser or a non-browser client may send none. "null" is what a sandboxed frame, a data: URL or a
  // redirected post sends: never one of our forms, whose Origin our Referrer-Policy (same-origin) keeps.
  if (origin === undefined) return false;
  return origin.toLowerCase() !== ownOrigin.toLowerCase();
}

/** Refuses cross-site form posts before anything else looks at them. */
export function sameOriginPosts(baseUrl: string | undefined): RequestHandler {
  const configured = baseUrl === undefined ? undefined : new URL(baseUrl).origin;
  return (req, _res, next) => {
    if (req.method !== "POST") return next();
    // Without BASE_URL the browser's own Host header names our origin; an attacker cannot set it in a victim's browser.
    const ownOrigin = configured ?? `${req.protocol}://${req.get("host") ?? ""}`;
    if (isCrossSite(req.headers, ownOrigin)) {
      next(
        new Forbidden("cross_site", {
          message: `cross-site POST refused (origin ${req.headers.origin ?? "none"}, fetch site ${String(req.headers["sec-fetch-site"] ?? "none")})`,
        }),
      );
      return;
    }
    next();
  };
}
