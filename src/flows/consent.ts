import { Router, type IRouter, type Request, type RequestHandler, type Response } from "express";
import type { OAuth2ConsentRequest } from "../hydra.js";
import { formAction, rawField } from "../http/forms.js";
import type { User } from "../identity/user.js";
import { scopeMessage } from "../i18n/index.js";
import { conformityClaims, idTokenClaims } from "../policy/claims.js";
import {
  accountRefusal,
  audienceLabel,
  CANNOT_SIGN_IN,
  consentSkipReason,
  formList,
  grantableAudiences,
  grantableScopes,
  redirectHostOf,
  rememberTicked,
  scopeFieldIds,
  switchAccountUrl,
} from "../policy/consent.js";
import { ROUTES } from "../routes.js";
import { clientName, DENIED, requireChallenge, type FlowDeps } from "./deps.js";

/** Only http(s) links from a client's registration are shown; anything else (javascript:) is dropped. */
function safeLink(url: string | undefined): string | undefined {
  return url !== undefined && /^https?:\/\//i.test(url) ? url : undefined;
}

/** Logos over https only: the image policy blocks anything else, and a broken image helps nobody. */
function safeImage(url: string | undefined): string | undefined {
  return url !== undefined && /^https:\/\//i.test(url) ? url : undefined;
}

/** Who a consent line in the audit log is about, like the login lines: the subject, the client and the IP. */
function whoAsks(req: Request, request: OAuth2ConsentRequest) {
  return { subject: request.subject, client: request.client?.client_id, ip: req.ip };
}

export function consentRoutes(
  deps: FlowDeps,
  forms: { show: RequestHandler[]; post: RequestHandler[] },
  router: IRouter = Router(),
): IRouter {
  const { config, hydra, users, render, audit } = deps;
  const path = ROUTES.consent.path;

  /**
   * The account the consent is for, looked up again: a disabled or removed one gets no grant. Hydra's request is
   * rejected and the person sees why; `undefined` then means "answered already".
   */
  async function accountOrRefuse(
    req: Request,
    res: Response,
    challenge: string,
    request: OAuth2ConsentRequest,
  ): Promise<User | undefined> {
    const user = request.subject ? await users.findById(request.subject) : undefined;
    const refusal = accountRefusal(user);
    if (refusal === undefined) return user;
    await hydra.rejectConsentRequest(challenge, CANNOT_SIGN_IN);
    audit("consent.denied", { ...whoAsks(req, request), reason: refusal });
    render(res, 403, "error", {
      titleKey: "login.accountUnavailable.title",
      detailKey: "login.accountUnavailable.detail",
    });
    return undefined;
  }

  /** Accepts with the claims of the signed-in account, the same for shown and skipped consent. */
  async function accept(
    challenge: string,
    request: OAuth2ConsentRequest,
    user: User,
    grantScope: string[],
    remember: boolean,
  ): Promise<string> {
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
    const user = await accountOrRefuse(req, res, challenge, request);
    if (user === undefined) return;
    const skipReason = consentSkipReason(request, config.trustedClientIds);
    if (skipReason !== undefined) {
      const scopes = grantableScopes(request.requested_scope, request.requested_scope ?? []);
      const redirectTo = await accept(challenge, request, user, scopes, false);
      audit("consent.skipped", { ...whoAsks(req, request), reason: skipReason, scopes });
      res.redirect(302, redirectTo);
      return;
    }
    const client = request.client;
    const requested = [...new Set(request.requested_scope ?? [])];
    const ids = scopeFieldIds(requested);
    render(res, 200, "consent", {
      challenge,
      redirectHost: redirectHostOf(client?.redirect_uris),
      switchAccountUrl: switchAccountUrl(request.request_url),
      preselect: config.consentPreselectScopes,
      rememberDays: config.rememberConsentFor === 0 ? 0 : Math.max(1, Math.round(config.rememberConsentFor / 86_400)),
      client: clientName(client),
      logoUri: safeImage(client?.logo_uri),
      policyUri: safeLink(client?.policy_uri),
      tosUri: safeLink(client?.tos_uri),
      user: user.email,
      scopes: requested.map((name) => ({ name, id: ids.get(name), ...scopeMessage(name) })),
      audiences: grantableAudiences(request.requested_access_token_audience).map((url) => ({
        url,
        label: audienceLabel(url),
      })),
    });
  });

  router.post(path, ...forms.post, async (req: Request, res: Response) => {
    const challenge = requireChallenge(rawField(req, "challenge"));
    const action = formAction(req);
    // The form is not trusted with what was requested, nor with who asks: ask Hydra again.
    const request = await hydra.getConsentRequest(challenge);
    if (action === "reject") {
      const redirectTo = await hydra.rejectConsentRequest(challenge, DENIED);
      audit("consent.denied", { ...whoAsks(req, request), reason: "person_denied" });
      res.redirect(303, redirectTo);
      return;
    }
    const user = await accountOrRefuse(req, res, challenge, request);
    if (user === undefined) return;
    const scopes = grantableScopes(request.requested_scope, formList(rawField(req, "grant_scope")));
    const remember = rememberTicked(rawField(req, "remember"));
    const redirectTo = await accept(challenge, request, user, scopes, remember);
    audit("consent.granted", { ...whoAsks(req, request), scopes, remember });
    res.redirect(303, redirectTo);
  });

  return router;
}
