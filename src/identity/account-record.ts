import { z } from "zod";
import type { AccountFactors, PasskeyRecord } from "./factors/types.js";
import { normalizeEmail, type UserWithPassword } from "./user.js";

const address = z
  .object({
    formatted: z.string().optional(),
    street_address: z.string().optional(),
    locality: z.string().optional(),
    region: z.string().optional(),
    postal_code: z.string().optional(),
    country: z.string().optional(),
  })
  .strict();

/** Claims an account may carry, by their OpenID Connect names. */
export const claimsSchema = z
  .object({
    name: z.string().optional(),
    given_name: z.string().optional(),
    family_name: z.string().optional(),
    middle_name: z.string().optional(),
    nickname: z.string().optional(),
    preferred_username: z.string().optional(),
    profile: z.string().optional(),
    picture: z.string().optional(),
    website: z.string().optional(),
    gender: z.string().optional(),
    birthdate: z.string().optional(),
    zoneinfo: z.string().optional(),
    locale: z.string().optional(),
    updated_at: z.number().int().optional(),
    phone_number: z.string().optional(),
    phone_number_verified: z.boolean().optional(),
    address: address.optional(),
  })
  .strict();

export type AccountClaims = z.infer<typeof claimsSchema>;

/** An account's TOTP factor as a users file keeps it: the secret sealed (factors/secret-box.ts). */
const totpRecordSchema = z
  .object({
    sealed_secret: z.string().min(1),
    confirmed_at: z.string().min(1),
    last_used_step: z.number().int().nonnegative(),
  })
  .strict();

/** One passkey (WebAuthn credential) as a users file keeps it. */
export const passkeyRecordSchema = z
  .object({
    credential_id: z.string().min(1),
    public_key: z.string().min(1),
    counter: z.number().int().nonnegative(),
    transports: z.array(z.string()).default([]),
    name: z.string().max(64),
    created_at: z.string().min(1),
    last_used_at: z.string().optional(),
    device_type: z.string(),
    backed_up: z.boolean(),
  })
  .strict();

export type PasskeyFileRecord = z.infer<typeof passkeyRecordSchema>;

/**
 * One account as stored in a users file or a database row. The second-factor fields are optional and have no
 * zod default on purpose: a file written back keeps only the fields it had (see `toFactors` for their defaults).
 */
export const accountRecordSchema = z
  .object({
    id: z.string().min(1).max(255),
    email: z.email(),
    email_verified: z.boolean().default(false),
    disabled: z.boolean().default(false),
    password_hash: z.string().startsWith("$argon2", "must be an argon2 hash (use the accounts command)"),
    claims: claimsSchema.default({}),
    /** Always ask for a second step (default false). */
    mfa_required: z.boolean().optional(),
    totp: totpRecordSchema.optional(),
    /** SHA-256 hex of each unused recovery code (default none). */
    recovery_codes: z.array(z.string().regex(/^[0-9a-f]{64}$/, "must be SHA-256 hex")).optional(),
    passkeys: z.array(passkeyRecordSchema).optional(),
    /** Identities at other providers that sign in to this account (issue 23); (provider, subject) is unique. */
    provider_links: z
      .array(
        z
          .object({
            provider: z.string().min(1),
            subject: z.string().min(1),
            linked_at: z.string().min(1),
            created_account: z.boolean().optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

export type AccountRecord = z.infer<typeof accountRecordSchema>;

export function toUser(record: AccountRecord): UserWithPassword {
  const { phone_number, phone_number_verified, address: postal, ...profile } = record.claims;
  return {
    id: record.id,
    email: record.email,
    emailVerified: record.email_verified,
    disabled: record.disabled,
    passwordHash: record.password_hash,
    profile,
    phoneNumber: phone_number,
    phoneNumberVerified: phone_number_verified,
    address: postal,
  };
}

function toPasskey(record: PasskeyFileRecord): PasskeyRecord {
  return {
    credentialId: record.credential_id,
    publicKey: record.public_key,
    counter: record.counter,
    transports: [...record.transports],
    name: record.name,
    createdAt: record.created_at,
    lastUsedAt: record.last_used_at,
    deviceType: record.device_type,
    backedUp: record.backed_up,
  };
}

/** A passkey as a users file writes it: snake_case, no `last_used_at` until it is first used. */
export function fromPasskey(passkey: PasskeyRecord): PasskeyFileRecord {
  return {
    credential_id: passkey.credentialId,
    public_key: passkey.publicKey,
    counter: passkey.counter,
    transports: [...passkey.transports],
    name: passkey.name,
    created_at: passkey.createdAt,
    ...(passkey.lastUsedAt === undefined ? {} : { last_used_at: passkey.lastUsedAt }),
    device_type: passkey.deviceType,
    backed_up: passkey.backedUp,
  };
}

/** An account's second factors, with the defaults of the fields it leaves out. */
export function toFactors(record: AccountRecord): AccountFactors {
  return {
    totp:
      record.totp === undefined
        ? undefined
        : {
            sealedSecret: record.totp.sealed_secret,
            confirmedAt: record.totp.confirmed_at,
            lastUsedStep: record.totp.last_used_step,
          },
    recoveryCodeHashes: [...(record.recovery_codes ?? [])],
    passkeys: (record.passkeys ?? []).map(toPasskey),
    mfaRequired: record.mfa_required ?? false,
  };
}

/** Checks a list of accounts as a whole: each valid, and no id, email or passkey credential id twice. */
export function parseAccounts(input: unknown): AccountRecord[] {
  const records = z.array(accountRecordSchema).parse(input);
  const ids = new Set<string>();
  const emails = new Set<string>();
  const credentials = new Set<string>();
  const links = new Set<string>();
  for (const record of records) {
    const email = normalizeEmail(record.email);
    if (ids.has(record.id)) throw new Error(`the id ${record.id} appears twice`);
    if (emails.has(email)) throw new Error(`the email ${email} appears twice`);
    ids.add(record.id);
    emails.add(email);
    for (const passkey of record.passkeys ?? []) {
      if (credentials.has(passkey.credential_id)) {
        throw new Error(`the passkey ${passkey.credential_id} appears twice`);
      }
      credentials.add(passkey.credential_id);
    }
    for (const link of record.provider_links ?? []) {
      const key = `${link.provider}\0${link.subject}`;
      if (links.has(key)) throw new Error(`the ${link.provider} identity ${link.subject} is linked twice`);
      links.add(key);
    }
  }
  return records;
}
