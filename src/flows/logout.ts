import { Router, type IRouter, type Request, type RequestHandler, type Response } from "express";
import { formAction, rawField } from "../http/forms.js";
import { ROUTES } from "../routes.js";
import type { OAuth2LogoutRequest } from "../hydra.js";
import { applicationLink } from "../policy/logout.js";
import { clientName, requireChallenge, type FlowDeps } from "./deps.js";

/** Who a logout line in the audit log is about, like the login lines: the subject, the client and the IP. */
function whoLeaves(req: Request, request: OAuth2LogoutRequest) {
  return { subject: request.subject, client: request.client?.client_id, ip: req.ip };
}

export function logoutRoutes(
  deps: FlowDeps,
  forms: { show: RequestHandler[]; post: RequestHandler[] },
  router: IRouter = Router(),
): IRouter {
  const { config, hydra, render, audit } = deps;

  router.get(ROUTES.logout.path, ...forms.show, async (req: Request, res: Response) => {
    const challenge = requireChallenge(req.query.logout_challenge);
    const request = await hydra.getLogoutRequest(challenge);
    // The account area's own "Sign out everywhere" already asked; so does a client that skips the question.
    const ownAccountArea =
      request.client?.client_id !== undefined && request.client.client_id === config.account?.clientId;
    if (request.client?.skip_logout_consent === true || ownAccountArea) {
      const redirectTo = await hydra.acceptLogoutRequest(challenge);
      audit("logout.accepted", { ...whoLeaves(req, request), skipped: true });
      res.redirect(302, redirectTo);
      return;
    }
    render(res, 200, "logout", { challenge, client: request.client ? clientName(request.client) : undefined });
  });

  router.post(ROUTES.logout.path, ...forms.post, async (req: Request, res: Response) => {
    const challenge = requireChallenge(rawField(req, "challenge"));
    const action = formAction(req);
    // Who is leaving, from Hydra, not from the form: the audit line names them.
    const request = await hydra.getLogoutRequest(challenge);
    if (action === "accept") {
      const redirectTo = await hydra.acceptLogoutRequest(challenge);
      audit("logout.accepted", whoLeaves(req, request));
      res.redirect(303, redirectTo);
      return;
    }
    await hydra.rejectLogoutRequest(challenge);
    audit("logout.rejected", whoLeaves(req, request));
    if (config.logoutRejectedUrl !== undefined) {
      res.redirect(303, config.logoutRejectedUrl);
      return;
    }
    // A way on: back to the application when its registration says where it lives (else the page links home).
    const appUrl = applicationLink(request.client);
    render(res, 200, "logout-stayed", {
      appUrl,
      client: appUrl === undefined ? undefined : clientName(request.client),
    });
  });

  // Hydra's post-logout URL when a client gives none (`urls.post_logout_redirect`): Hydra says nothing of where the
  // person came from, so the page links to the account area when it is on, else to the home page.
  router.get(ROUTES.loggedOut.path, (_req: Request, res: Response) => render(res, 200, "logged-out"));

  return router;
}
