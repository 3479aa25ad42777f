/**
 * TOTP second factor (RFC 6238): HMAC-SHA-1, 6 digits, 30-second steps, one step of clock skew either way.
 *
 * Library: otpauth rather than otplib 13. otpauth is one small package with a single dependency (@noble/hashes),
 * synchronous, and its HOTP/TOTP/Secret/URI API has been stable for years; otplib 13 is a recent rewrite split into
 * six @otplib/* packages plus plugins, with an async API. We only need base32, HOTP for a given step and the URI.
 *
 * The secret is stored sealed (secret-box.ts). `verifyTotp` returns the matched step so the caller can refuse a code
 * of a step not later than TotpFactor.lastUsedStep (FactorStore.useTotpStep): each code works once.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { HOTP, Secret, TOTP } from "otpauth";

const DIGITS = 6;
const PERIOD_SECONDS = 30;
const SKEW_STEPS = 1;
const SECRET_BYTES = 20;

/** A new random secret: 20 bytes, base32 (32 characters, no padding), as authenticator apps expect. */
export function newTotpSecret(): string {
  return new Secret({ buffer: new Uint8Array(randomBytes(SECRET_BYTES)).buffer }).base32;
}

function secretOf(base32: string): Secret {
  return Secret.fromBase32(base32.replace(/[\s=]/g, "").toUpperCase());
}

/** The 30-second step a time (ms since the epoch) falls in. */
export function totpStep(now: number = Date.now()): number {
  return Math.floor(now / 1000 / PERIOD_SECONDS);
}

function codeAt(secret: Secret, step: number): string {
  return HOTP.generate({ secret, counter: step, algorithm: "SHA1", digits: DIGITS });
}

/** The `otpauth://totp/Issuer:account?secret=…&issuer=…` URI an authenticator app scans or imports. */
export function totpUri({ secret, account, issuer }: { secret: string; account: string; issuer: string }): string {
  return new TOTP({
    issuer,
    label: account,
    issuerInLabel: true,
    secret: secretOf(secret),
    algorithm: "SHA1",
    digits: DIGITS,
    period: PERIOD_SECONDS,
  }).toString();
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The URI as a QR code, SVG markup to inline in a page (server-side, no script, no external references).
 * `label` becomes the SVG's <title> and aria-label (role="img"); pass a translated text.
 */
export async function totpQrSvg(uri: string, label = "QR code for your authenticator app"): Promise<string> {
  // Loaded on the first enrolment: QR drawing is rare and its modules would otherwise sit in every instance's memory.
  const { default: QRCode } = await import("qrcode");
  const svg = (await QRCode.toString(uri, { type: "svg", margin: 2, errorCorrectionLevel: "M" })).trim();
  // qrcode emits exactly <svg …><path …/><path …/></svg>; refuse anything else rather than inline it.
  const match = /^<svg ([^<>]*)>((?:<path [^<>]*\/>)+)<\/svg>$/.exec(svg);
  if (match === null || /script|on\w+=|href/i.test(svg)) throw new Error("totpQrSvg: unexpected SVG from qrcode");
  const text = escapeXml(label);
  return `<svg ${match[1]} role="img" aria-label="${text}" focusable="false"><title>${text}</title>${match[2]}</svg>`;
}

/**
 * Checks a code typed by the person against the secret at `now`, allowing one step of skew either way.
 * Spaces are ignored; anything but exactly 6 digits is refused. Returns the matched step (compare it with
 * lastUsedStep to refuse replays), or undefined when nothing matches. Comparison is constant-time.
 */
export function verifyTotp(secret: string, code: string, now: number = Date.now()): number | undefined {
  const digits = code.replace(/\s+/g, "");
  if (!/^[0-9]{6}$/.test(digits)) return undefined;
  const key = secretOf(secret);
  const given = Buffer.from(digits);
  const current = totpStep(now);
  let matched: number | undefined;
  // Check every step in the window without stopping early; on the (1 in 10^6) chance of two matches keep the later.
  for (let step = current - SKEW_STEPS; step <= current + SKEW_STEPS; step++) {
    if (timingSafeEqual(given, Buffer.from(codeAt(key, step)))) matched = step;
  }
  return matched;
}

/** The code for `now` (tests, e2e, the accounts command). */
export function currentTotp(secret: string, now: number = Date.now()): string {
  return codeAt(secretOf(secret), totpStep(now));
}
