import { createHmac } from "node:crypto";
import type { Logger } from "pino";
import type { Metrics } from "./metrics.js";

/** Audit events: what happened to whom. Never a password, session id, CSRF token or whole challenge. */
export type AuditEvent =
  | "login.accepted"
  | "login.skipped"
  | "login.failed"
  | "login.locked"
  | "login.denied"
  | "login.second_factor_missing"
  | "login.refused"
  | "login.reauthenticate"
  | "login.factor_unreadable"
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
  | "account.signed_out_everywhere"
  | "account.totp_enrolled"
  | "account.totp_removed"
  | "account.recovery_codes_renewed"
  | "account.passkey_added"
  | "account.passkey_renamed"
  | "account.passkey_removed"
  | "account.session_ended"
  | "account.reauth_asked"
  | "account.reauth_refused"
  | "account.recovery_requested"
  | "account.recovery_limited"
  | "account.recovery_failed"
  | "account.password_reset"
  | "account.notice_sent"
  | "account.signed_up"
  | "account.sign_up_taken"
  | "account.sign_up_limited"
  | "account.sign_up_refused"
  | "account.sign_up_mail_failed"
  // Sign in by email (EMAIL_SIGN_IN)
  | "login.email_code_sent"
  | "login.email_code_limited"
  | "login.email_code_failed"
  // Verified addresses and invitations
  | "account.address_link_sent"
  | "account.address_link_limited"
  | "account.email_verified"
  | "account.email_change_requested"
  | "account.email_change_refused"
  | "account.email_changed"
  | "account.invited"
  | "account.invitation_accepted"
  // Identity providers (issue 23).
  | "login.upstream_started"
  | "login.upstream_refused"
  | "login.upstream_proof_asked"
  | "login.upstream_limited"
  | "login.home_realm"
  | "account.provider_linked"
  | "account.provider_removed"
  | "account.address_proved_by_reset";

export type Audit = (event: AuditEvent, fields?: Record<string, unknown>) => void;

/** Writes each event as a structured log line and counts it in the flow-outcome metric. */
export function createAudit(logger: Logger, metrics: Metrics): Audit {
  // The metric's labels of each event, split once per event name instead of once per event.
  const labels = new Map<AuditEvent, { flow: string; outcome: string }>();
  return (event, fields = {}) => {
    let label = labels.get(event);
    if (label === undefined) {
      const [flow = "unknown", outcome = "unknown"] = event.split(".");
      label = { flow, outcome };
      labels.set(event, label);
    }
    metrics.flowOutcomes.inc(label);
    logger.info({ audit: event, ...fields }, event);
  };
}

/**
 * How an account appears in the audit log: its normalised email, or a keyed hash of it when emails must not be
 * logged (AUDIT_HASH_EMAILS). The hash still lets an operator see that one account is the target of an attack.
 * The accounts' own normalisation is passed in (identity/ sits above this layer).
 */
export function accountRef(options: {
  hashEmails: boolean;
  key: string;
  normalizeEmail: (email: string) => string;
}): (email: string) => string {
  return (email) => {
    const normalized = options.normalizeEmail(email);
    if (!options.hashEmails) return normalized;
    return `hmac:${createHmac("sha256", options.key).update(`audit-email:${normalized}`).digest("hex").slice(0, 24)}`;
  };
}
