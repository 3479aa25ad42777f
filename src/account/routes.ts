import { Router, type Request, type RequestHandler, type Response } from "express";
import { BadRequest, NotFound, SignedOut, unavailable } from "../errors.js";
import type { FlowDeps } from "../flows/deps.js";
import { secretField, textField } from "../http/forms.js";
import { languageFor } from "../http/render.js";
import { regenerateSession } from "../http/session.js";
import { scopeMessage, translator, type MessageKey } from "../i18n/index.js";
import { hashPassword } from "../identity/passwords.js";
import { checkNewPassword, MAX_PASSWORD_LENGTH, type PasswordRefusal } from "../identity/password-policy.js";
import type { User } from "../identity/user.js";
import { minutesUntil } from "../policy/brute-force.js";
import { ROUTES } from "../routes.js";
import { mfaSecretBox } from "../identity/factors/keys.js";
import { connectedApps } from "./connected-apps.js";
import { factorRoutes, securityView, type SecurityExtra } from "./factors.js";
import type { AccountOidc, PendingSignIn } from "./oidc.js";

declare module "express-session" {
  interface SessionData {
    /** Set at sign-in to the account area; the session exists only from then on. */
    account?: { subject: string; signedInAt: number; idToken?: string };
    /** One message for the next page ("Access removed"). */
    notice?: MessageKey;
  }
}

const PENDING_COOKIE = "hlc.oidc";
const PENDING_MAX_AGE_MS = 10 * 60 * 1000;

const REFUSAL_MESSAGES: Record<PasswordRefusal, MessageKey> = {
  too_short: "account.password.tooShort",
  too_long: "account.password.tooLong",
  mismatch: "account.password.mismatch",
  common: "account.password.common",
  is_email: "account.password.isEmail",
};

export interface AccountDeps {
  flow: FlowDeps;
  oidc: AccountOidc;
  forms: { show: RequestHandler[]; post: RequestHandler[]; cookies: RequestHandler };
}

const signedOut = () =>
  new SignedOut("account", { message: "account action without a signed-in session", retryUrl: ROUTES.account.path });

