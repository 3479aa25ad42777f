/**
 * Forgot password (issue 22): /recovery asks for an address and always answers the same page at once; the lookup
 * and the email happen after the answer, so a known and an unknown address take the same time. The link
 * (/recovery/<token>) sets a new password under the account page's policy, ends every remembered login and
 * account-area session, and leads the browser that asked back into its OAuth2 login (another browser gets a
 * "password changed" page). It never signs anyone in.
 */
import type { IRouter, Request, Response } from "express";
import { resetProvesAddress } from "../sign-in/reset-proves-address.js";
import { endSessionsOf, type SessionGenerations } from "../sign-in/session-generations.js";
import { LINK_SENDS, takeSendQuota } from "../sign-in/quota.js";
import { Gone, Locked } from "../errors.js";
import { cookieName, RECOVERY_COOKIE_BASE } from "../http/cookie-names.js";
import { rawField, textField } from "../http/forms.js";
import { readChallenge } from "../http/challenge.js";
import { languageFor } from "../http/render.js";
import type { Language } from "../i18n/catalogs.js";
import { hashPassword } from "../identity/passwords.js";
import {
  afterReset,
  browserFingerprint,
  decodeRecord,
  encodeRecord,
  linkStillValid,
  newBrowserNonce,
  newRecoveryToken,
  passwordFingerprint,
  recoveryKey,
  type RecoveryRecord,
} from "../identity/recovery-tokens.js";
import { normalizeEmail } from "../identity/user.js";
import type { Mailer } from "../mail/index.js";
import { ROUTES } from "../routes.js";
import type { AttemptStore } from "../sign-in/attempts.js";
import type { ProofStore } from "../sign-in/proofs.js";
import type { FlowDeps } from "./deps.js";
import type { FormMiddleware } from "./login.js";
import { postedNewPassword } from "./new-password-form.js";

export interface RecoveryDeps {
  flow: FlowDeps;
  mailer: Mailer;
  /** Where links live until used or expired (the sign-in's one-time values: Redis when shared). */
  tokens: ProofStore;
  /** Send limits, shared through Redis when there is one. */
  limits: AttemptStore;
  generations: SessionGenerations;
}

