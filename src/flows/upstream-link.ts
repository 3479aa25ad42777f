import { Router, type IRouter, type Request, type Response } from "express";
import { BadRequest } from "../errors.js";
import { rawField, secretField, textField } from "../http/forms.js";
import { loginFactsOf } from "../policy/login-request.js";
import { ROUTES } from "../routes.js";
import type { PendingUpstreamIdentity } from "../sign-in/upstream-proofs.js";
import { requireChallenge, type FlowDeps } from "./deps.js";
import type { FormMiddleware } from "./login.js";
import { outcomePage, type Message } from "./sign-in-pages.js";
import { browserValue, loginUrl, providerOf } from "./upstream.js";

const MAX_EMAIL = 254;
const MAX_PASSWORD = 1024;

/** No identity waits for a proof in this browser for this challenge (expired, used, or another browser's). */
const nothingPending = (challenge: string) =>
  new BadRequest("upstream_state", { message: "no pending upstream identity", retryUrl: loginUrl(challenge) });

/**
 * The link page: an upstream identity that is linked to no account yet joins a local one only after that account's
 * password here (and then its second factor, on the usual second-step page). `#email` shows the account (fixed
 * when the upstream's email is a local account's), `#password`, `#accept`.
 */
export function upstreamLinkRoutes(deps: FlowDeps, forms: FormMiddleware, router: IRouter = Router()): IRouter {
  const path = ROUTES.loginLinkProvider.path;
  const show = (
    res: Response,
    status: number,
    challenge: string,
    pending: PendingUpstreamIdentity,
    message?: Message,
  ) => {
    const provider = providerOf(deps, pending.identity.providerId);
    deps.render(res, status, "login-link-provider", {
      challenge,
      provider: provider.name,
      accountEmail: pending.accountEmail,
      email: pending.identity.email ?? "",
      messageKey: message?.key,
      messageParams: message?.params,
    });
    return Promise.resolve();
  };

  router.get(path, ...forms.show, async (req: Request, res: Response) => {
    const challenge = requireChallenge(req.query.login_challenge);
    const pending = await deps.signIn.upstreamProofs.peekPending(browserValue(deps, req), challenge);
    if (pending === undefined) throw nothingPending(challenge);
    await show(res, 200, challenge, pending);
  });

  router.post(path, ...forms.post, async (req: Request, res: Response) => {
    const challenge = requireChallenge(rawField(req, "challenge"));
    const browser = browserValue(deps, req);
    // Taken: two posts at once cannot both link it; a wrong password gives it back (at most five times).
    const pending = await deps.signIn.upstreamProofs.takePending(browser, challenge);
    if (pending === undefined || browser === undefined) throw nothingPending(challenge);
    const provider = providerOf(deps, pending.identity.providerId);
    const facts = loginFactsOf(await deps.hydra.getLoginRequest(challenge));
    res.locals.uiLocales = facts.uiLocales;
    const email = pending.accountEmail ?? textField(req, "email", MAX_EMAIL)?.trim() ?? "";
    const password = secretField(req, "password", MAX_PASSWORD) ?? "";
    const again = async (status: number, message?: Message) => {
      if (!(await deps.signIn.upstreamProofs.returnPending(browser, challenge, pending))) {
        throw nothingPending(challenge);
      }
      await show(res, status, challenge, { ...pending, identity: { ...pending.identity, email } }, message);
    };
    if (email === "" || password === "") {
      await again(400, { key: "login.missingFields" });
      return;
    }
    const outcome = await deps.signIn.proveForUpstream({
      provider,
      pending,
      email,
      password,
      ip: req.ip ?? "unknown",
      request: { challenge, facts, remember: pending.remember },
    });
    await outcomePage(deps, req, res, { challenge, facts, outcome, remember: pending.remember, page: again, email });
  });

  return router;
}
