import { Router, type Request, type RequestHandler, type Response } from "express";
import { BadRequest, Forbidden, NotFound } from "../errors.js";
import type { FlowDeps } from "../flows/deps.js";
import { ACCOUNT_PENDING_COOKIE_BASE, cookieName } from "../http/cookie-names.js";
import { secretField, textField } from "../http/forms.js";
import { languageFor } from "../http/render.js";
import { regenerateSession } from "../http/session.js";
import { scopeMessage, translator, type MessageKey } from "../i18n/index.js";
import { hashPassword } from "../identity/passwords.js";
import { checkNewPassword, MAX_PASSWORD_LENGTH, PASSWORD_REFUSAL_MESSAGES } from "../identity/password-policy.js";
import type { User } from "../identity/user.js";
import { minutesUntil } from "../policy/brute-force.js";
import { ROUTES } from "../routes.js";
import { mfaSecretBox } from "../identity/factors/keys.js";
import { accountSessions, destroySession, flash, type AccountArea } from "./account-session.js";
import { connectedApps } from "./connected-apps.js";
import { emailAddressRoutes, emailView, type EmailAddressDeps } from "./email-address.js";
import { factorRoutes, securityView } from "./factors.js";
import { providerRoutes, providersView } from "./providers.js";
import type { AccountOidc, AccountSignIn, PendingSignIn, SignInDemand } from "./oidc.js";
import {
  callbackOutcome,
  pendingAction,
  SENSITIVE_ACTIONS,
  signInIsRecent,
  stillPending,
  type PendingAction,
  type SensitivePath,
  type SignInPurpose,
} from "./reauth.js";
import { endSessionsOf, type SessionGenerations } from "../sign-in/session-generations.js";

const PENDING_MAX_AGE_MS = 10 * 60 * 1000;

export interface AccountDeps {
  flow: FlowDeps;
  oidc: AccountOidc;
  forms: { show: RequestHandler[]; post: RequestHandler[]; cookies: RequestHandler };
  /** Per-account session generations: in Redis when the app has it, so every instance sees them. */
  generations: SessionGenerations;
  /** Verification and address change by email: absent without SMTP_URL, or for a store that keeps no links. */
  email?: Pick<EmailAddressDeps, "mailer" | "addresses" | "limits">;
}

/** A pending sign-in (the OIDC round trip's secrets) and why it was started. */
type PendingAccountSignIn = PendingSignIn & {
  purpose: SignInPurpose;
  /**
   * A step-up's own facts travel with it, signed, rather than in the session: our login page begins a new session
   * for its second step, so the one that asked may be gone when the person comes back.
   */
  stepUp?: { subject: string; action: PendingAction };
  /** When it began: a signed value replayed past PENDING_MAX_AGE_MS is refused (the cookie expiry is the browser's). */
  issuedAt: number;
};

const reauthRefused = (reason: string) =>
  new Forbidden("account_reauth_refused", {
    message: `account sign-in not recent or strong enough: ${reason}`,
    retryUrl: ROUTES.account.path,
  });

