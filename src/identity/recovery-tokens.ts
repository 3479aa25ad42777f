import { createHash, randomBytes } from "node:crypto";
import { normalizeEmail } from "./user.js";

/**
 * Forgot-password links, as facts: a token of 256 random bits goes into the email and only its SHA-256 is kept
 * (as the store's key), beside what the link is for. The record names the password it may replace by a
 * fingerprint of that password's hash, so a password changed by any route voids every link sent before, and by the
 * address it was sent to, so a change of address voids them too (the old address no longer speaks for the account).
 */
export interface RecoveryRecord {
  userId: string;
  /** SHA-256 of the account's password hash when the link was made. */
  passwordFingerprint: string;
  /** The account's address (normalized) the link was sent to. */
  email: string;
  /** The OAuth2 login the person came from, to go back to it afterwards. */
  loginChallenge?: string;
  /** SHA-256 of a random value kept in a cookie of the browser that asked: the way back is for that browser only. */
  browser: string;
}

const sha256 = (value: string) => createHash("sha256").update(value).digest("base64url");

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function newRecoveryToken(): string {
  return randomBytes(32).toString("base64url");
}

/** The store key of a token; undefined for anything that is not one of ours (never looked up). */
export function recoveryKey(token: string): string | undefined {
  return TOKEN_SHAPE.test(token) ? `recovery:${sha256(token)}` : undefined;
}

export const passwordFingerprint = (passwordHash: string) => sha256(passwordHash);

export const browserFingerprint = (nonce: string) => sha256(`recovery-browser:${nonce}`);

/** A random value for the asking browser's cookie. */
export const newBrowserNonce = () => randomBytes(16).toString("base64url");

export function encodeRecord(record: RecoveryRecord): string {
  return JSON.stringify(record);
}

export function decodeRecord(raw: string | undefined): RecoveryRecord | undefined {
  if (raw === undefined) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<RecoveryRecord>;
    if (typeof value.userId !== "string" || typeof value.passwordFingerprint !== "string") return undefined;
    if (typeof value.browser !== "string" || typeof value.email !== "string") return undefined;
    return value as RecoveryRecord;
  } catch {
    return undefined;
  }
}

/** Whether a link still stands for this account's current password and address (gone or disabled: no). */
export function linkStillValid(
  record: RecoveryRecord,
  account: { id: string; email: string; passwordHash: string; disabled: boolean } | undefined,
): boolean {
  return (
    account !== undefined &&
    !account.disabled &&
    account.id === record.userId &&
    normalizeEmail(account.email) === normalizeEmail(record.email) &&
    passwordFingerprint(account.passwordHash) === record.passwordFingerprint
  );
}

/** Where the person goes after the new password: back into their login, in the browser that asked, else a page. */
export function afterReset(record: RecoveryRecord, browserNonce: string | undefined): "login" | "done" {
  if (record.loginChallenge === undefined || browserNonce === undefined) return "done";
  return browserFingerprint(browserNonce) === record.browser ? "login" : "done";
}
