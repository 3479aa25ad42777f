import { Router, type IRouter, type Request, type Response } from "express";
import { queryField } from "../http/forms.js";
import { ROUTES } from "../routes.js";
import type { FlowDeps } from "./deps.js";

const MAX_TEXT = 1000;

/** Hydra's `urls.error`: shows its error, description and hint (escaped by the template). */
export function errorPageRoutes(deps: FlowDeps, router: IRouter = Router()): IRouter {
  router.get(ROUTES.error.path, (req: Request, res: Response) => {
    deps.render(res, 200, "oauth-error", {
      error: queryField(req, "error", MAX_TEXT),
      description: queryField(req, "error_description", MAX_TEXT),
      hint: queryField(req, "error_hint", MAX_TEXT),
    });
  });
  return router;
}
