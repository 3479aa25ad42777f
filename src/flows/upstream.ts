import { createHash, randomBytes } from "node:crypto";
import { Router, type IRouter, type Request, type RequestHandler, type Response } from "express";
import type { UpstreamProvider } from "../config/upstream-providers.js";
import { AppError, BadRequest, Forbidden, Locked, NotFound, Unavailable } from "../errors.js";
import { cookieName, UPSTREAM_COOKIE_BASE } from "../http/cookie-names.js";
import { checked, queryField, rawField, textField } from "../http/forms.js";
import { loginFactsOf, type LoginFacts } from "../policy/login-request.js";
import { ROUTES } from "../routes.js";
import type { UpstreamPurpose } from "../sign-in/upstream-proofs.js";
import { challengeRef, requireChallenge, type FlowDeps } from "./deps.js";
import { createLoginFactsSeal, factsOfPostedForm } from "./login-facts.js";
import { outcomePage, showLoginForm } from "./sign-in-pages.js";

const MAX_EMAIL = 254;
const MAX_STATE = 512;
const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;
const BROWSER_COOKIE_MAX_AGE_MS = 30 * 60 * 1000;

export const loginUrl = (challenge: string) => `${ROUTES.login.path}?login_challenge=${encodeURIComponent(challenge)}`;

/** The configured provider with this id, or a 404. */
export function providerOf(deps: FlowDeps, id: unknown): UpstreamProvider {
  const provider = deps.upstream?.providers.find((candidate) => candidate.id === id);
  if (provider === undefined) throw new NotFound("upstream_provider", { message: "no such identity provider" });
  return provider;
}

/** This browser's random value, made when it has none: round trips and pending identities are bound to it. */
export function browserValue(deps: FlowDeps, req: Request): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[
    cookieName(UPSTREAM_COOKIE_BASE, deps.config.secureCookies)
  ];
  return typeof value === "string" && COOKIE_VALUE.test(value) ? value : undefined;
}

function ensureBrowserValue(deps: FlowDeps, req: Request, res: Response): string {
  const value = browserValue(deps, req) ?? randomBytes(32).toString("base64url");
  res.cookie(cookieName(UPSTREAM_COOKIE_BASE, deps.config.secureCookies), value, {
    httpOnly: true,
    // Lax: the provider sends the browser back with a top-level GET, which carries it.
    sameSite: "lax",
    secure: deps.config.secureCookies,
    path: "/",
    maxAge: BROWSER_COOKIE_MAX_AGE_MS,
  });
  return value;
}

/** An error of ours with a way back (to the sign-in, or the account page) when it has none yet. */
function withWayBack(error: unknown, retryUrl: string): unknown {
  if (!(error instanceof AppError) || error.retryUrl !== undefined) return error;
  const options = { message: error.message, cause: error, retryUrl };
  if (error instanceof Unavailable) return new Unavailable(error.reason, options);
  if (error instanceof BadRequest) return new BadRequest(error.reason, options);
  if (error instanceof Forbidden) return new Forbidden(error.reason, options);
  return error;
}

/** One use of this IP's quota of round trips (and home-realm lookups), or a 429 page with a way back. */
async function takeUpstreamStart(deps: FlowDeps, req: Request, wayBack: string): Promise<void> {
  const lockedForMs = await deps.signIn.upstreamStart(req.ip ?? "unknown");
  if (lockedForMs === 0) return;
  deps.audit("login.upstream_limited", { ip: req.ip });
  throw new Locked("upstream_starts", lockedForMs, { retryUrl: wayBack });
}

/**
 * Sends the browser to the provider, after keeping the round trip's secrets server-side: each start takes one use of
 * the IP's quota first (`counted` when home-realm discovery took it already), so strangers cannot fill the store.
 */