/** The person's own area: who they are, the apps that hold access, their password, signing out. */
export function accountRoutes(deps: AccountDeps, account: NonNullable<FlowDeps["config"]["account"]>): Router {
  const { config, hydra, users, render, audit, signIn } = deps.flow;
  const { oidc, forms } = deps;
  const router = Router();
  const { sessions } = deps.flow;
  const box = mfaSecretBox(config.mfa.encryptionKey, config.sessionSecrets[0]!);

  /** The signed-in subject, or undefined once the absolute lifetime (8 h) is over. */
  function signedInSubject(req: Request): string | undefined {
    const current = req.session?.account;
    if (current === undefined) return undefined;
    if (Date.now() - current.signedInAt > account.absoluteSeconds * 1000) return undefined;
    return current.subject;
  }

  /** The signed-in person for an action; a signed-out (or expired, or deleted) one gets a 401 page. */
  async function requirePerson(req: Request): Promise<User> {
    const subject = signedInSubject(req);
    const user = subject === undefined ? undefined : await users.findById(subject);
    if (user === undefined) throw signedOut();
    return user;
  }

  /** The apps holding access, less this area itself (its own sign-ins are consents too, granted silently). */
  async function appsOf(subject: string) {
    const apps = connectedApps(await hydra.listConsentSessions(subject), new Date());
    return apps.filter((app) => app.clientId !== account.clientId);
  }

  async function showAccount(
    req: Request,
    res: Response,
    status: number,
    user: User,
    extra: { passwordMessage?: MessageKey; passwordMessageParams?: Record<string, string> } & SecurityExtra = {},
  ): Promise<void> {
    const apps = await appsOf(user.id);
    const lang = languageFor(res, config.defaultLanguage);
    const format = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
    const notice = req.session.notice;
    delete req.session.notice;
    const qrLabel = translator(lang)("account.totp.qrLabel");
    const security = await securityView(deps.flow, box, req, res, user, format, qrLabel);
    render(res, status, "account", {
      ...security,
      user: { email: user.email, name: user.profile.name },
      apps: apps.map((app) => ({
        ...app,
        grantedAt: app.grantedAt === undefined ? undefined : format.format(app.grantedAt),
        rememberedUntil: app.remembered?.until === undefined ? undefined : format.format(app.remembered.until),
        scopes: app.scopes.map((name) => ({ name, ...scopeMessage(name) })),
      })),
      notice,
      ...extra,
    });
  }

  router.get(ROUTES.account.path, sessions, ...forms.show, async (req: Request, res: Response) => {
    const subject = signedInSubject(req);
    const user = subject === undefined ? undefined : await users.findById(subject);
    if (user !== undefined) {
      await showAccount(req, res, 200, user);
      return;
    }
    // Signed out: through Hydra and our own login page (its limits and factors), then back to the callback.
    const { url, pending } = await oidc.start();
    res.cookie(PENDING_COOKIE, JSON.stringify(pending), {
      signed: true,
      httpOnly: true,
      sameSite: "lax",
      secure: config.secureCookies,
      path: ROUTES.account.path,
      maxAge: PENDING_MAX_AGE_MS,
    });
    res.redirect(303, url);
  });

  router.get(ROUTES.accountCallback.path, sessions, forms.cookies, async (req: Request, res: Response) => {
    const pending = readPending(req.signedCookies?.[PENDING_COOKIE]);
    res.clearCookie(PENDING_COOKIE, { path: ROUTES.account.path });
    if (pending === undefined) {
      throw new BadRequest("account_sign_in_expired", {
        message: "account callback without a pending sign-in",
        retryUrl: ROUTES.account.path,
      });
    }
    // The callback URL is rebuilt from our configured redirect URI, never from the request's host.
    const query = req.originalUrl.includes("?") ? req.originalUrl.slice(req.originalUrl.indexOf("?")) : "";
    const signedIn = await oidc.finish(new URL(account.redirectUri + query), pending);
    await regenerateSession(req);
    req.session.account = { subject: signedIn.subject, signedInAt: Date.now(), idToken: signedIn.idToken };
    audit("account.signed_in", { subject: signedIn.subject, ip: req.ip });
    res.redirect(303, ROUTES.account.path);
  });

  router.post(ROUTES.accountRevoke.path, sessions, ...forms.post, async (req: Request, res: Response) => {
    const user = await requirePerson(req);
    const clientId = textField(req, "client_id", 256) ?? "";
    const held = await appsOf(user.id);
    if (!held.some((app) => app.clientId === clientId)) {
      throw new NotFound("app", {
        message: "revoke for a client the person has not granted",
        retryUrl: ROUTES.account.path,
      });
    }
    await hydra.revokeConsentSessions(user.id, clientId);
    audit("account.app_removed", { subject: user.id, client: clientId, ip: req.ip });
    req.session.notice = "account.apps.removed";
    res.redirect(303, ROUTES.account.path);
  });

  router.post(ROUTES.accountPassword.path, sessions, ...forms.post, async (req: Request, res: Response) => {
    const user = await requirePerson(req);
    const current = secretField(req, "current_password", MAX_PASSWORD_LENGTH) ?? "";
    const next = secretField(req, "new_password", MAX_PASSWORD_LENGTH + 1) ?? "";
    const repeat = secretField(req, "new_password_repeat", MAX_PASSWORD_LENGTH + 1) ?? "";
    const refuse = (status: number, passwordMessage: MessageKey, passwordMessageParams?: Record<string, string>) =>
      showAccount(req, res, status, user, { passwordMessage, passwordMessageParams });

    // The current password is a sign-in like any other: same limits, same lockout.
    const outcome = await signIn.withPassword({ email: user.email, password: current, ip: req.ip ?? "unknown" });
    if (outcome.kind === "locked") {
      audit("account.password_refused", { subject: user.id, ip: req.ip, reason: "locked" });
      res.setHeader("Retry-After", String(Math.ceil(outcome.retryAfterMs / 1000)));
      await refuse(429, "login.locked", { minutes: String(minutesUntil(outcome.retryAfterMs)) });
      return;
    }
    if (outcome.kind === "failed" || outcome.user.id !== user.id) {
      audit("account.password_refused", { subject: user.id, ip: req.ip, reason: "wrong_current" });
      await refuse(401, "account.password.wrongCurrent");
      return;
    }
    const verdict = checkNewPassword({ password: next, repeat, email: user.email });
    if (!verdict.ok) {
      audit("account.password_refused", { subject: user.id, ip: req.ip, reason: verdict.reason });
      await refuse(400, REFUSAL_MESSAGES[verdict.reason]);
      return;
    }
    const hash = await hashPassword(next);
    await users.changePassword(user.id, hash);
    audit("account.password_changed", { subject: user.id, ip: req.ip });
    req.session.notice = "account.password.changed";
    res.redirect(303, ROUTES.account.path);
  });

  router.use(factorRoutes({ flow: deps.flow, box, post: forms.post, requirePerson, showAccount }));

  router.post(ROUTES.accountSignOut.path, sessions, ...forms.post, async (req: Request, res: Response) => {
    const subject = signedInSubject(req);
    await destroySession(req, res);
    if (subject !== undefined) audit("account.signed_out", { subject, ip: req.ip });
    res.redirect(303, ROUTES.loggedOut.path);
  });

  router.post(ROUTES.accountSignOutEverywhere.path, sessions, ...forms.post, async (req: Request, res: Response) => {
    const user = await requirePerson(req);
    const idToken = req.session.account?.idToken;
    await hydra.revokeLoginSessions(user.id);
    await destroySession(req, res);
    audit("account.signed_out_everywhere", { subject: user.id, ip: req.ip });
    // Through Hydra's own logout too, so that this browser's Hydra cookie and the apps' sessions end as well.
    res.redirect(303, await oidc.endSessionUrl(idToken));
  });

  return router;
}

function readPending(raw: unknown): PendingSignIn | undefined {
  if (typeof raw !== "string") return undefined;
  try {
    const value = JSON.parse(raw) as Partial<PendingSignIn>;
    if (typeof value.state === "string" && typeof value.nonce === "string" && typeof value.verifier === "string") {
      return { state: value.state, nonce: value.nonce, verifier: value.verifier };
    }
  } catch {
    // a damaged cookie is the same as none
  }
  return undefined;
}

function destroySession(req: Request, res: Response): Promise<void> {
  res.clearCookie("hlc.sid", { path: "/" });
  return new Promise((resolve, reject) => {
    if (req.session === undefined) return resolve();
    req.session.destroy((error: unknown) => (error ? reject(unavailable("session store", error)) : resolve()));
  });
}
