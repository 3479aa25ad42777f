import { createHash, randomBytes } from "node:crypto";
import { normalizeEmail } from "./user.js";

/**
 * Emailed links that outlive a process (issue 22): "verify this address", "this is your new address", "you are
 * invited". They live in the user store itself (users file or PostgreSQL), because the accounts command (another
 * process) makes invitations the app later redeems, and a 24-hour link must survive a restart. The link carries a
 * token of 256 random bits; only its SHA-256 is kept, and it is taken once.
 */
export type EmailTokenPurpose = "verify" | "change" | "invite";

export interface EmailTokenRecord {
  purpose: EmailTokenPurpose;
  userId: string;
  /** The address the link was sent to (normalised): it proves this address, and only while the account names it. */
  email: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

/** What a user store keeps for emailed links and address changes; the users file, PostgreSQL and memory do. */
export interface EmailAddressStore {
  /** Keeps a link's record under the SHA-256 of its token; drops expired ones on the way. */
  saveEmailToken(hash: string, record: EmailTokenRecord): Promise<void>;
  /** The record, unexpired, without using it up (to show a form before the link is used). */
  findEmailToken(hash: string): Promise<EmailTokenRecord | undefined>;
  /** The record, removed at once: of two takes of one token, one finds it. Expired: removed and undefined. */
  takeEmailToken(hash: string): Promise<EmailTokenRecord | undefined>;
  /** Voids every link of an account (its address changed, its invitation was accepted). */
  deleteEmailTokens(userId: string): Promise<void>;
  /** The address a change waits on (undefined: none waits). */
  setPendingEmail(userId: string, email: string | undefined): Promise<void>;
  /** Applies `emailConfirmation`, atomically; `taken` when the new address went to another account meanwhile. */
  confirmEmail(userId: string, email: string): Promise<EmailConfirmation | "taken">;
  /**
   * An invited account's first password: set, the account enabled and its address verified, only while it still
   * waits for one and still has this address. False otherwise (nothing changed).
   */
  acceptInvitation(userId: string, email: string, passwordHash: string): Promise<boolean>;
}

export function isEmailAddressStore(store: object): store is EmailAddressStore {
  const candidate = store as Partial<EmailAddressStore>;
  return typeof candidate.saveEmailToken === "function" && typeof candidate.confirmEmail === "function";
}

/** What opening a link for `linkEmail` does to an account: verify its address, adopt the pending one, or nothing. */
export type EmailConfirmation = "verified" | "changed" | "stale";

export function emailConfirmation(
  account: { email: string; pendingEmail?: string | undefined },
  linkEmail: string,
): EmailConfirmation {
  const wanted = normalizeEmail(linkEmail);
  if (normalizeEmail(account.email) === wanted) return "verified";
  if (account.pendingEmail !== undefined && normalizeEmail(account.pendingEmail) === wanted) return "changed";
  return "stale";
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export const newEmailToken = () => randomBytes(32).toString("base64url");

/** The stored key of a token (SHA-256, hex); undefined for anything not shaped like ours (never looked up). */
export function emailTokenHash(token: string): string | undefined {
  return TOKEN_SHAPE.test(token) ? createHash("sha256").update(token).digest("hex") : undefined;
}

export const isLive = (record: EmailTokenRecord, nowMs = Date.now()) => record.expiresAt > nowMs;

/** Makes a link's token and keeps its hash with the record; the token goes into the email, nowhere else. */
export async function issueEmailToken(store: EmailAddressStore, record: EmailTokenRecord): Promise<string> {
  const token = newEmailToken();
  await store.saveEmailToken(emailTokenHash(token)!, { ...record, email: normalizeEmail(record.email) });
  return token;
}
