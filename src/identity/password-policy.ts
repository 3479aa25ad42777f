import type { MessageKey } from "../i18n/index.js";
import { isGuessable } from "./password-patterns.js";
import { normalizeEmail } from "./user.js";

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

export type PasswordRefusal = "too_short" | "too_long" | "mismatch" | "common" | "is_email";
export type PasswordCheck = { ok: true } | { ok: false; reason: PasswordRefusal };

/** What a person reads for each refusal, wherever a new password is set (the account page, a recovery link). */
export const PASSWORD_REFUSAL_MESSAGES: Readonly<Record<PasswordRefusal, MessageKey>> = {
  too_short: "account.password.tooShort",
  too_long: "account.password.tooLong",
  mismatch: "account.password.mismatch",
  common: "account.password.common",
  is_email: "account.password.isEmail",
};

/** Compared case-insensitively after NFKC, like the password itself. */
const fold = (text: string) => text.normalize("NFKC").toLowerCase();

/**
 * Past this many UTF-16 code units a password is too long whatever NFKC does: composition shrinks text by at
 * most a few units per character, far from 64 times. It spares normalising an absurd input.
 */
const SURELY_TOO_LONG = MAX_PASSWORD_LENGTH * 64;

/**
 * Whether a new password may be set, in the order a person fixes things: a guessable password (see
 * password-patterns.ts: listed, padded, a run, a walk, a repeat) or their own email first (the most useful thing to
 * hear, even when it is also too short), then the length, then the repeat.
 * Lengths count Unicode code points after NFKC, so "ﬁ" and "fi" are the same password; the repeat is compared
 * after NFKC too. The email refused is the whole address and also its local part (before the last @), both
 * case-insensitively, and with digits and signs added before or after: "ada.lovelace1815" is as guessable for
 * ada.lovelace@example.com as the address. Callers hash the NFKC form too (passwords.ts): what is hashed is what
 * was counted.
 */
export function checkNewPassword(input: { password: string; repeat: string; email: string }): PasswordCheck {
  if (input.password.length > SURELY_TOO_LONG) return { ok: false, reason: "too_long" };
  const password = input.password.normalize("NFKC");
  const folded = password.toLowerCase();
  if (isGuessable(folded.trim())) return { ok: false, reason: "common" }; // spaces around add next to nothing
  if (isEmailOrLocalPart(folded, input.email)) return { ok: false, reason: "is_email" };
  const length = codePoints(password);
  if (length < MIN_PASSWORD_LENGTH) return { ok: false, reason: "too_short" };
  if (length > MAX_PASSWORD_LENGTH) return { ok: false, reason: "too_long" };
  if (input.repeat.normalize("NFKC") !== password) return { ok: false, reason: "mismatch" };
  return { ok: true };
}

function codePoints(text: string): number {
  let count = 0;
  for (const _codePoint of text) count += 1;
  return count;
}

function isEmailOrLocalPart(foldedPassword: string, email: string): boolean {
  const address = fold(normalizeEmail(email));
  if (address === "") return false;
  const trimmed = foldedPassword.trim();
  const candidates = [trimmed, trimmed.replace(/^[\p{N}\p{P}\p{S}\s]+|[\p{N}\p{P}\p{S}\s]+$/gu, "")];
  const at = address.lastIndexOf("@");
  return candidates.some((candidate) => candidate === address || (at > 0 && candidate === address.slice(0, at)));
}
