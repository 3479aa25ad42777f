/**
 * The pages behind links in emails (issue 22): /verify/<token> proves an address (the account's own, or the new one
 * of a change, which takes effect then), and /invitation/<token> lets an invited person choose the first password.
 * Each token is taken once, whatever the outcome; a link for an address the account no longer has does nothing.
 *
 * Opening a /verify/ link changes nothing: mail scanners and link previews fetch every link, and whoever asked for
 * the link (perhaps for someone else's address) must not have it confirmed by them. The page asks for a click (a
 * POST), in a browser signed in to the account area as the link's own account.
 */
import type { IRouter, Request, Response } from "express";
import { Conflict, Gone } from "../errors.js";
import {
  emailConfirmation,
  emailTokenHash,
  type EmailAddressStore,
  type EmailTokenPurpose,
  type EmailTokenRecord,
} from "../identity/email-tokens.js";
import { hashPassword } from "../identity/passwords.js";
import { normalizeEmail } from "../identity/user.js";
import { ROUTES } from "../routes.js";
import { endSessionsOf, type SessionGenerations } from "../sign-in/session-generations.js";
import type { FlowDeps } from "./deps.js";
import type { FormMiddleware } from "./login.js";
import { postedNewPassword } from "./new-password-form.js";

export interface EmailLinkDeps {
  flow: FlowDeps;
  addresses: EmailAddressStore;
  generations: SessionGenerations;
  /** Who is signed in to the account area in this browser (app.ts gives it); absent without an account area. */
  signedInAccount?: (req: Request, res: Response) => Promise<string | undefined>;
}

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

  /**
   * Whether this browser may confirm the link: signed in to the account area as the link's own account. Without an
   * account area (nowhere to sign in), the click alone confirms.
   */
  async function mayConfirm(req: Request, res: Response, record: EmailTokenRecord): Promise<boolean> {
    if (deps.signedInAccount === undefined) return true;
    return (await deps.signedInAccount(req, res)) === record.userId;
  }

  /** The confirm page: the address and what confirming does, with the button, or the way to sign in first. */
  function showConfirm(res: Response, status: number, token: string, record: EmailTokenRecord, allowed: boolean) {
    render(res, status, "email-confirm", {
      token,
      email: record.email,
      change: record.purpose === "change",
      allowed,
      accountPath: ROUTES.account.path,
    });
  }

  router.get(ROUTES.verifyEmail.path, flow.sessions, ...forms.show, async (req: Request, res: Response) => {
    // A link preview's HEAD (Express answers HEAD with the GET route) learns nothing either.
    if (req.method === "HEAD") {
      res.status(200).end();
      return;
    }
    const { record } = await lookUp(tokenOf(req), ["verify", "change"], "email_link");
    // A link that would do nothing says so now, not after the click.
    const user = await users.findById(record.userId);
    if (user === undefined || user.disabled || emailConfirmation(user, record.email) === "stale") {
      throw new Gone("email_link");
    }
    showConfirm(res, 200, tokenOf(req), record, await mayConfirm(req, res, record));
  });

  router.post(ROUTES.verifyEmail.path, flow.sessions, ...forms.post, async (req: Request, res: Response) => {
    const { hash, record: found } = await lookUp(tokenOf(req), ["verify", "change"], "email_link");
    if (!(await mayConfirm(req, res, found))) {
      // Nothing is used up: once signed in as the account, the same link confirms.
      showConfirm(res, 403, tokenOf(req), found, false);
      return;
    }
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
      // How this person signs in changed: links sent before are void, and every other session ends (this one stays).
      await addresses.deleteEmailTokens(user.id);
      const generation = await endSessionsOf(user.id, { generations, hydra });
      if (req.session?.account?.subject === user.id) req.session.account.generation = generation;
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
    const chosen = postedNewPassword(req, record.email);
    if (!chosen.ok) {
      render(res, 400, "invitation-set", { token, email: record.email, messageKey: chosen.messageKey });
      return;
    }
    const password = chosen.password;
    await take(hash, "invitation_link");
    if (!(await addresses.acceptInvitation(record.userId, record.email, await hashPassword(password)))) {
      throw new Gone("invitation_link");
    }
    audit("account.invitation_accepted", { subject: record.userId, ip: req.ip });
    render(res, 200, "invitation-done", { email: record.email });
  });
}
