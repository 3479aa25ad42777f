import type { Request, Response } from "express";
import { SignedOut, unavailable, type AppError } from "../errors.js";
import { cookieName, SESSION_COOKIE_BASE } from "../http/cookie-names.js";
import type { MessageKey } from "../i18n/index.js";
import type { User } from "../identity/user.js";
import type { UserStore } from "../identity/store.js";
import type { Audit } from "../observability/audit.js";
import { ROUTES } from "../routes.js";
import type { PendingAction } from "./reauth.js";
import type { SessionGenerations } from "../sign-in/session-generations.js";

/** A part of the account page that shows its own result or error, once, after a redirect. */
import type { AccountArea } from "./reauth.js";

export type { AccountArea };

declare module "express-session" {
  interface SessionData {
    /** Set at sign-in to the account area; the session exists only from then on. */
    account?: {
      subject: string;
      signedInAt: number;
      idToken?: string;
      /** The id_token's auth_time (seconds) and acr of the latest sign-in: how recent and how strong it was. */
      authTime?: number;
      acr?: string;
      /** The account's session generation when this session began; an older one is signed out. */
      generation?: number;
    };
    /** One message for the next page ("Access removed"). */
    notice?: MessageKey;
    /** One result or error for one part of the next page, after a post (post/redirect/get). */
    accountMessage?: { area: AccountArea; key: MessageKey; params?: Record<string, string> };
    /** What the person clicked before being sent to sign in again. */
    pendingAction?: PendingAction;
  }
}

const signedOut = (): AppError =>
  new SignedOut("account", { message: "account action without a signed-in session", retryUrl: ROUTES.account.path });

export function destroySession(req: Request, res: Response): Promise<void> {
  // Whichever name the cookie has here: __Host- prefixed on https, plain otherwise (http/cookie-names.ts).
  res.clearCookie(cookieName(SESSION_COOKIE_BASE, false), { path: "/" });
  res.clearCookie(cookieName(SESSION_COOKIE_BASE, true), { path: "/", secure: true });
  return new Promise((resolve, reject) => {
    if (req.session === undefined) return resolve();
    req.session.destroy((error: unknown) => (error ? reject(unavailable("session store", error)) : resolve()));
  });
}

export interface AccountSessionDeps {
  users: Pick<UserStore, "findById">;
  generations: SessionGenerations;
  absoluteSeconds: number;
  audit: Audit;
}

/**
 * Who is signed in to the account area, checked on every request: the session must be within its absolute
 * lifetime, of the account's current generation (not ended by "Sign out everywhere" or a password change
 * elsewhere), and its account must still exist and not be disabled.
 */
export function accountSessions(deps: AccountSessionDeps) {
  /** The signed-in subject, or undefined once the absolute lifetime is over. */
  function signedInSubject(req: Request): string | undefined {
    const current = req.session?.account;
    if (current === undefined) return undefined;
    if (Date.now() - current.signedInAt > deps.absoluteSeconds * 1000) return undefined;
    return current.subject;
  }

  /**
   * The signed-in person; undefined when nobody is signed in. A session that was ended elsewhere, or whose account
   * is disabled or gone, is destroyed here and answered with the signed-out page.
   */
  async function currentPerson(req: Request, res: Response): Promise<User | undefined> {
    const subject = signedInSubject(req);
    if (subject === undefined) return undefined;
    const [user, generation] = await Promise.all([deps.users.findById(subject), deps.generations.current(subject)]);
    const reason =
      user === undefined
        ? "account_gone"
        : user.disabled
          ? "account_disabled"
          : // Any other generation, not only an older one: a counter lost in Redis must not bring ended sessions back.
            (req.session.account?.generation ?? 0) !== generation
            ? "ended_elsewhere"
            : undefined;
    if (reason === undefined) return user;
    await destroySession(req, res);
    deps.audit("account.session_ended", { subject, reason, ip: req.ip });
    throw signedOut();
  }

  /** The signed-in person for an action; anyone else gets the 401 signed-out page. */
  async function requirePerson(req: Request, res: Response): Promise<User> {
    const user = await currentPerson(req, res);
    if (user === undefined) throw signedOut();
    return user;
  }

  return { signedInSubject, currentPerson, requirePerson };
}

/** Carries one result or error of a post to the page the browser is sent to next. */
export function flash(req: Request, area: AccountArea, key: MessageKey, params?: Record<string, string>): void {
  req.session.accountMessage = params === undefined ? { area, key } : { area, key, params };
}
