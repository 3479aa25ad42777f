/**
 * Recovery codes: ten one-time codes shown once, kept only as SHA-256 hashes (AccountFactors.recoveryCodeHashes).
 *
 * Each code is 10 characters of Crockford's base32 alphabet (digits and lower-case letters without i, l, o, u),
 * 5 bits each: 50 bits from crypto.randomBytes, which is plenty for a hashed code that also sits behind the sign-in
 * throttle. Shown as `xxxxx-xxxxx`. Input is normalized before hashing: lower-case, spaces and dashes removed, and
 * as Crockford prescribes `o` read as `0` and `i`/`l` as `1`, so a misread character still works.
 */
import { createHash, randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"; // 32 characters: a byte & 31 picks one without bias
const CODE_COUNT = 10;
const CODE_LENGTH = 10;
const CODE_PATTERN = new RegExp(`^[${ALPHABET}]{${CODE_LENGTH}}$`);

function normalize(input: string): string {
  return input
    .toLowerCase()
    .replace(/[\s\-\u2010-\u2015\u2212]+/g, "") // spaces, hyphens and look-alike dashes
    .replace(/o/g, "0")
    .replace(/[il]/g, "1");
}

function newCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  let code = "";
  for (const byte of bytes) code += ALPHABET[byte & 31];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** Ten new codes to show once (`xxxxx-xxxxx`) and their hashes to store; the two arrays are in the same order. */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = new Set<string>();
  while (codes.size < CODE_COUNT) codes.add(newCode());
  const list = [...codes];
  return { codes: list, hashes: list.map(hashRecoveryCode) };
}

/** SHA-256 hex of the normalized code: what is stored and what FactorStore.consumeRecoveryCode looks for. */
export function hashRecoveryCode(input: string): string {
  return createHash("sha256").update(normalize(input)).digest("hex");
}

/**
 * Whether typed input has the shape of a recovery code (10 characters of the alphabet once normalized), as opposed
 * to a 6-digit TOTP code entered in the same field.
 */
export function looksLikeRecoveryCode(input: string): boolean {
  return CODE_PATTERN.test(normalize(input));
}