const MAX_EMAIL = 254;
export function recoveryRoutes(deps: RecoveryDeps, forms: FormMiddleware, router: IRouter): void {
  const { flow, mailer, tokens, limits, generations } = deps;
  const { config, render, users, hydra, audit } = flow;
  const ttlSeconds = config.mail?.recoveryLinkTtlSeconds ?? 900;
  const minutes = String(Math.round(ttlSeconds / 60));
  const cookie = cookieName(RECOVERY_COOKIE_BASE, config.secureCookies);
  const challengeOf = (raw: unknown) => {
    const read = readChallenge(raw);
    return read.ok ? read.challenge : undefined;
  };

  router.get(ROUTES.recovery.path, ...forms.show, (req: Request, res: Response) => {
    render(res, 200, "recovery", { challenge: challengeOf(req.query.login_challenge), minutes });
  });

  router.post(ROUTES.recovery.path, ...forms.post, async (req: Request, res: Response) => {
    const challenge = challengeOf(rawField(req, "challenge"));
    const email = normalizeEmail(textField(req, "email", MAX_EMAIL) ?? "");
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
      render(res, 400, "recovery", { challenge, minutes, email, messageKey: "recovery.missingEmail" });
      return;
    }
    const ip = req.ip ?? "unknown";
    const refused = await takeSendQuota(limits, "recovery", { email, ip }, LINK_SENDS);
    if (refused?.scope === "ip") {
      audit("account.recovery_limited", { ip, scope: "ip" });
      throw new Locked("recovery_ip", refused.lockedForMs);
    }
    const allowed = refused === undefined;
    // The asking browser keeps a random value; the link leads back into the login only where it is found.
    const known = req.cookies?.[cookie] as string | undefined;
    const nonce = typeof known === "string" && /^[A-Za-z0-9_-]{22}$/.test(known) ? known : newBrowserNonce();
    res.cookie(cookie, nonce, {
      httpOnly: true,
      sameSite: "lax",
      secure: config.secureCookies,
      path: "/",
      maxAge: ttlSeconds * 1000,
    });
    const lang = languageFor(res, config.defaultLanguage);
    render(res, 200, "recovery-sent", { challenge, email, minutes });
    // After the answer: whether the address has an account changes nothing the person sees, nor when.
    if (!allowed) {
      audit("account.recovery_limited", { ip, scope: "address", account: flow.accountRef(email) });
      return;
    }
    // Once the answer has left (finish), and after the I/O already waiting (setImmediate): none of the work
    // below is on the answer's way.
    res.once("finish", () => setImmediate(() => void sendLink(email, ip, lang, challenge, nonce)));
  });

  async function sendLink(email: string, ip: string, lang: Language, challenge: string | undefined, nonce: string) {
    await (async () => {
      const user = await users.findByEmail(email);
      if (user === undefined || user.disabled) return;
      const token = newRecoveryToken();
      const record: RecoveryRecord = {
        userId: user.id,
        passwordFingerprint: passwordFingerprint(user.passwordHash),
        email: normalizeEmail(user.email),
        ...(challenge === undefined ? {} : { loginChallenge: challenge }),
        browser: browserFingerprint(nonce),
      };
      await tokens.put(recoveryKey(token)!, encodeRecord(record), ttlSeconds * 1000);
      audit("account.recovery_requested", { subject: user.id, ip });
      await mailer.send({
        kind: "recovery",
        to: user.email,
        lang,
        params: { email: user.email, link: `${mailer.baseUrl}/recovery/${token}`, minutes },
      });
    })().catch((error: unknown) => {
      audit("account.recovery_failed", { ip, error: (error as Error).message });
    });
  }

  /** The record of a link and its account, or a 410 page: unknown, used, expired, or the password changed since. */
  const openLink = async (token: string, use: "look" | "take") => {
    const key = recoveryKey(token);
    if (key === undefined) throw new Gone("recovery_link");
    const record = decodeRecord(use === "take" ? await tokens.take(key) : await tokens.get(key));
    const user = record === undefined ? undefined : await users.findById(record.userId);
    const account = user === undefined ? undefined : await users.findByEmail(user.email);
    if (record === undefined || !linkStillValid(record, account)) throw new Gone("recovery_link");
    return { record, account: account! };
  };
  const tokenOf = (req: Request) => String(req.params.token ?? "");

  router.get(ROUTES.recoveryLink.path, ...forms.show, async (req: Request, res: Response) => {
    const { account } = await openLink(tokenOf(req), "look");
    render(res, 200, "recovery-set", { token: tokenOf(req), email: account.email });
  });

  router.post(ROUTES.recoveryLink.path, ...forms.post, async (req: Request, res: Response) => {
    const token = tokenOf(req);
    const { account } = await openLink(token, "look");
    const chosen = postedNewPassword(req, account.email);
    if (!chosen.ok) {
      render(res, 400, "recovery-set", { token, email: account.email, messageKey: chosen.messageKey });
      return;
    }
    const password = chosen.password;
    // Taken, so used once: of two posts of the same link at once, one finds nothing.
    const { record } = await openLink(token, "take");
    await users.changePassword(account.id, await hashPassword(password));
    // An unproved address is proved now; a squatter's tokens and pending links go with it.
    await resetProvesAddress({ users, hydra, audit }, account, req.ip);
    // Whoever else is signed in as this person (maybe who knew the old password) is out, here and at Hydra.
    await endSessionsOf(account.id, { generations, hydra });
    audit("account.password_reset", { subject: account.id, ip: req.ip });
    const nonce = req.cookies?.[cookie] as string | undefined;
    res.clearCookie(cookie, { path: "/", secure: config.secureCookies, httpOnly: true, sameSite: "lax" });
    if (afterReset(record, typeof nonce === "string" ? nonce : undefined) === "login") {
      const query = new URLSearchParams({ login_challenge: record.loginChallenge!, login_hint: account.email });
      res.redirect(303, `${ROUTES.login.path}?${query.toString()}`);
      return;
    }
    render(res, 200, "recovery-done", {});
  });
}
