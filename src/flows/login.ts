import { Router, type Request, type Response } from "express";
import type { RequestHandler } from "express";
import { checked, formAction, queryField, rawField, requireForm, textField } from "../http/forms.js";
import { audit } from "../http/logging.js";
import { regenerateSession } from "../http/session.js";
import { authenticate } from "../identity/authenticate.js";
import { conformityAcr } from "../policy/claims.js";
import type { MessageKey } from "../i18n/index.js";
import { challengeRef, clientName, DENIED, requireChallenge, type FlowDeps } from "./deps.js";

const MAX_EMAIL = 254;
const MAX_PASSWORD = 1024;

export function loginRoutes(deps: FlowDeps, csrf: RequestHandler): Router {
  const { config, hydra, users, render, logger } = deps;
  const router = Router();

  function showForm(
    res: Response,
    status: number,
    view: { challenge: string; email: string; client: string; messageKey?: MessageKey },
  ): void {
    render(res, status, "login", { ...view, demo: config.demoAccount });
  }

  router.get("/login", csrf, async (req: Request, res: Response) => {
    const challenge = requireChallenge(req.query.login_challenge);
    const request = await hydra.getLoginRequest(challenge);
    if (request.skip) {
      // Hydra already knows who this is; a different subject would make it restart with prompt=login.
      const redirectTo = await hydra.acceptLoginRequest(challenge, { subject: request.subject });
      audit(logger, "login.skipped", { subject: request.subject, client: request.client.client_id });
      res.redirect(302, redirectTo);
      return;
    }
    const hint = request.oidc_context?.login_hint ?? queryField(req, "login_hint", MAX_EMAIL) ?? "";
    showForm(res, 200, { challenge, email: hint.slice(0, MAX_EMAIL), client: clientName(request.client) });
  });

  router.post("/login", requireForm, csrf, async (req: Request, res: Response) => {
    const challenge = requireChallenge(rawField(req, "challenge"));
    if (formAction(req) === "reject") {
      const redirectTo = await hydra.rejectLoginRequest(challenge, DENIED);
      audit(logger, "login.denied", { challenge: challengeRef(challenge) });
      res.redirect(303, redirectTo);
      return;
    }

    const email = textField(req, "email", MAX_EMAIL)?.trim() ?? "";
    const password = textField(req, "password", MAX_PASSWORD) ?? "";
    const client = textField(req, "client", 256) ?? "";
    if (email === "" || password === "") {
      showForm(res, 400, { challenge, email, client, messageKey: "login.missingFields" });
      return;
    }
    const user = await authenticate(users, email, password);
    if (user === undefined) {
      audit(logger, "login.failed", { challenge: challengeRef(challenge) });
      showForm(res, 401, { challenge, email, client, messageKey: "login.invalidCredentials" });
      return;
    }

    const remember = checked(req, "remember");
    let acr = "1";
    if (config.conformityFakeClaims) {
      const request = await hydra.getLoginRequest(challenge);
      acr = conformityAcr(request.oidc_context?.acr_values);
    }
    const redirectTo = await hydra.acceptLoginRequest(challenge, {
      subject: user.id,
      remember,
      remember_for: remember ? config.rememberLoginFor : undefined,
      acr,
      amr: ["pwd"],
    });
    await regenerateSession(req);
    audit(logger, "login.accepted", { subject: user.id, remember });
    res.redirect(303, redirectTo);
  });

  return router;
}