export async function startRoundTrip(
  deps: FlowDeps,
  req: Request,
  res: Response,
  input: {
    provider: UpstreamProvider;
    purpose: UpstreamPurpose;
    loginHint?: string;
    uiLocales?: readonly string[];
    counted?: boolean;
  },
): Promise<void> {
  const { provider, purpose } = input;
  const wayBack = purpose.kind === "login" ? loginUrl(purpose.challenge) : ROUTES.account.path;
  if (input.counted !== true) await takeUpstreamStart(deps, req, wayBack);
  const browser = ensureBrowserValue(deps, req, res);
  let started;
  try {
    started = await deps.upstream!.client.start(provider, {
      loginHint: input.loginHint,
      uiLocales: input.uiLocales?.join(" "),
    });
  } catch (error) {
    throw withWayBack(error, wayBack);
  }
  await deps.signIn.upstreamProofs.saveFlow({
    providerId: provider.id,
    purpose,
    roundTrip: started.roundTrip,
    browser: deps.signIn.upstreamProofs.browserHash(browser),
  });
  deps.audit("login.upstream_started", {
    ip: req.ip,
    provider: provider.id,
    purpose: purpose.kind,
    ...(purpose.kind === "login" ? { challenge: challengeRef(purpose.challenge) } : {}),
  });
  res.redirect(303, started.url);
}

/** The round trip this callback belongs to, used up; a 400 when it is unknown, used, expired or another browser's. */
async function takeRoundTrip(deps: FlowDeps, req: Request, provider: UpstreamProvider) {
  const state = queryField(req, "state", MAX_STATE);
  const flow =
    state === undefined || state === ""
      ? undefined
      : await deps.signIn.upstreamProofs.takeFlow(state, provider.id, browserValue(deps, req));
  if (flow === undefined) {
    deps.audit("login.upstream_refused", { ip: req.ip, provider: provider.id, reason: "state" });
    throw new BadRequest("upstream_state", { message: "upstream callback without a round trip of this browser" });
  }
  // The provider said no (access_denied, a cancellation, its own error): our page, with a way back.
  const error = queryField(req, "error", 256);
  if (error !== undefined) {
    deps.audit("login.upstream_refused", { ip: req.ip, provider: provider.id, reason: error.slice(0, 64) });
    const wayBack = flow.purpose.kind === "login" ? loginUrl(flow.purpose.challenge) : ROUTES.account.path;
    throw new BadRequest("upstream_cancelled", { message: `the provider answered ${error}`, retryUrl: wayBack });
  }
  return { flow, stateRef: createHash("sha256").update(state!).digest("base64url").slice(0, 22) };
}

/**
 * The callback's URL for openid-client (it reads code, state and iss from it, and sends it without its query as the
 * redirect_uri): rebuilt from the registered redirect URI, never from the request's host or a proxy's path.
 */
function callbackUrl(provider: UpstreamProvider, req: Request): URL {
  const query = req.originalUrl.includes("?") ? req.originalUrl.slice(req.originalUrl.indexOf("?")) : "";
  return new URL(provider.redirectUri + query);
}

