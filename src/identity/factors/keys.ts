import { hkdfSync } from "node:crypto";
import { createSecretBox, parseEncryptionKeys, type SecretBox } from "./secret-box.js";

/**
 * The secret box for TOTP secrets: MFA_ENCRYPTION_KEY's keys, or outside production a key derived from the first
 * SESSION_SECRET (config warns about it; rotating that secret then makes enrolled TOTP unreadable).
 */
export function mfaSecretBox(encryptionKey: string | undefined, sessionSecret: string): SecretBox {
  if (encryptionKey !== undefined) return createSecretBox(parseEncryptionKeys(encryptionKey));
  const derived = Buffer.from(hkdfSync("sha256", sessionSecret, "hlc-mfa", "totp-secret-box", 32));
  return createSecretBox([derived]);
}
