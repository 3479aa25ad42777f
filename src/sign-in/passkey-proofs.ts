import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
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

/** A random part, when it stops being good (ms since the epoch), and our tag over both and the binding. */
const PROOF_ID = /^([A-Za-z0-9_-]{24})\.(\d{13})\.([A-Za-z0-9_-]{43})$/;

/**
 * WebAuthn challenges that cost the server nothing until answered. A page gets a proof id (a random part, its
 * expiry and an HMAC tag over both and its binding: the login challenge and, for a second step, the session) and a
 * challenge derived from the same with another HMAC, so nothing is stored when a page is shown: strangers' pages,
 * however many, push out nobody's challenge and fill no Redis. The proof is used up when redeemed (a "used" mark
 * is written, once, until it expires), so an answer captured on its way is worth nothing in another flow and
 * nothing twice. Redeem after the attempt is counted (inside `limitedCheck`): each mark then costs a counted try.
 * Keys come from SESSION_SECRET (each opens, the first makes), so rotating it works as it does for cookies.
 */
export function passkeyProofs(proofs: ProofStore, secrets: readonly string[]) {
  const keys = secrets.map((secret) => createHmac("sha256", secret).update("passkey proofs v2").digest());
  const hmac = (key: Buffer, purpose: string, random: string, expiresAt: string, binding: PasskeyBinding) =>
    createHmac("sha256", key)
      .update(`${purpose}\0${random}\0${expiresAt}\0${bindingOf(binding)}`)
      .digest();

  return {
    /** A proof id for the page's form and the WebAuthn challenge it stands for; nothing is kept. */
    issue(binding: PasskeyBinding, now = Date.now()): { proofId: string; challenge: string } {
      const random = randomBytes(18).toString("base64url");
      const expiresAt = String(now + PASSKEY_PROOF_TTL_MS);
      const tag = hmac(keys[0]!, "tag", random, expiresAt, binding).toString("base64url");
      const challenge = hmac(keys[0]!, "challenge", random, expiresAt, binding).toString("base64url");
      return { proofId: `${random}.${expiresAt}.${tag}`, challenge };
    },
    /** The challenge the page was given, used up; undefined when not ours, used, expired or made for another flow. */
    async redeem(id: unknown, binding: PasskeyBinding, now = Date.now()): Promise<string | undefined> {
      const parts = typeof id === "string" ? PROOF_ID.exec(id) : null;
      if (parts === null) return undefined;
      const [, random, expiresAt, tag] = parts as unknown as [string, string, string, string];
      const leftMs = Number(expiresAt) - now;
      if (!(leftMs > 0 && leftMs <= PASSKEY_PROOF_TTL_MS)) return undefined;
      const given = Buffer.from(tag, "base64url");
      const key = keys.find((candidate) => timingSafeEqual(given, hmac(candidate, "tag", random, expiresAt, binding)));
      if (key === undefined) return undefined;
      if (!(await proofs.claim(`passkey:used:${random}`, leftMs))) return undefined;
      return hmac(key, "challenge", random, expiresAt, binding).toString("base64url");
    },
  };
}

export type PasskeyProofs = ReturnType<typeof passkeyProofs>;
