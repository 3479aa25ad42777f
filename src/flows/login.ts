import { Router, type Request, type RequestHandler, type Response } from "express";
import { checked, formAction, queryField, rawField, secretField, textField } from "../http/forms.js";
import type { MessageKey } from "../i18n/index.js";
import type { SignInOutcome } from "../identity/sign-in.js";
import { minutesUntil } from "../policy/brute-force.js";
import { conformityAcr } from "../policy/claims.js";
import { ROUTES } from "../routes.js";
import { challengeRef, clientName, DENIED, requireChallenge, type FlowDeps } from "./deps.js";

const MAX_EMAIL = 254;
const MAX_PASSWORD = 1024;

interface LoginView {
  challenge: string;
  email: string;
  client: string;
  messageKey?: MessageKey;
  messageParams?: Record<string, string>;
}

export function loginRoutes(deps: FlowDeps, forms: { show: RequestHandler[]; post: RequestHandler[] }): Router {
  const { config, hydra, render, audit, metrics, signIn, accountRef } = deps;
  const router = Router();
  const path = ROUTES.login.path;

  const showForm = (res: Response, status: number, view: LoginView) =>
    render(res, status, "login", { ...view, demo: config.demoAccount });

  /** 429 with the form kept: the person can try again once the lock ends, without starting over. */
  function refuseLocked(res: Response, view: LoginView, outcome: Extract<SignInOutcome, { kind: "locked" }>) {
    metrics.lockouts.inc({ scope: outcome.when });
    res.setHeader("Retry-After", String(Math.ceil(outcome.retryAfterMs / 1000)));
    showForm(res, 429, {
      ...view,
      messageKey: "login.locked",
      messageParams: { minutes: String(minutesUntil(outcome.retryAfterMs)) },
    });
  }

  router.get(path, ...forms.show, async (req: Request, res: Response) => {
    const challenge = requireChallenge(req.query.login_challenge);
    const request = await hydra.getLoginRequest(challenge);
    if (request.skip) {
      // Hydra already knows who this is; a different subject would make it restart with prompt=login.
      const redirectTo = await hydra.acceptLoginRequest(challenge, { subject: request.subject });
      audit("login.skipped", { subject: request.subject, client: request.client.client_id });
      res.redirect(302, redirectTo);
      return;
    }
    const hint = request.oidc_context?.login_hint ?? queryField(req, "login_hint", MAX_EMAIL) ?? "";
    showForm(res, 200, { challenge, email: hint.slice(0, MAX_EMAIL), client: clientName(request.client) });
  });

  router.post(path, ...forms.post, async (req: Request, res: Response) => {
    const challenge = requireChallenge(rawField(req, "challenge"));
    if (formAction(req) === "reject") {
      const redirectTo = await hydra.rejectLoginRequest(challenge, DENIED);
      audit("login.denied", { challenge: challengeRef(challenge) });
      res.redirect(303, redirectTo);
      return;
    }
    // Hydra says which client this is (the form is not trusted with it), and a dead challenge costs no check.
    const request = await hydra.getLoginRequest(challenge);
    const email = textField(req, "email", MAX_EMAIL)?.trim() ?? "";
    const password = secretField(req, "password", MAX_PASSWORD) ?? "";
    const view: LoginView = { challenge, email, client: clientName(request.client) };
    if (email === "" || password === "") {
      showForm(res, 400, { ...view, messageKey: "login.missingFields" });
      return;
    }
    const ip = req.ip ?? "unknown";
    const who = { ip, client: request.client?.client_id, account: accountRef(email) };
    const outcome = await signIn.withPassword({ email, password, ip });
    switch (outcome.kind) {
      case "locked":
        audit("login.locked", {
          ...who,
          scope: outcome.scope,
          when: outcome.when,
          retryAfterSeconds: Math.ceil(outcome.retryAfterMs / 1000),
        });
        refuseLocked(res, view, outcome);
        return;
      case "failed":
        audit("login.failed", { ...who, failures: outcome.failures });
        showForm(res, 401, { ...view, messageKey: "login.invalidCredentials" });
        return;
      case "accepted": {
        const remember = checked(req, "remember");
        const acr = config.conformityFakeClaims ? conformityAcr(request.oidc_context?.acr_values) : outcome.acr;
        const redirectTo = await hydra.acceptLoginRequest(challenge, {
          subject: outcome.user.id,
          remember,
          // Always explicit: newer Hydra reads a missing remember_for as "as long as the login session lasts".
          remember_for: remember ? config.rememberLoginFor : 0,
          acr,
          amr: outcome.amr,
        });
        audit("login.accepted", { ...who, subject: outcome.user.id, remember, amr: outcome.amr });
        res.redirect(303, redirectTo);
        return;
      }
    }
  });

  return router;
}
