import { Router, type IRouter, type Request, type RequestHandler, type Response } from "express";
import { HydraError } from "../hydra.js";
import { queryField, rawField, textField } from "../http/forms.js";
import type { MessageKey } from "../i18n/index.js";
import { ROUTES } from "../routes.js";
import { challengeRef, requireChallenge, type FlowDeps } from "./deps.js";

const MAX_USER_CODE = 64;

interface DeviceForm {
  challenge: string;
  userCode: string;
  /** The code came with the link: someone else may have sent it, so one more deliberate tick is asked for. */
  fromLink: boolean;
  messageKey?: MessageKey;
}

/**
 * Device verification (RFC 8628), Hydra ≥ v25.4: the person types the code their device shows. Hydra has no GET
 * for a device challenge, so the client cannot be named before the code is accepted; the page says instead to
 * continue only for a device the person started themselves (RFC 8628 §5.4, remote phishing).
 */
export function deviceRoutes(
  deps: FlowDeps,
  forms: { show: RequestHandler[]; post: RequestHandler[] },
  router: IRouter = Router(),
): IRouter {
  const { hydra, render, audit } = deps;

  const showForm = (res: Response, status: number, form: DeviceForm) => render(res, status, "device", { ...form });

  router.get(ROUTES.device.path, ...forms.show, (req: Request, res: Response) => {
    const challenge = requireChallenge(req.query.device_challenge);
    const userCode = queryField(req, "user_code", MAX_USER_CODE)?.trim() ?? "";
    showForm(res, 200, { challenge, userCode, fromLink: userCode !== "" });
  });

  router.post(ROUTES.device.path, ...forms.post, async (req: Request, res: Response) => {
    const challenge = requireChallenge(rawField(req, "challenge"));
    const userCode = textField(req, "user_code", MAX_USER_CODE)?.trim() ?? "";
    const fromLink = rawField(req, "from_link") === "1";
    if (userCode === "") {
      showForm(res, 400, { challenge, userCode: "", fromLink: false, messageKey: "device.missingCode" });
      return;
    }
    if (fromLink && rawField(req, "confirm_device") !== "1") {
      showForm(res, 400, { challenge, userCode, fromLink, messageKey: "device.confirmMissing" });
      return;
    }
    try {
      const redirectTo = await hydra.acceptUserCode(challenge, userCode);
      audit("device.accepted", { challenge: challengeRef(challenge), ip: req.ip, fromLink });
      res.redirect(303, redirectTo);
    } catch (error) {
      // Hydra answers 400 for a wrong, used or expired code: let the person try again (typing it this time).
      if (error instanceof HydraError && error.failure === "refused") {
        audit("device.failed", { challenge: challengeRef(challenge), ip: req.ip });
        showForm(res, 400, { challenge, userCode, fromLink: false, messageKey: "device.invalidCode" });
        return;
      }
      throw error;
    }
  });

  router.get(ROUTES.deviceSuccess.path, (_req: Request, res: Response) => render(res, 200, "device-success"));

  return router;
}
