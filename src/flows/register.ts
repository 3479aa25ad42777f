/**
 * Sign-up (issue 22, REGISTRATION=open): /register makes an account with an unverified address and signs the
 * person into the OAuth2 flow they came from (the login challenge), through the sign-in module like any other
 * sign-in. Opened without a challenge, it ends on a page with a way to sign in. An address that has an account is
 * told so, which tells an attacker it exists: every attempt that gets as far as the lookup and the hash is counted
 * per IP first (shared through Redis), and each is an audit line.
 */
import type { IRouter, Request, Response } from "express";
import { Locked } from "../errors.js";
import { rawField, secretField, textField } from "../http/forms.js";
import { languageFor } from "../http/render.js";
import type { Language } from "../i18n/catalogs.js";
import type { MessageKey } from "../i18n/index.js";
import type { AccountAdmin } from "../identity/account-admin.js";
import { createSignedUpAccount } from "../identity/sign-up.js";
import type { User } from "../identity/user.js";
import type { LoginFacts } from "../policy/login-request.js";
import { checkSignUpForm, MAX_NAME_LENGTH, type SignUpRefusal } from "../policy/sign-up.js";
import { ROUTES } from "../routes.js";
import type { AttemptLimit, AttemptStore } from "../sign-in/attempts.js";
import { takeIpQuota } from "../sign-in/quota.js";
import { requireChallenge, type FlowDeps } from "./deps.js";
import { loginFactsOf } from "../policy/login-request.js";
import { createLoginFactsSeal, factsOfPostedForm } from "./login-facts.js";
import type { FormMiddleware } from "./login.js";
import { outcomePage, type Message } from "./sign-in-pages.js";

export interface RegisterDeps {
  flow: FlowDeps;
  /** Where accounts are added: the users file or PostgreSQL, as for the accounts command. */
  accounts: AccountAdmin;
  /** The attempt counters (Redis when shared), for the per-IP limit. */
  attempts: AttemptStore;
  /** Sends the new address its verification link; nothing is sent without it. */
  sendVerification?: (user: User, lang: Language) => Promise<void>;
}

const MAX_EMAIL = 254;
/** Fields are read whole (the form's body is 32 kB at most), so that the policy can say "too long". */
const MAX_FIELD = 32_768;
const HOUR_MS = 3_600_000;
/** Sign-ups that reach the lookup per client IP (a /64 for IPv6): a household's, not an address hunter's. */
export const SIGN_UPS_PER_IP: AttemptLimit = { max: 10, windowMs: HOUR_MS, lockMs: HOUR_MS };

const REFUSALS: Record<SignUpRefusal, MessageKey> = {
  email_invalid: "register.emailInvalid",
  domain_not_allowed: "register.domainNotAllowed",
  name_too_long: "register.nameTooLong",
  too_short: "account.password.tooShort",
  too_long: "account.password.tooLong",
  mismatch: "account.password.mismatch",
  common: "account.password.common",
  is_email: "account.password.isEmail",
};

interface RegisterView {
  challenge?: string;
  facts?: string;
  client?: string;
  email?: string;
  name?: string;
  message?: Message;
  /** The address has an account: links to sign in and to reset the password. */
  taken?: boolean;
}

