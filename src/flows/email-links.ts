/**
 * The pages behind links in emails (issue 22): /verify/<token> proves an address (the account's own, or the new one
 * of a change, which takes effect then), and /invitation/<token> lets an invited person choose the first password.
 * Each token is taken once, whatever the outcome; a link for an address the account no longer has does nothing.
 */
import type { IRouter, Request, Response } from "express";
import { Conflict, Gone } from "../errors.js";
import { secretField } from "../http/forms.js";
import type { MessageKey } from "../i18n/index.js";
import {
  emailTokenHash,
  type EmailAddressStore,
  type EmailTokenPurpose,
  type EmailTokenRecord,
} from "../identity/email-tokens.js";
import { checkNewPassword, MAX_PASSWORD_LENGTH, type PasswordRefusal } from "../identity/password-policy.js";
import { hashPassword } from "../identity/passwords.js";
import { normalizeEmail } from "../identity/user.js";
import { ROUTES } from "../routes.js";
import type { SessionGenerations } from "../sign-in/session-generations.js";
import type { FlowDeps } from "./deps.js";
import type { FormMiddleware } from "./login.js";

export interface EmailLinkDeps {
  flow: FlowDeps;
  addresses: EmailAddressStore;
  generations: SessionGenerations;
}

const REFUSALS: Record<PasswordRefusal, MessageKey> = {
  too_short: "account.password.tooShort",
  too_long: "account.password.tooLong",
  mismatch: "account.password.mismatch",
  common: "account.password.common",
  is_email: "account.password.isEmail",
};

const tokenOf = (req: Request) => String(req.params.token ?? "");

export function emailLinkRoutes(deps: EmailLinkDeps, forms: FormMiddleware, router: IRouter): void {
  const { flow, addresses, generations } = deps;
  const { render, users, hydra, audit } = flow;

  /** The unexpired record of a link of these purposes, not used up; anything else is the link's 410 page. */
  async function lookUp(token: string, purposes: EmailTokenPurpose[], gone: string) {
    const hash = emailTokenHash(token);
    const record = hash === undefined ? undefined : await addresses.findEmailToken(hash);
    if (hash === undefined || record === undefined || !purposes.includes(record.purpose)) throw new Gone(gone);
    return { hash, record };
  }

  /** Uses the link up: of two opened at once, one goes on. */
  async function take(hash: string, gone: string): Promise<EmailTokenRecord> {
    const record = await addresses.takeEmailToken(hash);
    if (record === undefined) throw new Gone(gone);
    return record;
  }

  router.get(ROUTES.verifyEmail.path, ...forms.show, async (req: Request, res: Response) => {
    // A link preview's HEAD (Express answers HEAD with the GET route) must not use the link up.
    if (req.method === "HEAD") {
      res.status(200).end();
      return;
    }
    const { hash } = await lookUp(tokenOf(req), ["verify", "change"], "email_link");
    const record = await take(hash, "email_link");
    const user = await users.findById(record.userId);
    if (user === undefined || user.disabled) throw new Gone("email_link");
    const outcome = await addresses.confirmEmail(record.userId, record.email);
    if (outcome === "stale") throw new Gone("email_link");
    if (outcome === "taken") {
      audit("account.email_change_refused", { subject: user.id, ip: req.ip, reason: "taken_meanwhile" });
      throw new Conflict("email_taken");
    }
    if (outcome === "changed") {
      // How this person signs in changed: links sent before are void, and every other session ends.
      await addresses.deleteEmailTokens(user.id);
      await generations.next(user.id);
      await hydra.revokeLoginSessions(user.id);
      audit("account.email_changed", { subject: user.id, ip: req.ip });
    } else {
      audit("account.email_verified", { subject: user.id, ip: req.ip });
    }
    render(res, 200, "email-verified", { email: record.email });
  });

  /** An invitation still waiting: its record, and the account still without a password, at this address. */
  async function invitation(token: string) {
    const { hash, record } = await lookUp(token, ["invite"], "invitation_link");
    const user = await users.findById(record.userId);
    if (user?.passwordUnset !== true || normalizeEmail(user.email) !== record.email) throw new Gone("invitation_link");
    return { hash, record };
  }

  router.get(ROUTES.invitation.path, ...forms.show, async (req: Request, res: Response) => {
    const { record } = await invitation(tokenOf(req));
    render(res, 200, "invitation-set", { token: tokenOf(req), email: record.email });
  });

  router.post(ROUTES.invitation.path, ...forms.post, async (req: Request, res: Response) => {
    const token = tokenOf(req);
    const { hash, record } = await invitation(token);
    const password = secretField(req, "new_password", MAX_PASSWORD_LENGTH + 1) ?? "";
    const repeat = secretField(req, "new_password_repeat", MAX_PASSWORD_LENGTH + 1) ?? "";
    const verdict = checkNewPassword({ password, repeat, email: record.email });
    if (!verdict.ok) {
      render(res, 400, "invitation-set", { token, email: record.email, messageKey: REFUSALS[verdict.reason] });
      return;
    }
    await take(hash, "invitation_link");
    if (!(await addresses.acceptInvitation(record.userId, record.email, await hashPassword(password)))) {
      throw new Gone("invitation_link");
    }
    audit("account.invitation_accepted", { subject: record.userId, ip: req.ip });
    render(res, 200, "invitation-done", { email: record.email });
  });
}
