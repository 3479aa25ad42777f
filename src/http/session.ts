import type { Request, RequestHandler } from "express";
import session from "express-session";

export interface SessionOptions {
  secrets: readonly string[];
  secure: boolean;
  store: session.Store | undefined;
}

/** Sessions hold only the CSRF secret; they are short and never created before a form is shown. */
export function sessionMiddleware(options: SessionOptions): RequestHandler {
  return session({
    name: "hlc.sid",
    secret: [...options.secrets],
    store: options.store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: "lax", secure: options.secure, maxAge: 60 * 60 * 1000, path: "/" },
  });
}

/** A new session id after sign-in, so a session fixed before it is worth nothing after. */
export function regenerateSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.regenerate((error: unknown) => (error ? reject(error as Error) : resolve()));
  });
}
