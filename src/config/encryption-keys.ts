/**
 * The format of MFA_ENCRYPTION_KEY, checked once at start by config and again where the secret box is made. Pure and
 * at the bottom of the layers: config may not import from identity/.
 */

const KEY_BYTES = 32;

/**
 * Reads MFA_ENCRYPTION_KEY: one or more comma-separated keys, each 32 random bytes in base64 or base64url
 * (`openssl rand -base64 32`). The first one seals. Throws an Error naming the problem, never the key itself.
 */
export function parseEncryptionKeys(raw: string): Buffer[] {
  const parts = raw.split(",").map((part) => part.trim());
  if (parts.every((part) => part === "")) {
    throw new Error("MFA_ENCRYPTION_KEY is empty: set it to 32 random bytes in base64 (openssl rand -base64 32)");
  }
  return parts.map((part, index) => {
    const which = parts.length === 1 ? "MFA_ENCRYPTION_KEY" : `MFA_ENCRYPTION_KEY key #${index + 1}`;
    if (part === "") throw new Error(`${which} is empty (check for a stray comma)`);
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(part)) {
      throw new Error(`${which} is not base64 or base64url (only A-Z a-z 0-9 + / - _ and trailing = are allowed)`);
    }
    const key = Buffer.from(part, "base64");
    if (key.length !== KEY_BYTES) {
      throw new Error(
        `${which} decodes to ${key.length} bytes; it must be exactly ${KEY_BYTES} bytes (openssl rand -base64 32)`,
      );
    }
    return key;
  });
}
