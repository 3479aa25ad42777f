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
  | "device.failed";

export type Audit = (event: AuditEvent, fields?: Record<string, unknown>) => void;

/** Writes each event as a structured log line and counts it in the flow-outcome metric. */
export function createAudit(logger: Logger, metrics: Metrics): Audit {
  return (event, fields = {}) => {
    const [flow = "unknown", outcome = "unknown"] = event.split(".");
    metrics.flowOutcomes.inc({ flow, outcome });
    logger.info({ audit: event, ...fields }, event);
  };
}
