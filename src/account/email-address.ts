/**
 * The account page's address (issue 22): whether it is verified, a button that emails a verification link, and a
 * change of address that takes effect only when a link sent to the new address is opened (flows/email-links.ts).
 * Both sends are limited per address and per IP, reserved before sending and shared through Redis when there is one.
 */
import { Router, type Request, type RequestHandler, type Response } from "express";
import { Locked } from "../errors.js";
import type { FlowDeps } from "../flows/deps.js";
import { secretField, textField } from "../http/forms.js";
import { languageFor } from "../http/render.js";
import type { Language } from "../i18n/catalogs.js";
import type { MessageKey } from "../i18n/index.js";
import type { EmailAddressStore } from "../identity/email-tokens.js";
import { MAX_PASSWORD_LENGTH } from "../identity/password-policy.js";
import { normalizeEmail, type User } from "../identity/user.js";
import type { Mailer } from "../mail/index.js";
import { minutesUntil } from "../policy/brute-force.js";
import { ROUTES } from "../routes.js";
import type { AttemptStore } from "../sign-in/attempts.js";
import { flash } from "./account-session.js";
import { addressLinkSender } from "./address-links.js";
import { noticeLanguage } from "./notices.js";
import type { SensitivePath } from "./reauth.js";
import { LINK_SENDS, takeSendQuota } from "../sign-in/quota.js";

const MAX_EMAIL = 254;
const looksLikeEmail = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);

export interface EmailAddressDeps {
  flow: FlowDeps;
  mailer: Mailer;
  addresses: EmailAddressStore;
  limits: AttemptStore;
  post: RequestHandler[];
  requirePerson: (req: Request, res: Response) => Promise<User>;
  recentSignIn: (req: Request, res: Response, user: User, path: SensitivePath) => Promise<boolean>;
}

/** What the account page shows of the address; `linksOn` false (no SMTP) hides the button and the change form. */
export function emailView(user: User, linksOn: boolean, changeable: boolean) {
  return {
    address: user.email,
    verified: user.emailVerified,
    pending: user.pendingEmail,
    canSendVerification: linksOn && !user.emailVerified,
    canChange: linksOn && changeable,
  };
}

export function emailAddressRoutes(deps: EmailAddressDeps): Router {
  const { flow, mailer, addresses, limits, post, requirePerson, recentSignIn } = deps;
  const { config, users, audit, signIn, sessions } = flow;
  const router = Router();
  const lang = (res: Response) => languageFor(res, config.defaultLanguage);
  const back = (req: Request, res: Response, key: MessageKey, params?: Record<string, string>) => {
    flash(req, "email", key, params);
    res.redirect(303, `${ROUTES.account.path}#email`);
  };

  /** Reserves one send to `email`; false when the address's limit is used up (a message is flashed then). */
  async function mayEmail(req: Request, res: Response, user: User, email: string): Promise<boolean> {
    const ip = req.ip ?? "unknown";
    const refused = await takeSendQuota(limits, "address-link", { email, ip }, LINK_SENDS);
    if (refused === undefined) return true;
    audit("account.address_link_limited", { subject: user.id, ip, scope: refused.scope });
    if (refused.scope === "ip") throw new Locked("address_link_ip", refused.lockedForMs);
    back(req, res, "account.email.tooMany");
    return false;
  }

  const sendLink = addressLinkSender({ mailer, addresses, audit });

  router.post(ROUTES.accountEmailVerify.path, sessions, ...post, async (req: Request, res: Response) => {
    const user = await requirePerson(req, res);
    if (user.emailVerified) return back(req, res, "account.email.alreadyVerified");
    if (!(await mayEmail(req, res, user, normalizeEmail(user.email)))) return;
    await sendLink(user, "verify", normalizeEmail(user.email), lang(res), req.ip ?? "unknown");
    back(req, res, "account.email.verificationSent", { email: user.email });
  });

  router.post(ROUTES.accountEmail.path, sessions, ...post, async (req: Request, res: Response) => {
    const user = await requirePerson(req, res);
    // A directory owns its addresses as it owns its passwords.
    if (users.passwordsChangeable === false) return back(req, res, "account.email.invalid");
    if (!(await recentSignIn(req, res, user, ROUTES.accountEmail.path))) return;
    const wanted = normalizeEmail(textField(req, "new_email", MAX_EMAIL) ?? "");
    if (!looksLikeEmail(wanted)) return back(req, res, "account.email.invalid");
    if (wanted === normalizeEmail(user.email)) return back(req, res, "account.email.same");
    const current = secretField(req, "current_password", MAX_PASSWORD_LENGTH) ?? "";
    const checked = await signIn.withPassword({ email: user.email, password: current, ip: req.ip ?? "unknown" });
    if (checked.kind === "locked") {
      audit("account.email_change_refused", { subject: user.id, ip: req.ip, reason: "locked" });
      return back(req, res, "login.locked", { minutes: String(minutesUntil(checked.retryAfterMs)) });
    }
    if (checked.kind === "failed" || checked.user.id !== user.id) {
      audit("account.email_change_refused", { subject: user.id, ip: req.ip, reason: "wrong_current" });
      return back(req, res, "account.password.wrongCurrent");
    }
    if (!(await mayEmail(req, res, user, wanted))) return;
    await addresses.setPendingEmail(user.id, wanted);
    audit("account.email_change_requested", { subject: user.id, ip: req.ip });
    const language = lang(res);
    const ip = req.ip ?? "unknown";
    back(req, res, "account.email.changeSent", { email: wanted });
    // After the answer, so that its time says nothing about the address either.
    res.once("finish", () => setImmediate(() => void afterChangeAsked(user, wanted, language, ip)));
  });

  /**
   * An address of another account gets nothing (not even a notice), and the page said the same as for a free one:
   * the form is no way to learn which addresses have accounts. The change could never take effect anyway.
   */
  async function afterChangeAsked(user: User, wanted: string, language: Language, ip: string) {
    try {
      const taken = (await users.findByEmail(wanted)) !== undefined;
      if (taken) audit("account.email_change_refused", { subject: user.id, ip, reason: "taken" });
      else await sendLink(user, "change", wanted, language, ip);
      await noticeToOldAddress(user, wanted, ip);
    } catch (error) {
      audit("account.email_change_refused", {
        subject: user.id,
        ip,
        reason: "failed",
        error: (error as Error).message,
      });
    }
  }

  /** The current address is told, with the new one, the time and the IP (as the other security notices). */
  async function noticeToOldAddress(user: User, wanted: string, ip: string) {
    await mailer.send({
      kind: "notice",
      to: user.email,
      lang: noticeLanguage(user.profile.locale, config.defaultLanguage),
      params: {
        what: "email.notice.emailChangeRequested",
        email: user.email,
        newEmail: wanted,
        time: new Date().toISOString().slice(0, 16).replace("T", " "),
        ip,
        link: `${mailer.baseUrl}${ROUTES.account.path}`,
      },
    });
  }

  return router;
}