/** The person's own area: who they are, the apps that hold access, their password, signing out. */
export function accountRoutes(deps: AccountDeps, account: NonNullable<FlowDeps["config"]["account"]>): Router {
  const { config, hydra, users, render, audit, signIn } = deps.flow;
  const { oidc, forms, generations } = deps;
  const router = Router();
  const { sessions } = deps.flow;
  const box = mfaSecretBox(config.mfa.encryptionKey, config.sessionSecrets[0]!);
  const { reauthAfterSeconds } = account;
  // `__Host-` on https (so with Path=/): a sibling subdomain cannot plant its own pending sign-in (a login CSRF).
  const pendingCookie = cookieName(ACCOUNT_PENDING_COOKIE_BASE, config.secureCookies);
  const pendingCookieOptions = { httpOnly: true, sameSite: "lax", secure: config.secureCookies, path: "/" } as const;
  const { currentPerson, requirePerson, signedInSubject } = accountSessions({
    users,
    generations,
    absoluteSeconds: account.absoluteSeconds,
    audit,
  });

  async function hasSecondFactor(subject: string): Promise<boolean> {
    const factors = await signIn.factorsOf(subject);
    return factors.totp !== undefined || factors.passkeys.length > 0;
  }

  /** Whether this session's sign-in may change how the account signs in (recent, and with its second factor). */
  async function isRecent(req: Request, user: User): Promise<boolean> {
    const current = req.session.account;
    return signInIsRecent(
      { authTime: current?.authTime, acr: current?.acr },
      { nowMs: Date.now(), reauthAfterSeconds, hasSecondFactor: await hasSecondFactor(user.id) },
    );
  }

  /** Through Hydra (and our login page, its limits and factors), back to the callback with a signed pending cookie. */
  async function sendToSignIn(
    res: Response,
    purpose: SignInPurpose,
    demand?: SignInDemand,
    stepUp?: PendingAccountSignIn["stepUp"],
  ): Promise<void> {
    const { url, pending } = await oidc.start(demand);
    const issuedAt = Date.now();
    const value: PendingAccountSignIn =
      stepUp === undefined ? { ...pending, purpose, issuedAt } : { ...pending, purpose, stepUp, issuedAt };
    res.cookie(pendingCookie, JSON.stringify(value), {
      ...pendingCookieOptions,
      signed: true,
      maxAge: PENDING_MAX_AGE_MS,
    });
    res.redirect(303, url);
  }

  /**
   * Changes to how someone signs in need a recent sign-in with the account's second factor: a stolen session or a
   * 30-day remembered login lacks it. Otherwise the click is kept (its route and non-secret fields) and the person
   * goes through Hydra with `max_age` (and `acr_values=2`); false means the answer is sent.
   */
  async function recentSignIn(req: Request, res: Response, user: User, path: SensitivePath): Promise<boolean> {
    if (await isRecent(req, user)) {
      delete req.session.pendingAction;
      return true;
    }
    const action = pendingAction(path, req.body as Record<string, unknown> | undefined, Date.now());
    audit("account.reauth_asked", { subject: user.id, action: path, ip: req.ip });
    const secondFactor = await hasSecondFactor(user.id);
    await sendToSignIn(
      res,
      "step-up",
      { maxAgeSeconds: reauthAfterSeconds, acrValues: secondFactor ? "2" : undefined },
      { subject: user.id, action },
    );
    return false;
  }

  /** The apps holding access, less this area itself (its own sign-ins are consents too, granted silently). */
  async function appsOf(subject: string) {
    const apps = connectedApps(await hydra.listConsentSessions(subject), new Date());
    return apps.filter((app) => app.clientId !== account.clientId);
  }

  async function showAccount(req: Request, res: Response, user: User): Promise<void> {
    const apps = await appsOf(user.id);
    const lang = languageFor(res, config.defaultLanguage);
    // Every date the server writes is in UTC and each sentence says so ("(UTC)" in the catalogs): without script
    // the browser's time zone is unknown, and a time in the wrong zone without a name would mislead.
    const format = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
    // Each result is shown once: a reload of the page shows the page, not the message again.
    const { notice, accountMessage } = req.session;
    delete req.session.notice;
    delete req.session.accountMessage;
    // Back on the page without confirming ("Cancel"): the click that waited for a new sign-in is dropped.
    delete req.session.pendingAction;
    const messageOf = (area: AccountArea) => (accountMessage?.area === area ? accountMessage : undefined);
    const t = translator(lang);
    const totpWords = { qrLabel: t("account.totp.qrLabel"), issuer: config.brand.name ?? t("app.name") };
    const security = await securityView(deps.flow, box, req, res, user, format, totpWords, await isRecent(req, user));
    render(res, 200, "account", {
      ...security,
      ...(await providersView(deps.flow, user)),
      user: { email: user.email, name: user.profile.name },
      email: emailView(user, deps.email !== undefined, users.passwordsChangeable !== false),
      emailMessage: messageOf("email")?.key,
      emailMessageParams: messageOf("email")?.params,
      apps: apps.map((app) => ({
        ...app,
        grantedAt: app.grantedAt === undefined ? undefined : format.format(app.grantedAt),
        rememberedUntil: app.remembered?.until === undefined ? undefined : format.format(app.remembered.until),
        scopes: app.scopes.map((name) => ({ name, ...scopeMessage(name) })),
      })),
      notice,
      // A directory owns its passwords: they change there, not here.
      passwordChangeable: users.passwordsChangeable !== false,
      passwordMessage: messageOf("password")?.key,
      passwordMessageParams: messageOf("password")?.params,
      totpMessage: messageOf("totp")?.key,
      passkeyMessage: messageOf("passkey")?.key,
    });
  }

  router.get(ROUTES.account.path, sessions, ...forms.show, async (req: Request, res: Response) => {
    const user = await currentPerson(req, res);
    if (user !== undefined) {
      await showAccount(req, res, user);
      return;
    }
    await sendToSignIn(res, "first");
  });

  router.get(ROUTES.accountCallback.path, sessions, forms.cookies, async (req: Request, res: Response) => {
    const pending = readPending(req.signedCookies?.[pendingCookie], Date.now());
    res.clearCookie(pendingCookie, pendingCookieOptions);
    if (pending === undefined) {
      throw new BadRequest("account_sign_in_expired", {
        message: "account callback without a pending sign-in",
        retryUrl: ROUTES.account.path,
      });
    }
    // The callback URL is rebuilt from our configured redirect URI, never from the request's host.
    const query = req.originalUrl.includes("?") ? req.originalUrl.slice(req.originalUrl.indexOf("?")) : "";
    const signedIn = await oidc.finish(new URL(account.redirectUri + query), pending);
    const samePerson = pending.stepUp?.subject === signedIn.subject;
    const outcome = callbackOutcome({
      purpose: pending.purpose,
      proof: signedIn,
      // Someone else answering a step-up is refused whatever their factors: no need to look them up.
      hasSecondFactor: pending.purpose === "step-up" && !samePerson ? false : await hasSecondFactor(signedIn.subject),
      samePerson,
      nowMs: Date.now(),
      reauthAfterSeconds,
    });
    switch (outcome.kind) {
      case "ask-second-factor":
        // The first sign-in cannot ask for acr_values=2 (we do not know who is coming, nor whether they have a
        // factor), so a remembered login walks in with acr "1". Asked again once, with the second factor and a fresh
        // login (prompt=login): an answer still without it is refused, so this never loops.
        await sendToSignIn(res, "first-with-second-factor", { acrValues: "2", promptLogin: true });
        return;
      case "refuse":
        audit("account.reauth_refused", { subject: signedIn.subject, reason: outcome.reason, ip: req.ip });
        delete req.session?.pendingAction;
        throw reauthRefused(outcome.reason);
      case "stepped-up":
        await steppedUp(req, res, signedIn, pending.stepUp?.action);
        return;
      case "signed-in": {
        await beginSession(req, signedIn);
        audit("account.signed_in", { subject: signedIn.subject, ip: req.ip });
        res.redirect(303, ROUTES.account.path);
      }
    }
  });

  /** A new account session for a sign-in Hydra vouched for, of the account's current generation. */
  async function beginSession(req: Request, signedIn: AccountSignIn): Promise<void> {
    const generation = await generations.current(signedIn.subject);
    // A TOTP set-up of this person that was under way survives signing in again.
    const enrolment = req.session.account?.subject === signedIn.subject ? req.session.totpEnrolment : undefined;
    await regenerateSession(req);
    req.session.account = {
      subject: signedIn.subject,
      signedInAt: Date.now(),
      idToken: signedIn.idToken,
      authTime: signedIn.authTime,
      acr: signedIn.acr,
      generation,
    };
    if (enrolment !== undefined) req.session.totpEnrolment = enrolment;
  }

  /**
   * Signed in again for an action: a full, recent sign-in, so it begins a new session (the one that asked may be
   * gone: our login page starts its own for the second step), then the action is offered to finish.
   */
  async function steppedUp(req: Request, res: Response, signedIn: AccountSignIn, pendingClick: unknown) {
    await beginSession(req, signedIn);
    // An account disabled meanwhile is signed out here like anywhere else.
    await requirePerson(req, res);
    audit("account.signed_in", { subject: signedIn.subject, ip: req.ip, again: true });
    const action = stillPending(pendingClick, Date.now());
    if (action === undefined) {
      res.redirect(303, ROUTES.account.path);
      return;
    }
    const then = SENSITIVE_ACTIONS[action.path];
    if (then.then === "confirm") {
      req.session.pendingAction = action;
      res.redirect(303, ROUTES.accountConfirm.path);
      return;
    }
    // What this action needs (a password, a code, a new passkey) was never kept: the person gives it again.
    flash(req, then.area, "account.reauth.again");
    res.redirect(303, `${ROUTES.account.path}#${then.section}`);
  }

  /** After signing in again: one button that posts what the person clicked, with a fresh CSRF token. */
  router.get(ROUTES.accountConfirm.path, sessions, ...forms.show, async (req: Request, res: Response) => {
    await requirePerson(req, res);
    const action = stillPending(req.session.pendingAction, Date.now());
    const then = action === undefined ? undefined : SENSITIVE_ACTIONS[action.path];
    if (action === undefined || then?.then !== "confirm") {
      delete req.session.pendingAction;
      res.redirect(303, ROUTES.account.path);
      return;
    }
    render(res, 200, "account-confirm", {
      action: action.path,
      label: then.label,
      fields: Object.entries(action.fields).map(([name, value]) => ({ name, value })),
    });
  });

  router.post(ROUTES.accountRevoke.path, sessions, ...forms.post, async (req: Request, res: Response) => {
    const user = await requirePerson(req, res);
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

  /** Whoever else holds a session of this account (a stolen one too) is out; this session keeps up with it. */
  async function endOtherSessions(req: Request, user: User): Promise<void> {
    const generation = await endSessionsOf(user.id, { generations, hydra });
    req.session.account = { ...req.session.account!, generation };
  }

  router.post(ROUTES.accountPassword.path, sessions, ...forms.post, async (req: Request, res: Response) => {
    const user = await requirePerson(req, res);
    if (users.passwordsChangeable === false) {
      throw new NotFound("page", { message: "passwords change in the directory", retryUrl: ROUTES.account.path });
    }
    // The form asks the current password, but a stolen session may know it: the second factor is what it lacks.
    if (!(await recentSignIn(req, res, user, ROUTES.accountPassword.path))) return;
    const current = secretField(req, "current_password", MAX_PASSWORD_LENGTH) ?? "";
    const next = secretField(req, "new_password", MAX_PASSWORD_LENGTH + 1) ?? "";
    const repeat = secretField(req, "new_password_repeat", MAX_PASSWORD_LENGTH + 1) ?? "";
    const refuse = (message: MessageKey, params?: Record<string, string>) => {
      flash(req, "password", message, params);
      res.redirect(303, `${ROUTES.account.path}#password`);
    };

    // The current password is a sign-in like any other: same limits, same lockout.
    const outcome = await signIn.withPassword({ email: user.email, password: current, ip: req.ip ?? "unknown" });
    if (outcome.kind === "locked") {
      audit("account.password_refused", { subject: user.id, ip: req.ip, reason: "locked" });
      res.setHeader("Retry-After", String(Math.ceil(outcome.retryAfterMs / 1000)));
      refuse("login.locked", { minutes: String(minutesUntil(outcome.retryAfterMs)) });
      return;
    }
    if (outcome.kind === "failed" || outcome.user.id !== user.id) {
      audit("account.password_refused", { subject: user.id, ip: req.ip, reason: "wrong_current" });
      refuse("account.password.wrongCurrent");
      return;
    }
    const verdict = checkNewPassword({ password: next, repeat, email: user.email });
    if (!verdict.ok) {
      audit("account.password_refused", { subject: user.id, ip: req.ip, reason: verdict.reason });
      refuse(PASSWORD_REFUSAL_MESSAGES[verdict.reason]);
      return;
    }
    const hash = await hashPassword(next);
    await users.changePassword(user.id, hash);
    await endOtherSessions(req, user);
    audit("account.password_changed", { subject: user.id, ip: req.ip });
    req.session.notice = "account.password.changed";
    res.redirect(303, ROUTES.account.path);
  });

  router.use(
    factorRoutes({
      flow: deps.flow,
      box,
      post: forms.post,
      show: forms.show,
      requirePerson,
      recentSignIn,
      endOtherSessions,
    }),
  );

  if (deps.email !== undefined) {
    router.use(emailAddressRoutes({ ...deps.email, flow: deps.flow, post: forms.post, requirePerson, recentSignIn }));
  }
  // Identity providers (issue 23): only while some are configured.
  if (deps.flow.upstream !== undefined) {
    router.use(
      providerRoutes({
        flow: deps.flow,
        post: forms.post,
        show: forms.show,
        requirePerson,
        recentSignIn,
        endOtherSessions,
      }),
    );
  }

  router.post(ROUTES.accountSignOut.path, sessions, ...forms.post, async (req: Request, res: Response) => {
    const subject = signedInSubject(req);
    await destroySession(req, res);
    if (subject !== undefined) audit("account.signed_out", { subject, ip: req.ip });
    res.redirect(303, ROUTES.loggedOut.path);
  });

  router.post(ROUTES.accountSignOutEverywhere.path, sessions, ...forms.post, async (req: Request, res: Response) => {
    const user = await requirePerson(req, res);
    if (!(await recentSignIn(req, res, user, ROUTES.accountSignOutEverywhere.path))) return;
    const idToken = req.session.account?.idToken;
    // Every account-area session of this person ends on its next request, on every instance, and at Hydra.
    await endSessionsOf(user.id, { generations, hydra });
    await destroySession(req, res);
    audit("account.signed_out_everywhere", { subject: user.id, ip: req.ip });
    // Through Hydra's own logout too, so that this browser's Hydra cookie and the apps' sessions end as well.
    res.redirect(303, await oidc.endSessionUrl(idToken));
  });

  return router;
}

const PURPOSES: readonly SignInPurpose[] = ["first", "first-with-second-factor", "step-up"];

function readPending(raw: unknown, now: number): PendingAccountSignIn | undefined {
  if (typeof raw !== "string") return undefined;
  try {
    const value = JSON.parse(raw) as Partial<PendingAccountSignIn>;
    const { issuedAt } = value;
    const fresh = typeof issuedAt === "number" && now - issuedAt >= 0 && now - issuedAt <= PENDING_MAX_AGE_MS;
    if (
      fresh &&
      typeof value.state === "string" &&
      typeof value.nonce === "string" &&
      typeof value.verifier === "string"
    ) {
      const purpose = PURPOSES.find((known) => known === value.purpose) ?? "first";
      const read: PendingAccountSignIn = {
        state: value.state,
        nonce: value.nonce,
        verifier: value.verifier,
        purpose,
        issuedAt,
      };
      const stepUp = value.stepUp;
      if (purpose === "step-up" && typeof stepUp?.subject === "string") {
        read.stepUp = { subject: stepUp.subject, action: stepUp.action };
      }
      return read;
    }
  } catch {
    // a damaged cookie is the same as none
  }
  return undefined;
}