/** Buttons on the login page, and the callback of a sign-in round trip. */
export function upstreamRoutes(
  deps: FlowDeps,
  forms: { show: RequestHandler[]; post: RequestHandler[] },
  router: IRouter = Router(),
): IRouter {
  const factsSeal = createLoginFactsSeal(deps.config.sessionSecrets);

  // The login form's provider buttons post here (formaction): its challenge, "remember me", the typed email as hint.
  router.post(ROUTES.loginProvider.path, ...forms.post, async (req: Request, res: Response) => {
    const provider = providerOf(deps, req.params.id);
    const challenge = requireChallenge(rawField(req, "challenge"));
    const { facts } = await factsOfPostedForm(factsSeal, challenge, rawField(req, "facts"), () =>
      deps.hydra.getLoginRequest(challenge),
    );
    await startRoundTrip(deps, req, res, {
      provider,
      purpose: { kind: "login", challenge, remember: checked(req, "remember") },
      loginHint: textField(req, "email", MAX_EMAIL)?.trim(),
      uiLocales: facts.uiLocales,
    });
  });

  // With the form layer: a refusal shows the login form again, which needs its CSRF token.
  router.get(ROUTES.loginProviderCallback.path, ...forms.show, async (req: Request, res: Response) => {
    const provider = providerOf(deps, req.params.id);
    const { flow, stateRef } = await takeRoundTrip(deps, req, provider);
    if (flow.purpose.kind === "account") {
      // A link from the account area: the identity is checked here, the account page (its session) makes the link.
      const { userId } = flow.purpose;
      let identity;
      try {
        identity = await deps.upstream!.client.finish(provider, callbackUrl(provider, req), flow.roundTrip);
      } catch (error) {
        throw withWayBack(error, ROUTES.account.path);
      }
      await deps.signIn.upstreamProofs.saveAccountLink(browserValue(deps, req)!, {
        userId,
        providerId: provider.id,
        subject: identity.sub,
      });
      res.redirect(303, ROUTES.accountProviderLinked.path);
      return;
    }
    const { challenge, remember } = flow.purpose;
    const wayBack = loginUrl(challenge);
    let facts: LoginFacts;
    try {
      facts = loginFactsOf(await deps.hydra.getLoginRequest(challenge));
      res.locals.uiLocales = facts.uiLocales;
      const result = await deps.signIn.upstream({
        provider,
        verify: () => deps.upstream!.client.finish(provider, callbackUrl(provider, req), flow.roundTrip),
        flowRef: stateRef,
        request: { challenge, facts, remember },
        ip: req.ip ?? "unknown",
      });
      if (result.kind === "stranger") {
        deps.audit("login.upstream_refused", { ip: req.ip, provider: provider.id, reason: result.reason });
        throw new Forbidden(`upstream_${result.reason}`, { message: `upstream sign-in refused: ${result.reason}` });
      }
      if (result.kind === "prove_account") {
        // The identity waits server-side, bound to this browser and challenge, for the local account's proof.
        await deps.signIn.upstreamProofs.savePending(browserValue(deps, req)!, challenge, {
          identity: result.identity,
          accountEmail: result.accountEmail,
          remember,
        });
        deps.audit("login.upstream_proof_asked", { ip: req.ip, provider: provider.id, client: facts.clientId });
        res.redirect(303, `${ROUTES.loginLinkProvider.path}?login_challenge=${encodeURIComponent(challenge)}`);
        return;
      }
      await outcomePage(deps, req, res, {
        challenge,
        facts,
        outcome: result,
        remember,
        page: (status, message) =>
          showLoginForm(deps, res, status, {
            challenge,
            email: "",
            client: facts.clientName,
            facts: "",
            messageKey: message?.key,
            messageParams: message?.params,
          }),
      });
    } catch (error) {
      throw withWayBack(error, wayBack);
    }
  });

  return router;
}

/** The provider a client chose itself with `upstream=<id>` in its authorization request, if it names one of ours. */
export function providerChosenByClient(deps: FlowDeps, requestUrl: string | undefined): UpstreamProvider | undefined {
  if (deps.upstream === undefined || requestUrl === undefined) return undefined;
  let chosen: string | null;
  try {
    chosen = new URL(requestUrl, "http://request.invalid").searchParams.get("upstream");
  } catch {
    return undefined;
  }
  return deps.upstream.providers.find((provider) => provider.id === chosen);
}

/**
 * Home-realm discovery: the provider whose `domains` has the typed address's domain, unless the address is a local
 * account's with a password someone knows (an account a provider made has a random one: it goes to the provider).
 * The answer tells whether such an address has an account here, as sign-up's form does: so it is counted before the
 * lookup (one use of the IP's round-trip quota, which the round trip that follows does not take again) and audited.
 */
export async function homeRealmOf(
  deps: FlowDeps,
  req: Request,
  input: { email: string; challenge: string },
): Promise<UpstreamProvider | undefined> {
  const { email } = input;
  if (deps.upstream === undefined || !email.includes("@")) return undefined;
  const domain = email.slice(email.lastIndexOf("@") + 1).toLowerCase();
  const provider = deps.upstream.providers.find((candidate) => candidate.domains.includes(domain));
  if (provider === undefined) return undefined;
  await takeUpstreamStart(deps, req, loginUrl(input.challenge));
  const local = await deps.users.findByEmail(email.trim().toLowerCase());
  const toProvider = local === undefined || local.passwordUnset === true;
  deps.audit("login.home_realm", {
    ip: req.ip,
    provider: provider.id,
    account: deps.accountRef(email.trim().toLowerCase()),
    outcome: toProvider ? "provider" : "password",
  });
  return toProvider ? provider : undefined;
}