export function registerRoutes(deps: RegisterDeps, forms: FormMiddleware, router: IRouter): void {
  const { flow, accounts, attempts, sendVerification } = deps;
  const { config, hydra, audit, render, signIn, accountRef } = flow;
  const factsSeal = createLoginFactsSeal(config.sessionSecrets);
  const domains = config.registration.domains;

  const show = (res: Response, status: number, view: RegisterView) =>
    render(res, status, "register", {
      ...view,
      messageKey: view.message?.key,
      messageParams: view.message?.params,
      recovery: config.mail !== undefined,
    });

  router.get(ROUTES.register.path, ...forms.show, async (req: Request, res: Response) => {
    if (req.query.login_challenge === undefined) {
      show(res, 200, {});
      return;
    }
    const challenge = requireChallenge(req.query.login_challenge);
    const request = await hydra.getLoginRequest(challenge);
    res.locals.uiLocales = request.oidc_context?.ui_locales;
    const facts = loginFactsOf(request);
    show(res, 200, { challenge, facts: factsSeal.seal(challenge, facts), client: facts.clientName });
  });

  router.post(ROUTES.register.path, ...forms.post, async (req: Request, res: Response) => {
    // The flow first: a dead challenge costs no limit, lookup or hash.
    let flowOf: { challenge: string; facts: LoginFacts; sealed: string } | undefined;
    if (rawField(req, "challenge") !== undefined) {
      const challenge = requireChallenge(rawField(req, "challenge"));
      const { facts, sealed } = await factsOfPostedForm(factsSeal, challenge, rawField(req, "facts"), () =>
        hydra.getLoginRequest(challenge),
      );
      res.locals.uiLocales = facts.uiLocales;
      flowOf = { challenge, facts, sealed };
    }
    const form = checkSignUpForm(
      {
        email: textField(req, "email", MAX_EMAIL) ?? "",
        name: textField(req, "name", MAX_FIELD) ?? "",
        password: secretField(req, "password", MAX_FIELD) ?? "",
        repeat: secretField(req, "password_repeat", MAX_FIELD) ?? "",
      },
      domains,
    );
    const ip = req.ip ?? "unknown";
    const view: RegisterView = {
      challenge: flowOf?.challenge,
      facts: flowOf?.sealed,
      client: flowOf?.facts.clientName,
      email: form.email,
      name: textField(req, "name", MAX_NAME_LENGTH),
    };
    if (!form.ok) {
      if (form.reason === "domain_not_allowed") {
        audit("account.sign_up_refused", { ip, reason: "domain", account: accountRef(form.email) });
      }
      const params = form.reason === "domain_not_allowed" ? { domains: domains.join(", ") } : undefined;
      show(res, 400, { ...view, message: { key: REFUSALS[form.reason], params } });
      return;
    }
    // Counted before the lookup and the hash, and never given back: each try may learn whether an address exists.
    const lockedForMs = await takeIpQuota(attempts, "sign-up", ip, SIGN_UPS_PER_IP);
    if (lockedForMs > 0) {
      audit("account.sign_up_limited", { ip, scope: "ip" });
      throw new Locked("sign_up_ip", lockedForMs);
    }
    const made = await createSignedUpAccount({ admin: accounts, users: flow.users }, form);
    if (made.kind === "taken") {
      audit("account.sign_up_taken", { ip, account: accountRef(form.email) });
      show(res, 409, { ...view, taken: true, message: { key: "register.taken" } });
      return;
    }
    const { user } = made;
    audit("account.signed_up", {
      ip,
      subject: user.id,
      account: accountRef(user.email),
      client: flowOf?.facts.clientId,
    });
    if (sendVerification !== undefined) {
      // Not awaited: the mail's own timeout never holds up the sign-in, and a failure only costs the link.
      const lang = languageFor(res, config.defaultLanguage);
      void Promise.resolve()
        .then(() => sendVerification(user, lang))
        .catch((error: unknown) => {
          audit("account.sign_up_mail_failed", { subject: user.id, error: (error as Error).message });
        });
    }
    if (flowOf === undefined) {
      render(res, 200, "register-done", { email: user.email, verificationSent: sendVerification !== undefined });
      return;
    }
    const { challenge, facts } = flowOf;
    const outcome = await signIn.registered({ createdUserId: user.id, request: { challenge, facts, remember: false } });
    await outcomePage(flow, req, res, {
      challenge,
      facts,
      outcome,
      remember: false,
      email: user.email,
      page: async (status, message) => show(res, status, { ...view, message }),
    });
  });
}
