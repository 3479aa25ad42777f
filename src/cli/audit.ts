import os from "node:os";
import { pino } from "pino";

/** Who runs the command: the OS user (its name, or its uid where the system has no name for it). */
function operator(): string {
  try {
    return os.userInfo().username;
  } catch {
    return `uid:${process.getuid?.() ?? "unknown"}`;
  }
}

export interface CommandAudit {
  /** Adds what the run has learnt (the account, its subject, whether sessions were revoked) to its line. */
  note(fields: Record<string, unknown>): void;
  /** Writes the run's one audit line; `error` says why it failed. */
  write(outcome: "done" | "failed" | "partly_done", error?: unknown): void;
}

/**
 * One audit line per run of the accounts command, as JSON on standard error in the shape of the app's audit lines
 * (pino): {"audit":"accounts.disable","account":…,"subject":…,"by":<OS user>,"outcome":…}. Never a password or
 * a hash.
 */
export function commandAudit(command: string, destination = 2): CommandAudit {
  const logger = pino({ level: "info" }, pino.destination({ dest: destination, sync: true }));
  const event = `accounts.${command}`;
  const fields: Record<string, unknown> = {};
  let written = false;
  return {
    note: (more) => Object.assign(fields, more),
    write(outcome, error) {
      if (written) return;
      written = true;
      const reason = error === undefined ? {} : { reason: error instanceof Error ? error.message : String(error) };
      logger.info({ audit: event, ...fields, by: operator(), outcome, ...reason }, event);
    },
  };
}
