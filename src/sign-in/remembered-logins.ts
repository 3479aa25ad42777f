import { createHash } from "node:crypto";
import type { ProofStore } from "./proofs.js";

/** How a login Hydra remembers was made: the subject and what was proved then. */
export interface RememberedAssurance {
  subject: string;
  amr: string[];
  acr: string;
}

const keyOf = (sessionId: string) =>
  `login-session:${createHash("sha256").update(`hydra-login-session:${sessionId}`).digest("base64url")}`;

/**
 * Hydra tells a later login request only that a login is remembered (skip) and whose it is, not how it was made.
 * So when a remembered login is accepted we keep its amr and acr under Hydra's login session id (hashed), for as
 * long as Hydra remembers it; a step-up reads it instead of guessing that the first factor was a password.
 */
export function rememberedLogins(proofs: ProofStore) {
  return {
    async record(sessionId: string | undefined, assurance: RememberedAssurance, ttlMs: number): Promise<void> {
      if (sessionId === undefined || ttlMs <= 0) return;
      await proofs.put(keyOf(sessionId), JSON.stringify(assurance), ttlMs);
    },
    async recall(sessionId: string | undefined, subject: string): Promise<RememberedAssurance | undefined> {
      if (sessionId === undefined) return undefined;
      const raw = await proofs.get(keyOf(sessionId));
      if (raw === undefined) return undefined;
      try {
        const value = JSON.parse(raw) as Partial<RememberedAssurance>;
        if (value.subject !== subject || !Array.isArray(value.amr) || typeof value.acr !== "string") return undefined;
        return { subject, amr: value.amr.filter((item): item is string => typeof item === "string"), acr: value.acr };
      } catch {
        return undefined;
      }
    },
  };
}

export type RememberedLogins = ReturnType<typeof rememberedLogins>;
