import { Router, type IRouter, type Request, type Response } from "express";
import { queryField } from "../http/forms.js";
import type { MessageKey } from "../i18n/index.js";
import { explainOAuthError, type OAuthErrorExplanation } from "../policy/oauth-error.js";
import { ROUTES } from "../routes.js";
import type { FlowDeps } from "./deps.js";

const MAX_TEXT = 1000;

/** Our sentence for each kind of error; an unknown code gets the generic one, never its own text as ours. */
const EXPLANATION_KEYS: Readonly<Record<OAuthErrorExplanation, MessageKey>> = {
  accessDenied: "error.oauth.code.accessDenied",
  interactionRequired: "error.oauth.code.interactionRequired",
  client: "error.oauth.code.client",
  badRequest: "error.oauth.code.badRequest",
  scope: "error.oauth.code.scope",
  serverError: "error.oauth.code.serverError",
  expired: "error.oauth.code.expired",
  forbidden: "error.oauth.code.forbidden",
  unknown: "error.oauth.detail",
};

/**
 * Hydra's `urls.error`. Anyone can link here with any query, so the page explains known codes in our words and
 * shows the rest (an unknown code, the description, the hint) only as the service's quoted words, escaped.
 */
export function errorPageRoutes(deps: FlowDeps, router: IRouter = Router()): IRouter {
  router.get(ROUTES.error.path, (req: Request, res: Response) => {
    const error = queryField(req, "error", MAX_TEXT);
    const { explanation, known } = explainOAuthError(error);
    deps.render(res, 200, "oauth-error", {
      explanationKey: EXPLANATION_KEYS[explanation],
      knownCode: known ? error : undefined,
      unknownCode: known ? undefined : error,
      description: queryField(req, "error_description", MAX_TEXT),
      hint: queryField(req, "error_hint", MAX_TEXT),
    });
  });
  return router;
}
