import { Router, type IRouter, type Request, type RequestHandler, type Response } from "express";
import { checked, formAction, queryField, rawField, secretField, textField } from "../http/forms.js";
import { loadSession, regenerateSession } from "../http/session.js";
import type { MessageKey } from "../i18n/index.js";
import type { SignInOutcome } from "../identity/sign-in.js";
import { minutesUntil } from "../policy/brute-force.js";
import { pendingSignIn, secondStepFor } from "../policy/second-step.js";
import { ROUTES } from "../routes.js";
import { challengeRef, DENIED, requireChallenge, type FlowDeps } from "./deps.js";
import { acceptSignIn } from "./login-accept.js";
import { createLoginFactsSeal, factsOfPostedForm, loginFactsOf, type LoginFacts } from "./login-facts.js";
import { passkeyOptions } from "./passkey-challenge.js";
import "./session-data.js";

const MAX_EMAIL = 254;
const MAX_PASSWORD = 1024;

export interface LoginView {
  challenge: string;
  email: string;
  client: string;
  /** Hydra's facts about this request, sealed, so the post need not ask again (login-facts.ts). */
  facts: string;
  messageKey?: MessageKey;
  messageParams?: Record<string, string>;
}

export interface FormMiddleware {
  show: RequestHandler[];
  post: RequestHandler[];
}

/** The login form and its passkey button, as GET /login shows it and every refused sign-in shows it again. */
export async function showLoginForm(deps: FlowDeps, req: Request, res: Response, status: number, view: LoginView) {
  const passkey = await passkeyOptions(deps, req, res);
  deps.render(res, status, "login", { ...view, demo: deps.config.demoAccount, passkey });
}

/** The first step: the password form (and a passkey button), then on to the second step when one is needed. */
export function loginRoutes(deps: FlowDeps, forms: FormMiddleware, router: IRouter = Router()): IRouter {
  const { config, hydra, render, audit, metrics, signIn, accountRef, sessions } = deps;
  const path = ROUTES.login.path;
  const factsSeal = createLoginFactsSeal(config.sessionSecrets);
  const showForm = (req: Request, res: Response, status: number, view: LoginView) =>
    showLoginForm(deps, req, res, status, view);

  /** 429 with the form kept: the person can try again once the lock ends, without starting over. */
  async function refuseLocked(
    req: Request,
    res: Response,
    view: LoginView,
    outcome: Extract<SignInOutcome, { kind: "locked" }>,
  ) {
    metrics.lockouts.inc({ scope: outcome.when });
    res.setHeader("Retry-After", String(Math.ceil(outcome.retryAfterMs / 1000)));
    await showForm(req, res, 429, {
      ...view,
      messageKey: "login.locked",
      messageParams: { minutes: String(minutesUntil(outcome.retryAfterMs)) },
    });
  }

  /** The second step, when the account has a factor or one is demanded; undefined when none is needed. */
  async function toSecondStep(
    req: Request,
    res: Response,
    challenge: string,
    facts: LoginFacts,
    who: { userId: string; email: string },
    firstFactors: string[],
    remember: boolean,
    rememberedLogin: boolean,
  ): Promise<boolean> {
    const factors = await signIn.factorsOf(who.userId);
    const step = secondStepFor({
      factors,
      clientId: facts.clientId,
      acrValues: facts.acrValues,
      requiredClientIds: config.mfa.requiredClientIds,
      rememberedLogin,
    });
    if (step === "none") return false;
    if (step === "unavailable") {
      audit("login.second_factor_missing", { client: facts.clientId, subject: who.userId, ip: req.ip });
      render(res, 403, "login-needs-factor", {
        challenge,
        client: facts.clientName,
        accountUrl: config.account === undefined ? undefined : ROUTES.account.path,
      });
      return true;
    }
    // The sign-in is now half done: it gets a server-side session of its own, bound to this challenge.
    await loadSession(sessions, req, res);
    await regenerateSession(req);
    req.session.signIn = pendingSignIn(challenge, who, firstFactors, remember, Date.now(), facts);
    res.redirect(303, `${ROUTES.loginSecondFactor.path}?login_challenge=${encodeURIComponent(challenge)}`);
    return true;
  }

  router.get(path, ...forms.show, async (req: Request, res: Response) => {
    const challenge = requireChallenge(req.query.login_challenge);
    const request = await hydra.getLoginRequest(challenge);
    res.locals.uiLocales = request.oidc_context?.ui_locales;
    if (request.skip) {
      // Step-up: Hydra remembers who this is, but the client, the request or the account asks for a second factor.
      const user = await deps.users.findById(request.subject);
      if (user !== undefined) {
        const who = { userId: user.id, email: user.email };
        if (await toSecondStep(req, res, challenge, loginFactsOf(request), who, ["pwd"], true, true)) return;
      }
      // Hydra already knows who this is; a different subject would make it restart with prompt=login.
      const redirectTo = await hydra.acceptLoginRequest(challenge, { subject: request.subject });
      audit("login.skipped", { subject: request.subject, client: request.client.client_id });
      res.redirect(302, redirectTo);
      return;
    }
    const hint = request.oidc_context?.login_hint ?? queryField(req, "login_hint", MAX_EMAIL) ?? "";
    const facts = loginFactsOf(request);
    await showForm(req, res, 200, {
      challenge,
      email: hint.slice(0, MAX_EMAIL),
      client: facts.clientName,
      facts: factsSeal.seal(challenge, facts),
    });
  });

  router.post(path, ...forms.post, async (req: Request, res: Response) => {
    const challenge = requireChallenge(rawField(req, "challenge"));
    if (formAction(req) === "reject") {
      const redirectTo = await hydra.rejectLoginRequest(challenge, DENIED);
      audit("login.denied", { challenge: challengeRef(challenge) });
      res.redirect(303, redirectTo);
      return;
    }
    // Which client this is comes from Hydra: sealed by GET /login into the form, or asked again when the form
    // carries no seal of ours for this challenge (then a dead challenge costs no password check either).
    const { facts, sealed } = await factsOfPostedForm(factsSeal, challenge, rawField(req, "facts"), () =>
      hydra.getLoginRequest(challenge),
    );
    res.locals.uiLocales = facts.uiLocales;
    const email = textField(req, "email", MAX_EMAIL)?.trim() ?? "";
    const password = secretField(req, "password", MAX_PASSWORD) ?? "";
    const view: LoginView = {
      challenge,
      email,
      client: facts.clientName,
      facts: sealed,
    };
    if (email === "" || password === "") {
      await showForm(req, res, 400, { ...view, messageKey: "login.missingFields" });
      return;
    }
    const ip = req.ip ?? "unknown";
    const who = { ip, client: facts.clientId, account: accountRef(email) };
    const outcome = await signIn.withPassword({ email, password, ip });
    switch (outcome.kind) {
      case "locked":
        audit("login.locked", {
          ...who,
          scope: outcome.scope,
          when: outcome.when,
          retryAfterSeconds: Math.ceil(outcome.retryAfterMs / 1000),
        });
        await refuseLocked(req, res, view, outcome);
        return;
      case "failed":
        audit("login.failed", { ...who, failures: outcome.failures, step: "password" });
        await showForm(req, res, 401, { ...view, messageKey: "login.invalidCredentials" });
        return;
      case "accepted": {
        const remember = checked(req, "remember");
        const person = { userId: outcome.user.id, email: outcome.user.email };
        if (await toSecondStep(req, res, challenge, facts, person, outcome.amr, remember, false)) return;
        await acceptSignIn(deps, req, res, { challenge, facts, outcome, remember, step: "password" });
        return;
      }
    }
  });

  return router;
}
