import type { Request, RequestHandler, Response } from "express";
import session from "express-session";
import { unavailable } from "../errors.js";
import { cookieName, SESSION_COOKIE_BASE } from "./cookie-names.js";

export interface SessionOptions {
  secrets: readonly string[];
  secure: boolean;
  store: session.Store;
  /** Idle lifetime: the cookie and the stored session end this long after the last request. */
  maxAgeMs: number;
}

/**
 * Server-side sessions, for people who have signed in (the account area, multi-step sign-in). Mounted only on
 * the routes that need one; never saved for a visitor who has not written anything to it.
 */
export function sessionMiddleware(options: SessionOptions): RequestHandler {
  return session({
    name: cookieName(SESSION_COOKIE_BASE, options.secure),
    secret: [...options.secrets],
    store: guardStore(options.store),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    unset: "destroy",
    cookie: { httpOnly: true, sameSite: "lax", secure: options.secure, maxAge: options.maxAgeMs, path: "/" },
  });
}

type Callback = (error?: unknown, ...rest: unknown[]) => void;

/** The store's failures become our 503 page (Retry-After, "Try again") instead of a 500. */
function guardStore(store: session.Store): session.Store {
  for (const method of ["get", "set", "touch", "destroy"] as const) {
    const original = store[method] as ((...args: unknown[]) => void) | undefined;
    if (typeof original !== "function") continue;
    (store as unknown as Record<string, unknown>)[method] = function (this: session.Store, ...args: unknown[]) {
      const last = args.length - 1;
      const callback = args[last] as Callback | undefined;
      if (typeof callback !== "function") return original.apply(this, args);
      args[last] = (error?: unknown, ...rest: unknown[]) =>
        callback(error ? unavailable("session store", error) : error, ...rest);
      try {
        return original.apply(this, args);
      } catch (error) {
        callback(unavailable("session store", error));
      }
    };
  }
  return store;
}

/** A new session id after sign-in, so a session fixed before it is worth nothing after. */
export function regenerateSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.regenerate((error: unknown) => (error ? reject(error as Error) : resolve()));
  });
}

/**
 * Runs the session middleware for this request now, if no session is loaded yet: routes that need a session only
 * on one branch (the login page, when a second step follows) do not pay for it on every request.
 */
export function loadSession(sessions: RequestHandler, req: Request, res: Response): Promise<void> {
  if (req.session !== undefined) return Promise.resolve();
  return new Promise((resolve, reject) => {
    sessions(req, res, (error?: unknown) => (error ? reject(error as Error) : resolve()));
  });
}
