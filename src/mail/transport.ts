import nodemailer from "nodemailer";

export interface SmtpSettings {
  /** smtp:// (STARTTLS when offered) or smtps:// (TLS from the start); may carry user and password. */
  smtpUrl: string;
  user: string | undefined;
  password: string | undefined;
  timeoutMs: number;
}

export interface OutgoingMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends one message; rejects when the server refuses it or does not answer within the timeout. */
export type Transport = (message: OutgoingMessage) => Promise<void>;

/** A pooled nodemailer SMTP transport; user and password from the settings win over those in the URL. */
export function smtpTransport(settings: SmtpSettings): Transport & { close(): void } {
  const url = new URL(settings.smtpUrl);
  const user = settings.user ?? (url.username === "" ? undefined : decodeURIComponent(url.username));
  const pass = settings.password ?? (url.password === "" ? undefined : decodeURIComponent(url.password));
  const transporter = nodemailer.createTransport({
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port === "" ? (url.protocol === "smtps:" ? 465 : 587) : Number(url.port),
    secure: url.protocol === "smtps:",
    auth: user === undefined ? undefined : { user, pass },
    pool: true,
    maxConnections: 3,
    // Each step of the conversation gives up after the timeout, so a dead server never holds a connection.
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
  });
  const send = async (message: OutgoingMessage) => {
    await transporter.sendMail(message);
  };
  return Object.assign(send, { close: () => transporter.close() });
}
