import { createHmac } from "node:crypto";
import { normalizeEmail } from "../identity/user.js";
import type { Logger } from "pino";
import type { Metrics } from "./metrics.js";

/** Audit events: what happened to whom. Never a password, session id, CSRF token or whole challenge. */
export type AuditEvent =
  | "login.accepted"
  | "login.skipped"
  | "login.failed"
  | "login.locked"
  | "login.denied"
  | "consent.granted"
  | "consent.skipped"
  | "consent.denied"
  | "logout.accepted"
  | "logout.rejected"
  | "device.accepted"
  | "device.failed"
  | "account.signed_in"
  | "account.app_removed"
  | "account.password_changed"
  | "account.password_refused"
  | "account.signed_out"
  | "account.signed_out_everywhere";

export type Audit = (event: AuditEvent, fields?: Record<string, unknown>) => void;

/** Writes each event as a structured log line and counts it in the flow-outcome metric. */
export function createAudit(logger: Logger, metrics: Metrics): Audit {
  return (event, fields = {}) => {
    const [flow = "unknown", outcome = "unknown"] = event.split(".");
    metrics.flowOutcomes.inc({ flow, outcome });
    logger.info({ audit: event, ...fields }, event);
  };
}

/**
 * How an account appears in the audit log: its normalised email, or a keyed hash of it when emails must not be
 * logged (AUDIT_HASH_EMAILS). The hash still lets an operator see that one account is the target of an attack.
 */
export function accountRef(options: { hashEmails: boolean; key: string }): (email: string) => string {
  return (email) => {
    const normalized = normalizeEmail(email);
    if (!options.hashEmails) return normalized;
    return `hmac:${createHmac("sha256", options.key).update(`audit-email:${normalized}`).digest("hex").slice(0, 24)}`;
  };
}
