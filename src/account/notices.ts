/**
 * Security notices (issue 22): an email to the account's own address when how it signs in changes, with the time
 * (UTC), the IP and a link to the account page. Driven by the audit events the pages already write, so no page
 * has to remember to send one; the language is the account's `locale` claim, else DEFAULT_LANGUAGE.
 */
import { isLanguage, type Language } from "../i18n/catalogs.js";
import type { MessageKey } from "../i18n/index.js";
import type { UserStore } from "../identity/store.js";
import type { Mailer } from "../mail/index.js";
import type { Audit, AuditEvent } from "../observability/audit.js";
import { ROUTES } from "../routes.js";
import type { AttemptLimit, AttemptStore } from "../sign-in/attempts.js";
import { takeQuota } from "../sign-in/quota.js";

const WHAT_CHANGED: Partial<Record<AuditEvent, MessageKey>> = {
  "account.password_changed": "email.notice.passwordChanged",
  "account.password_reset": "email.notice.passwordReset",
  "account.totp_enrolled": "email.notice.secondFactorAdded",
  "account.totp_removed": "email.notice.secondFactorRemoved",
  "account.passkey_added": "email.notice.passkeyAdded",
  "account.passkey_removed": "email.notice.passkeyRemoved",
  "account.provider_linked": "email.notice.providerLinked",
  "account.provider_removed": "email.notice.providerRemoved",
};

/** The account's language for mail that no page asked for. */
export function noticeLanguage(locale: string | undefined, fallback: Language): Language {
  if (locale === undefined) return fallback;
  if (isLanguage(locale)) return locale;
  const base = locale.split(/[-_]/)[0]!.toLowerCase();
  if (base === "pt") return "pt-BR";
  return isLanguage(base) ? base : fallback;
}

/**
 * At most one lockout notice per account an hour, counted in the attempt counters (shared through Redis): a lock
 * per (account, address) is cheap for a stranger, and each would otherwise be an email (finding 10 of the h19 review).
 */
const LOCKOUT_NOTICES_PER_ACCOUNT: AttemptLimit = { max: 1, windowMs: 3_600_000, lockMs: 3_600_000 };

/**
 * A lock of an account after repeated failures: one notice when it locks (not for each attempt refused while
 * locked), and no more than one an hour per account.
 */
export function lockoutNotices(options: {
  users: UserStore;
  mailer: Mailer;
  defaultLanguage: Language;
  attempts: AttemptStore;
}) {
  return {
    accountLocked(email: string, ip: string): void {
      const time = utc(new Date());
      void (async () => {
        const user = await options.users.findByEmail(email);
        if (user === undefined) return;
        if ((await takeQuota(options.attempts, `lockout-notice:${user.id}`, LOCKOUT_NOTICES_PER_ACCOUNT)) > 0) return;
        await options.mailer.send({
          kind: "notice",
          to: user.email,
          lang: noticeLanguage(user.profile.locale, options.defaultLanguage),
          params: {
            what: "email.notice.locked",
            email: user.email,
            time,
            ip,
            link: `${options.mailer.baseUrl}${ROUTES.account.path}`,
          },
        });
      })().catch(() => undefined);
    },
  };
}

/** "2026-12-06 04:12 UTC"-style, the same in every language. */
const utc = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")}`;

/** The audit, plus a notice email for the events above (sent in the background; a failure is the mailer's to log). */
export function withSecurityNotices(
  audit: Audit,
  options: { users: UserStore; mailer: Mailer; defaultLanguage: Language; now?: () => Date },
): Audit {
  const now = options.now ?? (() => new Date());
  return (event, fields = {}) => {
    audit(event, fields);
    const what = WHAT_CHANGED[event];
    const subject = fields.subject;
    if (what === undefined || typeof subject !== "string") return;
    const ip = typeof fields.ip === "string" ? fields.ip : "unknown";
    const time = utc(now());
    void (async () => {
      const user = await options.users.findById(subject);
      if (user === undefined) return;
      const sent = await options.mailer.send({
        kind: "notice",
        to: user.email,
        lang: noticeLanguage(user.profile.locale, options.defaultLanguage),
        params: { what, email: user.email, time, ip, link: `${options.mailer.baseUrl}${ROUTES.account.path}` },
      });
      if (sent) audit("account.notice_sent", { subject, about: event });
    })().catch(() => undefined);
  };
}
