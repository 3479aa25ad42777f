import type { HydraAdmin } from "../hydra.js";

/** What Hydra holds for a subject, and what revoking each ends. */
const KINDS = {
  login: "login sessions (remembered logins)",
  consent: "consent sessions (and the tokens issued under them)",
} as const;

export type SessionKind = keyof typeof KINDS;

export interface Revocation {
  revoked: SessionKind[];
  /** Each kind that could not be revoked, with why. */
  failed: Array<{ kind: SessionKind; reason: string }>;
}

export const describeKind = (kind: SessionKind) => KINDS[kind];

function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}

/**
 * Ends a subject's login sessions and withdraws all its consents in Hydra (which revokes the access and refresh
 * tokens issued under them). Tries both whatever happens to the first, and reports each.
 */
export async function revokeSubjectSessions(
  hydra: Pick<HydraAdmin, "revokeLoginSessions" | "revokeAllConsentSessions">,
  subject: string,
): Promise<Revocation> {
  const outcome: Revocation = { revoked: [], failed: [] };
  const attempts: Array<[SessionKind, () => Promise<void>]> = [
    ["login", () => hydra.revokeLoginSessions(subject)],
    ["consent", () => hydra.revokeAllConsentSessions(subject)],
  ];
  for (const [kind, revoke] of attempts) {
    try {
      await revoke();
      outcome.revoked.push(kind);
    } catch (error) {
      outcome.failed.push({ kind, reason: reasonOf(error) });
    }
  }
  return outcome;
}
