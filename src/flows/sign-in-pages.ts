import type { Request, Response } from "express";
import { allowOwnScripts } from "../http/script-policy.js";
import { loadSession, regenerateSession } from "../http/session.js";
import type { MessageKey } from "../i18n/index.js";
import type { LoginFacts } from "../policy/login-request.js";
import { minutesUntil } from "../policy/brute-force.js";
import { ROUTES } from "../routes.js";
import type { SignInOutcome, Step } from "../sign-in/index.js";
import { DENIED_ACCOUNT, type FlowDeps } from "./deps.js";
import { acceptSignIn } from "./login-accept.js";
import "./session-data.js";

export interface Message {
  key: MessageKey;
  params?: Record<string, string>;
  /** The page is shown to an address that is locked out: a passkey button there could only be refused too. */
  withoutPasskey?: boolean;
}

/** The page of the step that was just tried, shown again with a status and a message. */
export type ShowStep = (status: number, message?: Message) => Promise<void>;

export interface LoginView {
  challenge: string;
  email: string;
  client: string;
  /** Hydra's facts about this request, sealed, so the post need not ask again (login-facts.ts). */
  facts: string;
  messageKey?: MessageKey;
  messageParams?: Record<string, string>;
  /** False where a passkey cannot help (see Message.withoutPasskey); shown otherwise. */
  offerPasskey?: boolean;
}

/** The login form's view with the message of a step that was just tried. */
export const viewWith = (view: LoginView, message?: Message): LoginView => ({
  ...view,
  messageKey: message?.key,
  messageParams: message?.params,
  ...(message?.withoutPasskey === true ? { offerPasskey: false } : {}),
});

/**
 * The login form and its passkey button, as GET /login shows it and every refused sign-in shows it again. The
 * button's challenge costs no stored state (passkey-proofs.ts), so it is offered to everyone but a locked-out address.
 */
export async function showLoginForm(deps: FlowDeps, res: Response, status: number, view: LoginView): Promise<void> {
  const passkey =
    view.offerPasskey === false ? undefined : await deps.signIn.passkeyOptions({ loginChallenge: view.challenge });
  if (passkey !== undefined) allowOwnScripts(res);
  deps.render(res, status, "login", {
    ...view,
    providers: deps.upstream?.providers.map(({ id, name, icon }) => ({ id, name, icon })) ?? [],
    demo: deps.config.demoAccount,
    recovery: deps.config.mail !== undefined,
    registration: deps.config.registration.mode === "open",
    emailSignIn: deps.config.mail?.emailSignIn === true,
    passkey: passkey?.options,
    passkeyProof: passkey?.proofId,
  });
}

const FAILED: Record<Step, MessageKey> = {
  password: "login.invalidCredentials",
  "email-code": "login.emailCode.invalid",
  upstream: "upstream.failed.detail",
  code: "login.code.invalid",
  passkey: "login.passkey.failed",
};

/**
 * Turns a sign-in outcome into what the browser gets, the same for every method: an accept that follows Hydra, the
 * second step, the page of the step again (401 wrong, 429 locked with Retry-After, written once here), the page
 * for a factor the account lacks, or a refusal.
 */
export async function outcomePage(
  deps: FlowDeps,
  req: Request,
  res: Response,
  input: {
    challenge: string;
    facts: LoginFacts;
    outcome: SignInOutcome;
    remember: boolean;
    /** The page of this step, to show again. */
    page: ShowStep;
    /** For audit lines: the email the step is about, when known. */
    email?: string;
  },
): Promise<void> {
  const { config, hydra, audit, metrics, accountRef, render, sessions } = deps;
  const { challenge, facts, outcome } = input;
  const who = {
    ip: req.ip,
    client: facts.clientId,
    ...(input.email === undefined ? {} : { account: accountRef(input.email) }),
  };
  switch (outcome.kind) {
    case "accepted":
      await acceptSignIn(deps, req, res, { challenge, facts, outcome, remember: input.remember });
      return;
    case "second_step":
      // The sign-in is now half done: it gets a server-side session of its own, bound to this challenge.
      await loadSession(sessions, req, res);
      await regenerateSession(req);
      req.session.signIn = outcome.pending;
      res.redirect(303, `${ROUTES.loginSecondFactor.path}?login_challenge=${encodeURIComponent(challenge)}`);
      return;
    case "factor_missing":
      audit("login.second_factor_missing", { ...who, subject: outcome.user.id });
      render(res, 403, "login-needs-factor", {
        challenge,
        client: facts.clientName,
        accountUrl: outcome.canEnrol && config.account !== undefined ? ROUTES.account.path : undefined,
      });
      return;
    case "locked":
      metrics.lockouts.inc({ scope: outcome.when });
      audit("login.locked", {
        ...who,
        step: outcome.step,
        scope: outcome.scope,
        when: outcome.when,
        retryAfterSeconds: Math.ceil(outcome.retryAfterMs / 1000),
      });
      // The owner hears of it once, when this failure locked the account (not for each try refused after).
      if (outcome.scope === "account" && outcome.when === "this_failure" && input.email !== undefined) {
        deps.notices?.accountLocked(input.email, req.ip ?? "unknown");
      }
      res.setHeader("Retry-After", String(Math.ceil(outcome.retryAfterMs / 1000)));
      // A locked account may still have its passkey (a step of its own); a locked address has no way in now.
      await input.page(429, {
        key: "login.locked",
        params: { minutes: String(minutesUntil(outcome.retryAfterMs)) },
        withoutPasskey: outcome.scope === "ip",
      });
      return;
    case "failed":
      audit("login.failed", { ...who, step: outcome.step, failures: outcome.failures, restart: outcome.restart });
      if (outcome.restart) {
        // The pending sign-in had its last wrong code: it is over, and the person starts again at the password.
        if (req.session?.signIn !== undefined) delete req.session.signIn;
        await showLoginForm(deps, res, 401, {
          challenge,
          email: input.email ?? "",
          client: facts.clientName,
          facts: "",
          messageKey: "login.code.tooMany",
        });
        return;
      }
      await input.page(401, { key: FAILED[outcome.step] });
      return;
    case "refused":
      if (req.session?.signIn !== undefined) delete req.session.signIn;
      if (outcome.reason === "sign_in_again") {
        audit("login.reauthenticate", { ...who });
        await showLoginForm(deps, res, 200, {
          challenge,
          email: outcome.email ?? "",
          client: facts.clientName,
          facts: "",
          messageKey: "login.signInAgain",
        });
        return;
      }
      // Disabled or gone: the application hears access_denied, the person reads why, with a way back.
      audit("login.refused", { ...who, reason: outcome.reason });
      render(res, 403, "login-refused", {
        backUrl: await hydra.rejectLoginRequest(challenge, DENIED_ACCOUNT),
        client: facts.clientName,
      });
      return;
  }
}
