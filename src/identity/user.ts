/** An address as OpenID Connect's `address` claim shapes it. */
export interface PostalAddress {
  formatted?: string;
  street_address?: string;
  locality?: string;
  region?: string;
  postal_code?: string;
  country?: string;
}

/** Profile claims an account may have; names follow OpenID Connect Core §5.1. */
export interface ProfileClaims {
  name?: string;
  given_name?: string;
  family_name?: string;
  middle_name?: string;
  nickname?: string;
  preferred_username?: string;
  profile?: string;
  picture?: string;
  website?: string;
  gender?: string;
  birthdate?: string;
  zoneinfo?: string;
  locale?: string;
  updated_at?: number;
}

export interface User {
  /** Stable, never reused: this is the subject Hydra puts in tokens. */
  id: string;
  email: string;
  emailVerified: boolean;
  profile: ProfileClaims;
  phoneNumber?: string;
  phoneNumberVerified?: boolean;
  address?: PostalAddress;
  disabled: boolean;
  /** Group names, for the `groups` claim (directory accounts with LDAP_GROUPS). */
  groups?: string[];
  /** A new address waiting for its emailed link to be opened (the change takes effect then). */
  pendingEmail?: string;
  /** Invited and no password chosen yet: the account stays disabled and no password matches. */
  passwordUnset?: boolean;
}

export interface UserWithPassword extends User {
  passwordHash: string;
}

/** Emails match case-insensitively and without surrounding spaces. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
