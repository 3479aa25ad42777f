import { describe, expect, it } from "vitest";
import type { User } from "../../src/identity/user.js";
import { MAX_CHALLENGE_LENGTH, readChallenge } from "../../src/http/challenge.js";
import { conformityAcr, conformityClaims, idTokenClaims } from "../../src/policy/claims.js";
import {
  consentSkipReason,
  formList,
  grantableAudiences,
  grantableScopes,
  RESERVED_PAGE_IDS,
  scopeFieldIds,
} from "../../src/policy/consent.js";

describe("readChallenge", () => {
  const hydraLike = `${"xyttXSLEC-oB5AJJfAw2Ij5en_Mz9458".repeat(37)}=`;
  it.each([
    [undefined, { ok: false, problem: "missing" }],
    ["", { ok: false, problem: "missing" }],
    [["a", "b"], { ok: false, problem: "repeated" }],
    [{ nested: "x" }, { ok: false, problem: "malformed" }],
    ["a".repeat(MAX_CHALLENGE_LENGTH + 1), { ok: false, problem: "too_long" }],
    ["abc<script>", { ok: false, problem: "malformed" }],
    ["with space", { ok: false, problem: "malformed" }],
    ["undefined?x=1", { ok: false, problem: "malformed" }],
    [hydraLike, { ok: true, challenge: hydraLike }],
    ["0123456789abcdef0123456789abcdef", { ok: true, challenge: "0123456789abcdef0123456789abcdef" }],
  ])("%j → %j", (raw, expected) => {
    expect(readChallenge(raw)).toEqual(expected);
  });
});

describe("consent decisions", () => {
  it("skips for Hydra's skip, the client's skip_consent, or a trusted client; asks otherwise", () => {
    expect(consentSkipReason({ skip: true }, [])).toBe("remembered");
    expect(consentSkipReason({ skip: false, client: { skip_consent: true } }, [])).toBe("client_skips_consent");
    expect(consentSkipReason({ skip: false, client: { client_id: "portal" } }, ["portal"])).toBe("trusted_client");
    expect(consentSkipReason({ skip: false, client: { client_id: "other" } }, ["portal"])).toBeUndefined();
    expect(consentSkipReason({}, [])).toBeUndefined();
  });

  it("grants only requested scopes that were ticked, in the requested order, once each", () => {
    expect(grantableScopes(["openid", "email", "profile"], ["profile", "admin", "openid", "openid"])).toEqual([
      "openid",
      "profile",
    ]);
    expect(grantableScopes(["openid"], [])).toEqual([]);
    expect(grantableScopes(undefined, ["openid"])).toEqual([]);
  });

  it("audiences are the requested ones, deduplicated", () => {
    expect(grantableAudiences(["https://a", "https://a", "https://b"])).toEqual(["https://a", "https://b"]);
    expect(grantableAudiences(undefined)).toEqual([]);
  });

  it("formList reads absent, single and repeated fields", () => {
    expect(formList(undefined)).toEqual([]);
    expect(formList("openid")).toEqual(["openid"]);
    expect(formList(["openid", 7, "email"])).toEqual(["openid", "email"]);
    expect(formList({ openid: "1" })).toEqual([]);
  });
});

describe("id_token claims by scope", () => {
  const user: User = {
    id: "u-1",
    email: "ada@example.com",
    emailVerified: true,
    disabled: false,
    profile: { name: "Ada Lovelace", given_name: "Ada", locale: "en" },
    phoneNumber: "+44 20 0000",
    address: { country: "GB" },
  };

  it("gives each scope its claims and nothing else", () => {
    expect(idTokenClaims(user, ["openid"])).toEqual({});
    expect(idTokenClaims(user, ["email"])).toEqual({ email: "ada@example.com", email_verified: true });
    expect(idTokenClaims(user, ["profile"])).toEqual({ name: "Ada Lovelace", given_name: "Ada", locale: "en" });
    expect(idTokenClaims(user, ["phone"])).toEqual({ phone_number: "+44 20 0000", phone_number_verified: false });
    expect(idTokenClaims(user, ["address"])).toEqual({ address: { country: "GB" } });
    expect(idTokenClaims({ ...user, phoneNumber: undefined, address: undefined }, ["phone", "address"])).toEqual({});
    expect(idTokenClaims(undefined, ["email", "profile"])).toEqual({});
  });

  it("conformity mode: fixed claims per scope, acr from acr_values", () => {
    expect(conformityClaims(["openid"])).toEqual({});
    expect(conformityClaims(["email", "address"])).toMatchObject({
      email: "foo@bar.com",
      address: { country: "Localhost" },
    });
    expect(Object.keys(conformityClaims(["profile"]))).toContain("zoneinfo");
    expect(conformityAcr(["urn:x:loa:2", "urn:x:loa:1"])).toBe("urn:x:loa:2");
    expect(conformityAcr(undefined)).toBe("0");
  });
});

describe("scopeFieldIds", () => {
  it("keeps #<scope> for ordinary scopes (email and profile included) and prefixes those that clash with the page", () => {
    const ids = scopeFieldIds(["openid", "email", "remember", "accept", "content", "scope-x", "scope-remember"]);
    expect(Object.fromEntries(ids)).toEqual({
      openid: "openid",
      email: "email",
      remember: "scope-remember",
      accept: "scope-accept",
      content: "scope-content",
      "scope-x": "scope-scope-x",
      "scope-remember": "scope-scope-remember",
    });
    expect(new Set(ids.values()).size).toBe(ids.size);
    for (const id of ids.values()) expect(RESERVED_PAGE_IDS.has(id)).toBe(false);
  });
});
