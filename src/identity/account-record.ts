import { z } from "zod";
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

/** One account as stored in a users file or a database row. */
export const accountRecordSchema = z
  .object({
    id: z.string().min(1).max(255),
    email: z.email(),
    email_verified: z.boolean().default(false),
    disabled: z.boolean().default(false),
    password_hash: z.string().startsWith("$argon2", "must be an argon2 hash (use the accounts command)"),
    claims: claimsSchema.default({}),
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

/** Checks a list of accounts as a whole: each valid, and no id or email twice. */
export function parseAccounts(input: unknown): AccountRecord[] {
  const records = z.array(accountRecordSchema).parse(input);
  const ids = new Set<string>();
  const emails = new Set<string>();
  for (const record of records) {
    const email = normalizeEmail(record.email);
    if (ids.has(record.id)) throw new Error(`the id ${record.id} appears twice`);
    if (emails.has(email)) throw new Error(`the email ${email} appears twice`);
    ids.add(record.id);
    emails.add(email);
  }
  return records;
}
