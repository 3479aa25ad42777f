/**
 * `accounts invite <email>`: an account that cannot sign in until its person chooses a password through an emailed
 * link (/invitation/<token>, valid INVITATION_LINK_TTL). The account is disabled, marked `password_unset`, and its
 * hash is of a random password nobody knows, so every password check refuses it at the usual cost. Inviting an
 * address that is still waiting sends a new link; an address with a usable account is refused.
 */
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { Registry } from "prom-client";
import { AccountError, type AccountAdmin } from "../identity/account-admin.js";
import { issueEmailToken, type EmailAddressStore } from "../identity/email-tokens.js";
import { hashPassword } from "../identity/passwords.js";
import type { UserStore } from "../identity/store.js";
import { createMailer } from "../mail/index.js";
import { ROUTES } from "../routes.js";
import type { MailCommandSettings } from "./command-settings.js";

/** The project folder, from src/cli/ (tsx) and from dist/src/cli/ (the build) alike. */
function viewsDirs(themeDir: string | undefined): string[] {
  const src = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const root = path.basename(path.dirname(src)) === "dist" ? path.resolve(src, "../..") : path.resolve(src, "..");
  const ours = path.join(root, "views");
  return themeDir === undefined ? [ours] : [path.join(themeDir, "views"), ours];
}

export interface Invitation {
  id: string;
  /** Whether the SMTP server took the email (a failure is already logged on standard error). */
  sent: boolean;
  /** The account existed already, waiting for its password: only a new link was sent. */
  again: boolean;
}

export async function invite(
  store: UserStore & AccountAdmin & EmailAddressStore,
  mail: MailCommandSettings | undefined,
  input: { email: string; name?: string; id?: string },
): Promise<Invitation> {
  if (mail === undefined) {
    throw new AccountError(
      "an invitation is an email: set SMTP_URL (with BASE_URL, and MAIL_FROM if needed) as for the app",
    );
  }
  const existing = await store.findByEmail(input.email);
  if (existing !== undefined && existing.passwordUnset !== true) {
    throw new AccountError(`an account with the email ${input.email} exists already and has a password`);
  }
  const id = existing?.id ?? input.id ?? randomUUID();
  if (existing === undefined) {
    await store.add({
      id,
      email: input.email,
      email_verified: false,
      disabled: true,
      password_unset: true,
      password_hash: await hashPassword(randomBytes(32).toString("base64url")),
      claims: input.name === undefined ? {} : { name: input.name },
    });
  }
  const ttlSeconds = mail.invitationLinkTtlSeconds;
  const token = await issueEmailToken(store, {
    purpose: "invite",
    userId: id,
    email: input.email,
    expiresAt: Date.now() + ttlSeconds * 1000,
  });
  const mailer = createMailer({
    ...mail,
    viewsDirs: viewsDirs(mail.themeDir),
    logger: pino({ level: "warn" }, pino.destination({ dest: 2, sync: true })),
    registry: new Registry(),
  });
  try {
    const sent = await mailer.send({
      kind: "invite",
      to: input.email,
      lang: mail.defaultLanguage,
      params: {
        email: input.email,
        link: `${mail.baseUrl}${ROUTES.invitation.path.replace(":token", token)}`,
        days: String(Math.round(ttlSeconds / 86_400)),
      },
    });
    return { id, sent, again: existing !== undefined };
  } finally {
    mailer.close();
  }
}
