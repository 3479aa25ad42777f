/**
 * Seals short secrets (the TOTP secret) with AES-256-GCM under MFA_ENCRYPTION_KEY, with key rotation.
 *
 * Sealed form: `v1.<keyId>.<iv>.<ciphertext>.<tag>`, the last three base64url; keyId is the first 8 hex digits of
 * sha256(key), so opening picks the right key without trying them all. The `v1.<keyId>` prefix is bound to the
 * ciphertext as additional authenticated data. The first key seals; every key opens: to rotate, put the new key first,
 * keep the old ones after it until `needsResealing` has turned false for every stored secret, then drop them.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

export interface SecretBox {
  /** Encrypts with the first key; a fresh random IV each time. */
  seal(plain: string): string;
  /** Decrypts with whichever key sealed it; throws an Error when the format is wrong, the key unknown or the data altered. */
  open(sealed: string): string;
  /** True when `sealed` was not sealed with the first (current) key, so it should be opened and sealed again. */
  needsResealing(sealed: string): boolean;
}

const VERSION = "v1";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** The first 8 hex digits of sha256(key): names a key in the sealed form without revealing it. */
function keyIdOf(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

export function createSecretBox(keys: Buffer[]): SecretBox {
  if (keys.length === 0) throw new Error("secret box: at least one key is needed");
  const byId = new Map<string, Buffer>();
  keys.forEach((key, index) => {
    if (key.length !== KEY_BYTES) {
      throw new Error(`secret box: key #${index + 1} is ${key.length} bytes; each key must be ${KEY_BYTES} bytes`);
    }
    const id = keyIdOf(key);
    if (!byId.has(id)) byId.set(id, Buffer.from(key));
  });
  const currentId = keyIdOf(keys[0]!);
  const currentKey = byId.get(currentId)!;

  return {
    seal(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", currentKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(`${VERSION}.${currentId}`));
      const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, currentId, iv, ciphertext, tag]
        .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
        .join(".");
    },

    open(sealed) {
      const parts = sealed.split(".");
      if (parts.length !== 5 || parts[0] !== VERSION || !parts.slice(2).every((p) => BASE64URL.test(p))) {
        throw new Error("secret box: not a sealed secret (expected v1.<keyId>.<iv>.<ciphertext>.<tag>)");
      }
      const [, keyId, ivText, ciphertextText, tagText] = parts as [string, string, string, string, string];
      const key = byId.get(keyId);
      if (key === undefined) {
        throw new Error(`secret box: sealed with key ${keyId}, which is not among the configured keys`);
      }
      const iv = Buffer.from(ivText, "base64url");
      const tag = Buffer.from(tagText, "base64url");
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error("secret box: malformed IV or tag");
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(`${VERSION}.${keyId}`));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(Buffer.from(ciphertextText, "base64url")), decipher.final()]).toString(
          "utf8",
        );
      } catch {
        throw new Error(`secret box: authentication failed (altered data, or wrong key ${keyId})`);
      }
    },

    needsResealing(sealed) {
      return sealed.split(".", 2)[1] !== currentId || !sealed.startsWith(`${VERSION}.`);
    },
  };
}

// The key format is checked at start by config, which sits below identity/: the check lives there.
export { parseEncryptionKeys } from "../../config/encryption-keys.js";
