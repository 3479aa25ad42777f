import { Router, type IRouter, type Request, type RequestHandler, type Response } from "express";
import { HydraError } from "../hydra.js";
import { queryField, rawField, textField } from "../http/forms.js";
import type { MessageKey } from "../i18n/index.js";
import { ROUTES } from "../routes.js";
import { challengeRef, requireChallenge, type FlowDeps } from "./deps.js";

const MAX_USER_CODE = 64;

/** Device verification (RFC 8628), Hydra ≥ v25.4: the person types the code their device shows. */
export function deviceRoutes(
  deps: FlowDeps,
  forms: { show: RequestHandler[]; post: RequestHandler[] },
  router: IRouter = Router(),
): IRouter {
  const { hydra, render, audit } = deps;

  const showForm = (res: Response, status: number, challenge: string, userCode: string, messageKey?: MessageKey) =>
    render(res, status, "device", { challenge, userCode, messageKey });

  router.get(ROUTES.device.path, ...forms.show, (req: Request, res: Response) => {
    const challenge = requireChallenge(req.query.device_challenge);
    showForm(res, 200, challenge, queryField(req, "user_code", MAX_USER_CODE) ?? "");
  });

  router.post(ROUTES.device.path, ...forms.post, async (req: Request, res: Response) => {
    const challenge = requireChallenge(rawField(req, "challenge"));
    const userCode = textField(req, "user_code", MAX_USER_CODE)?.trim() ?? "";
    if (userCode === "") {
      showForm(res, 400, challenge, "", "device.missingCode");
      return;
    }
    try {
      const redirectTo = await hydra.acceptUserCode(challenge, userCode);
      audit("device.accepted", { challenge: challengeRef(challenge) });
      res.redirect(303, redirectTo);
    } catch (error) {
      // Hydra answers 400 for a wrong, used or expired code: let the person try again.
      if (error instanceof HydraError && error.failure === "refused") {
        audit("device.failed", { challenge: challengeRef(challenge) });
        showForm(res, 400, challenge, userCode, "device.invalidCode");
        return;
      }
      throw error;
    }
  });

  router.get(ROUTES.deviceSuccess.path, (_req: Request, res: Response) => render(res, 200, "device-success"));

  return router;
}
