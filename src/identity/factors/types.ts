/**
 * Second factors and passkeys of an account, as the stores keep them. Secrets never appear in clear: the TOTP
 * secret is sealed with MFA_ENCRYPTION_KEY (see secret-box.ts), recovery codes are kept as SHA-256 hashes.
 */
export interface TotpFactor {
  /** The base32 secret, sealed (secret-box.ts). */
  sealedSecret: string;
  /** ISO date of the confirmation that turned it on. */
  confirmedAt: string;
  /** The last 30-second step accepted: a code of this step or an earlier one is a replay. */
  lastUsedStep: number;
}

export interface PasskeyRecord {
  /** The credential id, base64url: unique across all accounts. */
  credentialId: string;
  /** The COSE public key, base64url. */
  publicKey: string;
  counter: number;
  transports: string[];
  /** The person's name for it ("Laptop"), at most 64 characters. */
  name: string;
  createdAt: string;
  lastUsedAt: string | undefined;
  /** "singleDevice" | "multiDevice" as the authenticator said; "hwk" vs "swk" in amr follows from it. */
  deviceType: string;
  backedUp: boolean;
}

export interface AccountFactors {
  totp: TotpFactor | undefined;
  /** SHA-256 hex of each unused recovery code. */
  recoveryCodeHashes: string[];
  passkeys: PasskeyRecord[];
  /** The accounts command's per-account switch: always ask for a second step. */
  mfaRequired: boolean;
}

/** What the stores offer for factors; every method throws UnknownAccountError for an unknown id. */
export interface FactorStore {
  getFactors(userId: string): Promise<AccountFactors>;
  /** Turns TOTP on (with its first accepted step) or off (undefined). */
  setTotp(userId: string, totp: TotpFactor | undefined): Promise<void>;
  /** Records `step` as used, atomically; false when it is not later than the last used step (a replay). */
  useTotpStep(userId: string, step: number): Promise<boolean>;
  /** Replaces all recovery codes. */
  setRecoveryCodes(userId: string, hashes: string[]): Promise<void>;
  /** Removes one recovery code by its hash, atomically; false when it was not there (already used or wrong). */
  consumeRecoveryCode(userId: string, hash: string): Promise<boolean>;
  addPasskey(userId: string, passkey: PasskeyRecord): Promise<void>;
  renamePasskey(userId: string, credentialId: string, name: string): Promise<boolean>;
  removePasskey(userId: string, credentialId: string): Promise<boolean>;
  /** After a sign-in with it: the new signature counter and the time. */
  touchPasskey(userId: string, credentialId: string, counter: number): Promise<void>;
  /** For a sign-in with a discoverable passkey: whose it is. */
  findPasskey(credentialId: string): Promise<{ userId: string; passkey: PasskeyRecord } | undefined>;
  setMfaRequired(userId: string, required: boolean): Promise<void>;
  /** The accounts command's reset: TOTP, recovery codes and passkeys gone, mfa_required kept. */
  resetFactors(userId: string): Promise<void>;
  /** Whether any account has a second factor (MFA_ENCRYPTION_KEY is then required in production). */
  anyFactors(): Promise<boolean>;
}
