import { Router, type IRouter, type Request, type Response } from "express";
import { BadRequest } from "../errors.js";
import { formAction, rawField, textField } from "../http/forms.js";
import { ROUTES } from "../routes.js";
import type { PendingSecondStep } from "../sign-in/index.js";
import { pendingFor } from "../sign-in/pending.js";
import { DENIED, requireChallenge, type FlowDeps } from "./deps.js";
import type { FormMiddleware } from "./login.js";
import { allowOwnScripts } from "../http/script-policy.js";
import { outcomePage, type Message } from "./sign-in-pages.js";
import "./session-data.js";

const MAX_CODE = 32;

/** No pending sign-in for this challenge in this browser: the later step cannot be reached. */
const stepExpired = (challenge: string) =>
  new BadRequest("sign_in_step_expired", {
    message: "second step without a pending sign-in for this challenge",
    retryUrl: `${ROUTES.login.path}?login_challenge=${encodeURIComponent(challenge)}`,
  });

/** The second step's page: a code field when the account has codes, a passkey button when it has passkeys. */
export async function showSecondStep(
  deps: FlowDeps,
  req: Request,
  res: Response,
  status: number,
  challenge: string,
  pending: PendingSecondStep,
  message?: Message,
): Promise<void> {
  const factors = await deps.signIn.factorsOf(pending.userId);
  res.locals.uiLocales = pending.facts.uiLocales;
  const passkey =
    factors.passkeys.length > 0
      ? await deps.signIn.passkeyOptions({ loginChallenge: challenge, sessionId: req.sessionID }, factors.passkeys)
      : undefined;
  if (passkey !== undefined) allowOwnScripts(res);
  deps.render(res, status, "login-second-factor", {
    challenge,
    client: pending.facts.clientName,
    hasCode: factors.totp !== undefined || factors.recoveryCodeHashes.length > 0,
    passkey: passkey?.options,
    passkeyProof: passkey?.proofId,
    messageKey: message?.key,
    messageParams: message?.params,
  });
}

/** The second step with a code from an app or a recovery code (its passkey answer posts to /login/passkey). */
export function secondFactorRoutes(deps: FlowDeps, forms: FormMiddleware, router: IRouter = Router()): IRouter {
  const { hydra, audit, signIn, sessions } = deps;
  const path = ROUTES.loginSecondFactor.path;

  router.get(path, sessions, ...forms.show, async (req: Request, res: Response) => {
    const challenge = requireChallenge(req.query.login_challenge);
    const pending = pendingFor(req.session.signIn, challenge, Date.now());
    if (pending === undefined) throw stepExpired(challenge);
    await showSecondStep(deps, req, res, 200, challenge, pending);
  });

  router.post(path, sessions, ...forms.post, async (req: Request, res: Response) => {
    const challenge = requireChallenge(rawField(req, "challenge"));
    const pending = pendingFor(req.session.signIn, challenge, Date.now());
    if (formAction(req) === "reject") {
      delete req.session.signIn;
      const redirectTo = await hydra.rejectLoginRequest(challenge, DENIED);
      audit("login.denied", { step: "second_factor", ip: req.ip, client: pending?.facts.clientId });
      res.redirect(303, redirectTo);
      return;
    }
    if (pending === undefined) throw stepExpired(challenge);
    const page = (status: number, message?: Message) =>
      showSecondStep(deps, req, res, status, challenge, pending, message);
    const code = textField(req, "code", MAX_CODE)?.trim() ?? "";
    if (code === "") {
      await page(400, { key: "login.code.missing" });
      return;
    }
    const outcome = await signIn.code({ pending, code, ip: req.ip ?? "unknown" });
    await outcomePage(deps, req, res, {
      challenge,
      facts: pending.facts,
      outcome,
      remember: pending.remember,
      page,
      email: pending.email,
    });
  });

  return router;
}
