import { Router, type IRouter, type Request, type RequestHandler, type Response } from "express";
import { checked, formAction, queryField, rawField, secretField, textField } from "../http/forms.js";
import { ROUTES } from "../routes.js";
import { challengeRef, DENIED, requireChallenge, type FlowDeps } from "./deps.js";
import { loginFactsOf } from "../policy/login-request.js";
import { createLoginFactsSeal, factsOfPostedForm } from "./login-facts.js";
import { outcomePage, showLoginForm, viewWith, type LoginView, type Message } from "./sign-in-pages.js";
import { homeRealmOf, providerChosenByClient, startRoundTrip } from "./upstream.js";

const MAX_EMAIL = 254;
const MAX_PASSWORD = 1024;

export interface FormMiddleware {
  show: RequestHandler[];
  post: RequestHandler[];
}

/** The first step: the password form (and a passkey button); a remembered login goes straight on. */
export function loginRoutes(deps: FlowDeps, forms: FormMiddleware, router: IRouter = Router()): IRouter {
  const { config, hydra, audit, signIn } = deps;
  const path = ROUTES.login.path;
  const factsSeal = createLoginFactsSeal(config.sessionSecrets);

  router.get(path, ...forms.show, async (req: Request, res: Response) => {
    const challenge = requireChallenge(req.query.login_challenge);
    const request = await hydra.getLoginRequest(challenge);
    res.locals.uiLocales = request.oidc_context?.ui_locales;
    const facts = loginFactsOf(request);
    const view: LoginView = {
      challenge,
      email: (request.oidc_context?.login_hint ?? queryField(req, "login_hint", MAX_EMAIL) ?? "").slice(0, MAX_EMAIL),
      client: facts.clientName,
      facts: factsSeal.seal(challenge, facts),
    };
    if (request.skip) {
      // Hydra remembers who this is; the account is looked up again, and a step-up may follow.
      const outcome = await signIn.remembered({
        subject: request.subject,
        request: { challenge, facts, remember: true },
      });
      await outcomePage(deps, req, res, {
        challenge,
        facts,
        outcome,
        remember: true,
        page: (status, message) => showLoginForm(deps, res, status, viewWith(view, message)),
      });
      return;
    }
    // A client may choose an identity provider itself (`upstream=<id>`): our page is skipped.
    const chosen = providerChosenByClient(deps, request.request_url);
    if (chosen !== undefined) {
      await startRoundTrip(deps, req, res, {
        provider: chosen,
        purpose: { kind: "login", challenge, remember: false },
        loginHint: view.email,
        uiLocales: facts.uiLocales,
      });
      return;
    }
    await showLoginForm(deps, res, 200, view);
  });

  router.post(path, ...forms.post, async (req: Request, res: Response) => {
    const challenge = requireChallenge(rawField(req, "challenge"));
    if (formAction(req) === "reject") {
      const redirectTo = await hydra.rejectLoginRequest(challenge, DENIED);
      audit("login.denied", { challenge: challengeRef(challenge), ip: req.ip });
      res.redirect(303, redirectTo);
      return;
    }
    // Which client this is comes from Hydra: sealed by GET /login into the form, or asked again when the form
    // carries no seal of ours for this challenge (then a dead challenge costs no password check either).
    const { facts, sealed } = await factsOfPostedForm(factsSeal, challenge, rawField(req, "facts"), () =>
      hydra.getLoginRequest(challenge),
    );
    res.locals.uiLocales = facts.uiLocales;
    const email = textField(req, "email", MAX_EMAIL)?.trim() ?? "";
    const password = secretField(req, "password", MAX_PASSWORD) ?? "";
    const view: LoginView = { challenge, email, client: facts.clientName, facts: sealed };
    const page = (status: number, message?: Message) => showLoginForm(deps, res, status, viewWith(view, message));
    const remember = checked(req, "remember");
    // Home-realm discovery: an address of a provider's domain goes to that provider, not to a password check.
    const realm = email === "" ? undefined : await homeRealmOf(deps, req, { email, challenge });
    if (realm !== undefined) {
      await startRoundTrip(deps, req, res, {
        provider: realm,
        purpose: { kind: "login", challenge, remember },
        loginHint: email,
        uiLocales: facts.uiLocales,
        counted: true,
      });
      return;
    }
    if (email === "" || password === "") {
      await page(400, { key: "login.missingFields" });
      return;
    }
    const outcome = await signIn.password({
      email,
      password,
      ip: req.ip ?? "unknown",
      request: { challenge, facts, remember },
    });
    await outcomePage(deps, req, res, { challenge, facts, outcome, remember, page, email });
  });

  return router;
}
