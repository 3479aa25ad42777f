import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import type { LoginFacts } from "../policy/login-request.js";
import type { AttemptStore } from "./attempts.js";
import type { ProofStore } from "./proofs.js";
import { takeSendQuota, type SendLimits } from "./quota.js";

/** How long an emailed sign-in code and its link work. */
export const EMAIL_CODE_TTL_MS = 10 * 60_000;
const HOUR_MS = 3_600_000;
/**
 * Codes: 3 an hour per address from one client IP (people ask again while the first is on its way), 10 per address
 * from everywhere, 20 per IP. A stranger asking for someone's codes uses up their own three, not the owner's: it
 * takes four addresses to use up the hour (finding 7 of the h19 review).
 */
const SENDS: SendLimits = {
  perAddressFromIp: { max: 3, windowMs: HOUR_MS, lockMs: HOUR_MS },
  perAddress: { max: 10, windowMs: HOUR_MS, lockMs: HOUR_MS },
  perIp: { max: 20, windowMs: HOUR_MS, lockMs: HOUR_MS },
};

/** One emailed code, kept under the sign-in (login challenge + browser) it was asked for. */
export interface EmailCodeRecord {
  /** Names its own counter of wrong codes (limits.ts, at most five). */
  id: string;
  /** The address as typed, normalised: it may have no account (then nothing was sent). */
  email: string;
  codeHash: string;
  challenge: string;
  facts: LoginFacts;
  remember: boolean;
  /** When it stops working (the store's expiry, kept to put a newer code back with its own time left). */
  expiresAt: number;
}

/** Where a link leads: the code it was sent with, its sign-in, and a fingerprint of the browser that asked. */
interface LinkRecord {
  recordId: string;
  challenge: string;
  browser: string;
}

const sha256 = (value: string) => createHash("sha256").update(value).digest("base64url");
const recordKey = (challenge: string, nonce: string) => `email-code:${sha256(`email-code:${challenge}\0${nonce}`)}`;
const linkKey = (token: string) => `email-link:${sha256(`email-link:${token}`)}`;
const browserOf = (nonce: string) => sha256(`email-browser:${nonce}`);
/** Salted with the record's id: the store never holds a code as such. */
const codeHash = (id: string, code: string) => sha256(`email-code-value:${id}\0${code}`);

const BROWSER_NONCE = /^[A-Za-z0-9_-]{22}$/;
const LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const newEmailBrowserNonce = () => randomBytes(16).toString("base64url");
export const isEmailBrowserNonce = (value: unknown): value is string =>
  typeof value === "string" && BROWSER_NONCE.test(value);
/** What a person types: six digits, spaces or dashes between them forgiven. */
const normalizeEmailCode = (raw: string) => raw.replace(/[\s-]/g, "");

function decode<T>(raw: string | undefined): T | undefined {
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}

/**
 * Emailed sign-in codes in the ProofStore: one per sign-in and browser (a new one replaces the last), its 6 digits
 * kept only as a salted hash, its link token only as a hash, for EMAIL_CODE_TTL_MS, taken once on use.
 */
export function emailCodes(proofs: ProofStore, attempts: AttemptStore) {
  return {
    /** The send limits of an address and an IP, counted now: how long each stays used up (0: granted). */
    async reserveSend(email: string, ip: string): Promise<{ ipLockedMs: number; addressLockedMs: number }> {
      const refused = await takeSendQuota(attempts, "email-sign-in", { email, ip }, SENDS);
      return {
        ipLockedMs: refused?.scope === "ip" ? refused.lockedForMs : 0,
        addressLockedMs: refused?.scope === "address" ? refused.lockedForMs : 0,
      };
    },

    /** A new code and link for this sign-in in this browser; the last one asked here stops working. */
    async issue(input: Omit<EmailCodeRecord, "id" | "codeHash" | "expiresAt"> & { nonce: string }) {
      const { nonce, ...rest } = input;
      const id = randomBytes(16).toString("base64url");
      const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
      const token = randomBytes(32).toString("base64url");
      const record: EmailCodeRecord = {
        ...rest,
        id,
        codeHash: codeHash(id, code),
        expiresAt: Date.now() + EMAIL_CODE_TTL_MS,
      };
      const link: LinkRecord = { recordId: id, challenge: input.challenge, browser: browserOf(nonce) };
      await proofs.put(recordKey(input.challenge, nonce), JSON.stringify(record), EMAIL_CODE_TTL_MS);
      await proofs.put(linkKey(token), JSON.stringify(link), EMAIL_CODE_TTL_MS);
      return { code, token };
    },

    /** The code asked for in this sign-in and browser, still unused (read, not taken). */
    async find(challenge: string, nonce: string | undefined): Promise<EmailCodeRecord | undefined> {
      if (!isEmailBrowserNonce(nonce)) return undefined;
      return decode<EmailCodeRecord>(await proofs.get(recordKey(challenge, nonce)));
    },

    matches: (record: EmailCodeRecord, code: string): boolean => {
      const given = Buffer.from(codeHash(record.id, normalizeEmailCode(code)));
      const kept = Buffer.from(record.codeHash);
      return given.length === kept.length && timingSafeEqual(given, kept);
    },

    /** Uses the code up: true for the one caller that took this very record (of two at once, one). */
    async take(record: EmailCodeRecord, nonce: string): Promise<boolean> {
      const key = recordKey(record.challenge, nonce);
      const taken = decode<EmailCodeRecord>(await proofs.take(key));
      if (taken === undefined || taken.id === record.id) return taken !== undefined;
      // A newer code was asked for meanwhile: it is not this one's to use up.
      const left = taken.expiresAt - Date.now();
      if (left > 0) await proofs.put(key, JSON.stringify(taken), left);
      return false;
    },

    /**
     * Where a link leads, without using anything up: "unknown" (never made, or expired), "elsewhere" (another
     * browser: a mail scanner, another device), or this browser's sign-in.
     */
    async openLink(
      token: string,
      nonce: string | undefined,
    ): Promise<
      { kind: "unknown" } | { kind: "elsewhere" } | { kind: "here"; recordId: string; challenge: string; nonce: string }
    > {
      if (!LINK_TOKEN.test(token)) return { kind: "unknown" };
      const link = decode<LinkRecord>(await proofs.get(linkKey(token)));
      if (link === undefined || typeof link.challenge !== "string") return { kind: "unknown" };
      if (!isEmailBrowserNonce(nonce) || browserOf(nonce) !== link.browser) return { kind: "elsewhere" };
      return { kind: "here", recordId: link.recordId, challenge: link.challenge, nonce };
    },

    /** A used link is forgotten (its code was taken with it). */
    async forgetLink(token: string): Promise<void> {
      await proofs.take(linkKey(token));
    },
  };
}

export type EmailCodes = ReturnType<typeof emailCodes>;
