/**
 * Email, as infrastructure: a message of a kind, in a language, to an address, sent over SMTP (nodemailer) from
 * templates in views/email/. Sending never throws and never waits longer than SMTP_TIMEOUT_MS: a failure is logged
 * and counted (`emails_sent_total{kind,outcome}`), and the page the person sees is the same either way.
 */
import type { Logger } from "pino";
import { Counter, type Registry } from "prom-client";
import type { Language } from "../i18n/catalogs.js";
import type { MessageKey } from "../i18n/index.js";
import { emailTemplates } from "./templates.js";
import { smtpTransport, type SmtpSettings, type Transport } from "./transport.js";

export type EmailKind = "recovery" | "notice" | "sign-in-code" | "verify" | "invite";

export interface Email {
  kind: EmailKind;
  to: string;
  lang: Language;
  /** Words put into the message (link, email, time, ip, what changed…). */
  params: Record<string, string>;
}

export interface Mailer {
  /** True when the server took the message; false after a failure or the timeout (already logged and counted). */
  send(email: Email): Promise<boolean>;
  /** Where links in emails start (BASE_URL). */
  baseUrl: string;
  close(): void;
}

const SUBJECTS: Record<EmailKind, MessageKey> = {
  recovery: "email.recovery.subject",
  notice: "email.notice.subject",
  "sign-in-code": "email.signInCode.subject",
  verify: "email.verify.subject",
  invite: "email.invite.subject",
};

export interface MailerOptions extends SmtpSettings {
  from: string;
  baseUrl: string;
  viewsDirs: string[];
  brandName: string | undefined;
  logger: Logger;
  registry: Registry;
  /** Tests replace the SMTP transport. */
  transport?: Transport;
}

export function createMailer(options: MailerOptions): Mailer {
  const render = emailTemplates(options.viewsDirs, options.brandName);
  const smtp = options.transport === undefined ? smtpTransport(options) : undefined;
  const transport = options.transport ?? smtp!;
  const sent = new Counter({
    name: "emails_sent_total",
    help: "Emails handed to the SMTP server (sent) or not (failed, timeout), by kind",
    labelNames: ["kind", "outcome"] as const,
    registers: [options.registry],
  });
  return {
    baseUrl: options.baseUrl,
    close: () => smtp?.close(),
    async send(email) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), options.timeoutMs);
      });
      try {
        const message = render(email.kind, SUBJECTS[email.kind], email.lang, email.params);
        const result = await Promise.race([
          transport({ from: options.from, to: email.to, ...message }).then(() => "sent" as const),
          timedOut,
        ]);
        sent.inc({ kind: email.kind, outcome: result });
        if (result === "timeout")
          options.logger.warn({ kind: email.kind }, "email: the SMTP server did not answer in time");
        return result === "sent";
      } catch (error) {
        sent.inc({ kind: email.kind, outcome: "failed" });
        options.logger.warn({ kind: email.kind, err: (error as Error).message }, "email: sending failed");
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
