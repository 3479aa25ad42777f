import { createHash, randomBytes } from "node:crypto";
import type { ProofStore } from "./proofs.js";

/** How long a sign-in page's passkey challenge may be answered. */
const PASSKEY_PROOF_TTL_MS = 5 * 60 * 1000;

/** What a passkey answer must belong to: one login challenge and, when there is one, one server-side session. */
export interface PasskeyBinding {
  loginChallenge: string;
  sessionId?: string | undefined;
}

const bindingOf = (binding: PasskeyBinding) =>
  createHash("sha256")
    .update(`passkey-binding:${binding.loginChallenge}\0${binding.sessionId ?? ""}`)
    .digest("base64url");

const PROOF_ID = /^[A-Za-z0-9_-]{22,64}$/;

/**
 * WebAuthn challenges kept on the server: made per sign-in page, stored under a random id that the page's form
 * carries (a stranger's page creates no session), bound to the login challenge (and session), good for five
 * minutes, and taken on first use whatever the outcome, so an answer captured on its way is worth nothing in
 * another flow and nothing twice.
 */
export function passkeyProofs(proofs: ProofStore) {
  return {
    async issue(challenge: string, binding: PasskeyBinding): Promise<string> {
      const id = randomBytes(18).toString("base64url");
      await proofs.put(
        `passkey:${id}`,
        JSON.stringify({ challenge, binding: bindingOf(binding) }),
        PASSKEY_PROOF_TTL_MS,
      );
      return id;
    },
    /** The challenge the page was given, used up; undefined when unknown, used, expired or made for another flow. */
    async redeem(id: unknown, binding: PasskeyBinding): Promise<string | undefined> {
      if (typeof id !== "string" || !PROOF_ID.test(id)) return undefined;
      const raw = await proofs.take(`passkey:${id}`);
      if (raw === undefined) return undefined;
      try {
        const value = JSON.parse(raw) as { challenge?: unknown; binding?: unknown };
        if (value.binding !== bindingOf(binding) || typeof value.challenge !== "string") return undefined;
        return value.challenge;
      } catch {
        return undefined;
      }
    },
  };
}

export type PasskeyProofs = ReturnType<typeof passkeyProofs>;
