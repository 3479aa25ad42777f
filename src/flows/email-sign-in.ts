/**
 * Sign in by email (EMAIL_SIGN_IN, issue 22): the login form's "Email me a sign-in code" posts here with the typed
 * address; one email goes out with a 6-digit code and a link, and the page asks for the code. The code (typed in
 * this browser) or the link (opened in this browser) completes the same OAuth2 login; the method and its limits
 * are src/sign-in/methods/email-code.ts, and these routes only turn its outcomes into pages.
 */
import type { IRouter, Request, Response } from "express";
import { Gone, Locked } from "../errors.js";
import { cookieName, EMAIL_SIGN_IN_COOKIE_BASE } from "../http/cookie-names.js";
import { checked, rawField, textField } from "../http/forms.js";
import { languageFor } from "../http/render.js";
import { normalizeEmail } from "../identity/user.js";
import type { Mailer } from "../mail/index.js";
import { ROUTES } from "../routes.js";
import { EMAIL_CODE_TTL_MS, isEmailBrowserNonce, newEmailBrowserNonce } from "../sign-in/email-codes.js";
import { requireChallenge, type FlowDeps } from "./deps.js";
import { createLoginFactsSeal, factsOfPostedForm } from "./login-facts.js";
import type { FormMiddleware } from "./login.js";
import { outcomePage, showLoginForm, type Message } from "./sign-in-pages.js";

const MAX_EMAIL = 254;
const MAX_CODE = 32;
const MINUTES = String(EMAIL_CODE_TTL_MS / 60_000);

export function emailSignInRoutes(deps: { flow: FlowDeps; mailer: Mailer }, forms: FormMiddleware, router: IRouter) {
  const { flow, mailer } = deps;
  const { config, hydra, render, audit, signIn, accountRef } = flow;
  const factsSeal = createLoginFactsSeal(config.sessionSecrets);
  const cookie = cookieName(EMAIL_SIGN_IN_COOKIE_BASE, config.secureCookies);
  const nonceOf = (req: Request): string | undefined => {
    const value: unknown = req.cookies?.[cookie];
    return isEmailBrowserNonce(value) ? value : undefined;
  };
  const codePage = (res: Response, status: number, view: { challenge: string; email: string }, message?: Message) =>
    render(res, status, "login-email-code", {
      ...view,
      minutes: MINUTES,
      messageKey: message?.key,
      messageParams: message?.params,
    });

  router.post(ROUTES.loginEmail.path, ...forms.post, async (req: Request, res: Response) => {
    const challenge = requireChallenge(rawField(req, "challenge"));
    const { facts, sealed } = await factsOfPostedForm(factsSeal, challenge, rawField(req, "facts"), () =>
      hydra.getLoginRequest(challenge),
    );
    res.locals.uiLocales = facts.uiLocales;
    const email = normalizeEmail(textField(req, "email", MAX_EMAIL) ?? "");
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
      await showLoginForm(flow, res, 400, {
        challenge,
        email,
        client: facts.clientName,
        facts: sealed,
        messageKey: "login.emailCode.missingEmail",
      });
      return;
    }
    const ip = req.ip ?? "unknown";
    // The asking browser keeps a random value: the code and the link work only where it is found.
    const nonce = nonceOf(req) ?? newEmailBrowserNonce();
    const asked = await signIn.emailCode.request({
      email,
      ip,
      nonce,
      request: { challenge, facts, remember: checked(req, "remember") },
    });
    if (asked.kind === "ip_limited") {
      audit("login.email_code_limited", { ip, scope: "ip" });
      throw new Locked("email_sign_in_ip", asked.retryAfterMs);
    }
    res.cookie(cookie, nonce, {
      httpOnly: true,
      sameSite: "lax",
      secure: config.secureCookies,
      path: "/",
      maxAge: EMAIL_CODE_TTL_MS,
    });
    const lang = languageFor(res, config.defaultLanguage);
    codePage(res, 200, { challenge, email });
    if (asked.kind === "address_limited") {
      audit("login.email_code_limited", { ip, scope: "address", account: accountRef(email) });
      return;
    }
    // After the answer has left: whether the address has an account changes nothing the person sees, nor when.
    res.once("finish", () =>
      setImmediate(() => {
        void (async () => {
          const found = await asked.deliver();
          if (found === undefined) return;
          const { user, code, token } = found;
          audit("login.email_code_sent", { subject: user.id, ip, client: facts.clientId });
          await mailer.send({
            kind: "sign-in-code",
            to: user.email,
            lang,
            params: { email: user.email, code, link: `${mailer.baseUrl}/login/email/${token}`, minutes: MINUTES },
          });
        })().catch((error: unknown) => audit("login.email_code_failed", { ip, error: (error as Error).message }));
      }),
    );
  });

  router.post(ROUTES.loginEmailCode.path, ...forms.post, async (req: Request, res: Response) => {
    const challenge = requireChallenge(rawField(req, "challenge"));
    const code = textField(req, "code", MAX_CODE)?.trim() ?? "";
    const email = textField(req, "email", MAX_EMAIL)?.trim() ?? "";
    if (code === "") {
      codePage(res, 400, { challenge, email }, { key: "login.emailCode.missing" });
      return;
    }
    const checkedCode = await signIn.emailCode.check({ challenge, nonce: nonceOf(req), code, ip: req.ip ?? "unknown" });
    if (checkedCode.kind === "no_code") {
      // No code was asked for in this sign-in and this browser, or it was used, voided or expired.
      audit("login.failed", { ip: req.ip, step: "email-code", failures: 0, restart: false });
      codePage(res, 401, { challenge, email }, { key: "login.emailCode.invalid" });
      return;
    }
    const { outcome, facts } = checkedCode;
    res.locals.uiLocales = facts.uiLocales;
    if (outcome.kind === "failed" && outcome.restart) {
      audit("login.failed", { ip: req.ip, step: "email-code", failures: 0, restart: true });
      await showLoginForm(flow, res, 401, {
        challenge,
        email: checkedCode.email,
        client: facts.clientName,
        facts: "",
        messageKey: "login.emailCode.tooMany",
      });
      return;
    }
    await outcomePage(flow, req, res, {
      challenge,
      facts,
      outcome,
      remember: checkedCode.remember,
      page: async (status, message) => codePage(res, status, { challenge, email: checkedCode.email }, message),
      email: checkedCode.email,
    });
  });

  router.get(ROUTES.loginEmailLink.path, ...forms.show, async (req: Request, res: Response) => {
    const opened = await signIn.emailCode.link({ token: String(req.params.token ?? ""), nonce: nonceOf(req) });
    if (opened.kind === "gone") throw new Gone("email_sign_in_link");
    if (opened.kind === "elsewhere") {
      // A mail scanner or another device: nothing is used up, and the code still works where it was asked for.
      render(res, 200, "login-email-elsewhere", {});
      return;
    }
    const { challenge, facts, outcome } = opened;
    res.locals.uiLocales = facts.uiLocales;
    await outcomePage(flow, req, res, {
      challenge,
      facts,
      outcome,
      remember: opened.remember,
      page: async (status, message) => codePage(res, status, { challenge, email: opened.email }, message),
      email: opened.email,
    });
  });
}
