import { Router, type IRouter, type Request, type Response } from "express";
import { AppError } from "../errors.js";
import { checked, formAction, rawField, secretField, textField } from "../http/forms.js";
import type { MessageKey } from "../i18n/index.js";
import type { SignInOutcome } from "../identity/sign-in.js";
import { minutesUntil } from "../policy/brute-force.js";
import { pendingFor, type PendingSignIn } from "../policy/second-step.js";
import { ROUTES } from "../routes.js";
import { DENIED, requireChallenge, type FlowDeps } from "./deps.js";
import { acceptSignIn } from "./login-accept.js";
import { createLoginFactsSeal, factsOfPostedForm, loginFactsOf } from "./login-facts.js";
import { showLoginForm, type FormMiddleware } from "./login.js";
import { passkeyOptions, takePasskeyChallenge } from "./passkey-challenge.js";
import "./session-data.js";

const MAX_CODE = 32;
const MAX_CREDENTIAL = 16_384;

/** No pending sign-in for this challenge in this browser: the later step cannot be reached. */
const stepExpired = (challenge: string) =>
  new AppError({
    status: 400,
    titleKey: "login.step.expired.title",
    detailKey: "login.step.expired.detail",
    message: "second step without a pending sign-in for this challenge",
    retryUrl: `${ROUTES.login.path}?login_challenge=${encodeURIComponent(challenge)}`,
  });

/** The second step (a code from an app, a recovery code, or a passkey), and the passkey sign-in of the login page. */
export function secondFactorRoutes(deps: FlowDeps, forms: FormMiddleware, router: IRouter = Router()): IRouter {
  const { hydra, render, audit, metrics, signIn, accountRef, sessions } = deps;
  const path = ROUTES.loginSecondFactor.path;
  const factsSeal = createLoginFactsSeal(deps.config.sessionSecrets);
  /** Hydra's facts about the request, as the first step kept them; asked again only for a session from before. */
  const factsOf = async (challenge: string, pending: PendingSignIn) =>
    pending.facts ?? loginFactsOf(await hydra.getLoginRequest(challenge));

  async function showStep(
    req: Request,
    res: Response,
    status: number,
    challenge: string,
    pending: PendingSignIn,
    message?: { key: MessageKey; params?: Record<string, string> },
  ) {
    const factors = await signIn.factorsOf(pending.userId);
    const facts = await factsOf(challenge, pending);
    res.locals.uiLocales = facts.uiLocales;
    const passkey = factors.passkeys.length > 0 ? await passkeyOptions(deps, req, res, factors.passkeys) : undefined;
    render(res, status, "login-second-factor", {
      challenge,
      client: facts.clientName,
      hasCode: factors.totp !== undefined || factors.recoveryCodeHashes.length > 0,
      passkey,
      messageKey: message?.key,
      messageParams: message?.params,
    });
  }

  /** A refused step: the same page again with why, and 401 or 429. */
  async function refused(
    req: Request,
    res: Response,
    challenge: string,
    pending: PendingSignIn,
    outcome: Exclude<SignInOutcome, { kind: "accepted" }>,
    step: string,
  ) {
    const who = { ip: req.ip, account: accountRef(pending.email), step };
    if (outcome.kind === "locked") {
      metrics.lockouts.inc({ scope: outcome.when });
      audit("login.locked", { ...who, scope: outcome.scope, when: outcome.when });
      res.setHeader("Retry-After", String(Math.ceil(outcome.retryAfterMs / 1000)));
      await showStep(req, res, 429, challenge, pending, {
        key: "login.locked",
        params: { minutes: String(minutesUntil(outcome.retryAfterMs)) },
      });
      return;
    }
    audit("login.failed", { ...who, failures: outcome.failures });
    await showStep(req, res, 401, challenge, pending, {
      key: step === "passkey" ? "login.passkey.failed" : "login.code.invalid",
    });
  }

  router.get(path, sessions, ...forms.show, async (req: Request, res: Response) => {
    const challenge = requireChallenge(req.query.login_challenge);
    const pending = pendingFor(req.session.signIn, challenge, Date.now());
    if (pending === undefined) throw stepExpired(challenge);
    await showStep(req, res, 200, challenge, pending);
  });

  router.post(path, sessions, ...forms.post, async (req: Request, res: Response) => {
    const challenge = requireChallenge(rawField(req, "challenge"));
    const pending = pendingFor(req.session.signIn, challenge, Date.now());
    if (formAction(req) === "reject") {
      delete req.session.signIn;
      const redirectTo = await hydra.rejectLoginRequest(challenge, DENIED);
      audit("login.denied", { step: "second_factor", ip: req.ip });
      res.redirect(303, redirectTo);
      return;
    }
    if (pending === undefined) throw stepExpired(challenge);
    const code = textField(req, "code", MAX_CODE)?.trim() ?? "";
    if (code === "") {
      await showStep(req, res, 400, challenge, pending, { key: "login.code.missing" });
      return;
    }
    const outcome = await signIn.withCode({ pending, code, ip: req.ip ?? "unknown" });
    if (outcome.kind !== "accepted") {
      await refused(req, res, challenge, pending, outcome, "code");
      return;
    }
    const facts = await factsOf(challenge, pending);
    await acceptSignIn(deps, req, res, { challenge, facts, outcome, remember: pending.remember, step: "code" });
  });

  // A passkey: alone from the login page, or as the second step (then it must be the same person's).
  router.post(ROUTES.loginPasskey.path, sessions, ...forms.post, async (req: Request, res: Response) => {
    const challenge = requireChallenge(rawField(req, "challenge"));
    const expectedChallenge = takePasskeyChallenge(req, res);
    const pending = pendingFor(req.session?.signIn, challenge, Date.now());
    const credential = parseCredential(secretField(req, "credential", MAX_CREDENTIAL));
    // As the second step, the session has the facts (and a refusal shows the step again, never the login form);
    // from the login page, the form carries GET /login's seal.
    const { facts, sealed } =
      pending !== undefined
        ? { facts: await factsOf(challenge, pending), sealed: "" }
        : await factsOfPostedForm(factsSeal, challenge, rawField(req, "facts"), () => hydra.getLoginRequest(challenge));
    const outcome =
      expectedChallenge === undefined || credential === undefined
        ? ({ kind: "failed", failures: 0 } as const)
        : await signIn.withPasskey({ credential, expectedChallenge, pending, ip: req.ip ?? "unknown" });
    if (outcome.kind === "accepted") {
      const remember = pending?.remember ?? checked(req, "remember");
      await acceptSignIn(deps, req, res, { challenge, facts, outcome, remember, step: "passkey" });
      return;
    }
    if (pending !== undefined) {
      await refused(req, res, challenge, pending, outcome, "passkey");
      return;
    }
    if (outcome.kind === "locked") res.setHeader("Retry-After", String(Math.ceil(outcome.retryAfterMs / 1000)));
    audit(outcome.kind === "locked" ? "login.locked" : "login.failed", {
      ip: req.ip,
      step: "passkey",
      client: facts.clientId,
    });
    await showLoginForm(deps, req, res, outcome.kind === "locked" ? 429 : 401, {
      challenge,
      email: "",
      client: facts.clientName,
      facts: sealed,
      messageKey: outcome.kind === "locked" ? "login.locked" : "login.passkey.failed",
      messageParams: outcome.kind === "locked" ? { minutes: String(minutesUntil(outcome.retryAfterMs)) } : undefined,
    });
  });

  return router;
}

function parseCredential(raw: string | undefined): unknown {
  if (raw === undefined || raw === "") return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}
