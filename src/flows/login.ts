import { setTimeout as sleep } from "node:timers/promises";
import { Router, type Request, type RequestHandler, type Response } from "express";
import { checked, formAction, queryField, rawField, requireForm, textField } from "../http/forms.js";
import { regenerateSession } from "../http/session.js";
import { authenticate } from "../identity/authenticate.js";
import { failureDelayMs, minutesUntil } from "../policy/brute-force.js";
import { conformityAcr } from "../policy/claims.js";
import type { MessageKey } from "../i18n/index.js";
import { challengeRef, clientName, DENIED, requireChallenge, type FlowDeps } from "./deps.js";

const MAX_EMAIL = 254;
const MAX_PASSWORD = 1024;

export function loginRoutes(deps: FlowDeps, csrf: RequestHandler): Router {
  const { config, hydra, users, render, audit, throttle, metrics } = deps;
  const router = Router();

  function showForm(
    res: Response,
    status: number,
    view: { challenge: string; email: string; client: string; messageKey?: MessageKey },
  ): void {
    render(res, status, "login", { ...view, demo: config.demoAccount });
  }

  /** 429 with the form kept: the person can try again once the lock ends, without starting over. */
  function refuseLocked(
    res: Response,
    view: { challenge: string; email: string; client: string },
    retryAfterMs: number,
    when: string,
  ): void {
    const minutes = minutesUntil(retryAfterMs);
    audit("login.locked", { when, retryAfterSeconds: Math.ceil(retryAfterMs / 1000) });
    metrics.lockouts.inc({ scope: when });
    res.setHeader("Retry-After", String(Math.ceil(retryAfterMs / 1000)));
    render(res, 429, "login", {
      ...view,
      demo: config.demoAccount,
      messageKey: "login.locked",
      messageParams: { minutes: String(minutes) },
    });
  }

  router.get("/login", csrf, async (req: Request, res: Response) => {
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

  router.post("/login", requireForm, csrf, async (req: Request, res: Response) => {
    const challenge = requireChallenge(rawField(req, "challenge"));
    if (formAction(req) === "reject") {
      const redirectTo = await hydra.rejectLoginRequest(challenge, DENIED);
      audit("login.denied", { challenge: challengeRef(challenge) });
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
    const ip = req.ip ?? "unknown";
    const before = await throttle.check(email, ip);
    if (before.locked) {
      refuseLocked(res, { challenge, email, client }, before.retryAfterMs, "before_check");
      return;
    }
    const user = await authenticate(users, email, password);
    if (user === undefined) {
      const after = await throttle.recordFailure(email, ip);
      if (after.locked) {
        refuseLocked(res, { challenge, email, client }, after.retryAfterMs, "this_failure");
        return;
      }
      audit("login.failed", { challenge: challengeRef(challenge), failures: after.failures });
      await sleep(failureDelayMs(after.failures, config.bruteForce.failureDelayMs));
      showForm(res, 401, { challenge, email, client, messageKey: "login.invalidCredentials" });
      return;
    }
    await throttle.recordSuccess(email);

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
    audit("login.accepted", { subject: user.id, remember });
    res.redirect(303, redirectTo);
  });

  return router;
}
