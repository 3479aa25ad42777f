import { Router, type IRouter, type Request, type Response } from "express";
import { checked, rawField, secretField } from "../http/forms.js";
import { ROUTES } from "../routes.js";
import { pendingFor } from "../sign-in/pending.js";
import { requireChallenge, type FlowDeps } from "./deps.js";
import { createLoginFactsSeal, factsOfPostedForm } from "./login-facts.js";
import type { FormMiddleware } from "./login.js";
import { showSecondStep } from "./second-factor.js";
import { outcomePage, showLoginForm, viewWith, type Message } from "./sign-in-pages.js";
import "./session-data.js";

const MAX_CREDENTIAL = 16_384;

function parseCredential(raw: string | undefined): unknown {
  if (raw === undefined || raw === "") return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/** A passkey's answer: alone from the login page, or as the second step (then it must be the same person's). */
export function passkeyRoutes(deps: FlowDeps, forms: FormMiddleware, router: IRouter = Router()): IRouter {
  const { hydra, signIn, sessions } = deps;
  const factsSeal = createLoginFactsSeal(deps.config.sessionSecrets);

  router.post(ROUTES.loginPasskey.path, sessions, ...forms.post, async (req: Request, res: Response) => {
    const challenge = requireChallenge(rawField(req, "challenge"));
    const pending = pendingFor(req.session?.signIn, challenge, Date.now());
    const credential = parseCredential(secretField(req, "credential", MAX_CREDENTIAL));
    // As the second step the session has the facts (a refusal shows the step again); from the login page the form
    // carries GET /login's seal.
    const { facts, sealed } =
      pending !== undefined
        ? { facts: pending.facts, sealed: "" }
        : await factsOfPostedForm(factsSeal, challenge, rawField(req, "facts"), () => hydra.getLoginRequest(challenge));
    res.locals.uiLocales = facts.uiLocales;
    const outcome = await signIn.passkey({
      credential,
      proofId: rawField(req, "passkey_proof"),
      binding: { loginChallenge: challenge, sessionId: pending === undefined ? undefined : req.sessionID },
      pending,
      ip: req.ip ?? "unknown",
    });
    const page =
      pending !== undefined
        ? (status: number, message?: Message) => showSecondStep(deps, req, res, status, challenge, pending, message)
        : (status: number, message?: Message) =>
            showLoginForm(
              deps,
              res,
              status,
              viewWith({ challenge, email: "", client: facts.clientName, facts: sealed }, message),
            );
    const remember = pending?.remember ?? checked(req, "remember");
    await outcomePage(deps, req, res, { challenge, facts, outcome, remember, page, email: pending?.email });
  });

  return router;
}
