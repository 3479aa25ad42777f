import { Router, type IRouter, type Request, type RequestHandler, type Response } from "express";
import type { OAuth2ConsentRequest } from "../hydra.js";
import { checked, formAction, rawField } from "../http/forms.js";
import { scopeMessage } from "../i18n/index.js";
import { conformityClaims, idTokenClaims } from "../policy/claims.js";
import {
  audienceLabel,
  consentSkipReason,
  formList,
  grantableAudiences,
  grantableScopes,
  redirectHostOf,
  scopeFieldIds,
  switchAccountUrl,
} from "../policy/consent.js";
import { ROUTES } from "../routes.js";
import { challengeRef, clientName, DENIED, requireChallenge, type FlowDeps } from "./deps.js";

/** Only http(s) links from a client's registration are shown; anything else (javascript:) is dropped. */
function safeLink(url: string | undefined): string | undefined {
  return url !== undefined && /^https?:\/\//i.test(url) ? url : undefined;
}

/** Logos over https only: the image policy blocks anything else, and a broken image helps nobody. */
function safeImage(url: string | undefined): string | undefined {
  return url !== undefined && /^https:\/\//i.test(url) ? url : undefined;
}

export function consentRoutes(
  deps: FlowDeps,
  forms: { show: RequestHandler[]; post: RequestHandler[] },
  router: IRouter = Router(),
): IRouter {
  const { config, hydra, users, render, audit } = deps;
  const path = ROUTES.consent.path;

  const findUser = (subject: string | undefined) => (subject ? users.findById(subject) : undefined);

  /** Accepts with the claims of the signed-in account, the same for shown and skipped consent. */
  async function accept(
    challenge: string,
    request: OAuth2ConsentRequest,
    grantScope: string[],
    remember: boolean,
  ): Promise<string> {
    const user = await findUser(request.subject);
    const claims = config.conformityFakeClaims ? conformityClaims(grantScope) : idTokenClaims(user, grantScope);
    return hydra.acceptConsentRequest(challenge, {
      grant_scope: grantScope,
      grant_access_token_audience: grantableAudiences(request.requested_access_token_audience),
      remember,
      // Always explicit: newer Hydra reads a missing remember_for as "for as long as the login session lasts".
      remember_for: remember ? config.rememberConsentFor : 0,
      session: { id_token: claims },
    });
  }

  router.get(path, ...forms.show, async (req: Request, res: Response) => {
    const challenge = requireChallenge(req.query.consent_challenge);
    const request = await hydra.getConsentRequest(challenge);
    res.locals.uiLocales = request.oidc_context?.ui_locales;
    const skipReason = consentSkipReason(request, config.trustedClientIds);
    if (skipReason !== undefined) {
      const scopes = grantableScopes(request.requested_scope, request.requested_scope ?? []);
      const redirectTo = await accept(challenge, request, scopes, false);
      audit("consent.skipped", {
        subject: request.subject,
        client: request.client?.client_id,
        reason: skipReason,
        scopes,
      });
      res.redirect(302, redirectTo);
      return;
    }
    const user = await findUser(request.subject);
    const client = request.client;
    const requested = [...new Set(request.requested_scope ?? [])];
    const ids = scopeFieldIds(requested);
    render(res, 200, "consent", {
      challenge,
      redirectHost: redirectHostOf(request.request_url),
      switchAccountUrl: switchAccountUrl(request.request_url),
      preselect: config.consentPreselectScopes,
      rememberDays: config.rememberConsentFor === 0 ? 0 : Math.max(1, Math.round(config.rememberConsentFor / 86_400)),
      client: clientName(client),
      logoUri: safeImage(client?.logo_uri),
      policyUri: safeLink(client?.policy_uri),
      tosUri: safeLink(client?.tos_uri),
      user: user?.email ?? request.subject ?? "",
      scopes: requested.map((name) => ({ name, id: ids.get(name), ...scopeMessage(name) })),
      audiences: grantableAudiences(request.requested_access_token_audience).map((url) => ({
        url,
        label: audienceLabel(url),
      })),
    });
  });

  router.post(path, ...forms.post, async (req: Request, res: Response) => {
    const challenge = requireChallenge(rawField(req, "challenge"));
    if (formAction(req) === "reject") {
      const redirectTo = await hydra.rejectConsentRequest(challenge, DENIED);
      audit("consent.denied", { challenge: challengeRef(challenge) });
      res.redirect(303, redirectTo);
      return;
    }
    // The form is not trusted with what was requested: ask Hydra again.
    const request = await hydra.getConsentRequest(challenge);
    const scopes = grantableScopes(request.requested_scope, formList(rawField(req, "grant_scope")));
    const remember = checked(req, "remember");
    const redirectTo = await accept(challenge, request, scopes, remember);
    audit("consent.granted", { subject: request.subject, client: request.client?.client_id, scopes, remember });
    res.redirect(303, redirectTo);
  });

  return router;
}
