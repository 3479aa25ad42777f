import { Router, type Request, type RequestHandler, type Response } from "express";
import { formAction, rawField, requireForm } from "../http/forms.js";
import { challengeRef, clientName, requireChallenge, type FlowDeps } from "./deps.js";

export function logoutRoutes(deps: FlowDeps, csrf: RequestHandler): Router {
  const { config, hydra, render, audit } = deps;
  const router = Router();

  router.get("/logout", csrf, async (req: Request, res: Response) => {
    const challenge = requireChallenge(req.query.logout_challenge);
    const request = await hydra.getLogoutRequest(challenge);
    if (request.client?.skip_logout_consent === true) {
      const redirectTo = await hydra.acceptLogoutRequest(challenge);
      audit("logout.accepted", { subject: request.subject, skipped: true });
      res.redirect(302, redirectTo);
      return;
    }
    render(res, 200, "logout", { challenge, client: request.client ? clientName(request.client) : undefined });
  });

  router.post("/logout", requireForm, csrf, async (req: Request, res: Response) => {
    const challenge = requireChallenge(rawField(req, "challenge"));
    if (formAction(req) === "accept") {
      const redirectTo = await hydra.acceptLogoutRequest(challenge);
      audit("logout.accepted", { challenge: challengeRef(challenge) });
      res.redirect(303, redirectTo);
      return;
    }
    await hydra.rejectLogoutRequest(challenge);
    audit("logout.rejected", { challenge: challengeRef(challenge) });
    if (config.logoutRejectedUrl !== undefined) {
      res.redirect(303, config.logoutRejectedUrl);
      return;
    }
    render(res, 200, "logout-stayed");
  });

  return router;
}
