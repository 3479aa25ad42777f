import { describe, expect, it } from "vitest";
import { parseAttributeMap } from "../../src/config/ldap-attributes.js";
import { entryDisabled, entryId, entryToUser, guidBytes } from "../../src/identity/directory/directory-entry.js";
import { idTokenClaims } from "../../src/policy/claims.js";
import { equalityFilter, escapeFilterValue, userFilter } from "../../src/identity/directory/ldap-filter.js";

describe("RFC 4515 escaping of what a person types", () => {
  it("escapes *, (, ), \\ and NUL, and nothing else", () => {
    expect(escapeFilterValue("*")).toBe("\\2a");
    expect(escapeFilterValue("a)(uid=*")).toBe("a\\29\\28uid=\\2a");
    expect(escapeFilterValue("back\\slash")).toBe("back\\5cslash");
    expect(escapeFilterValue("nul\u0000cut")).toBe("nul\\00cut");
    expect(escapeFilterValue("ünïcode+mail@example.test")).toBe("ünïcode+mail@example.test");
  });

  it("fills every {email} of the operator's filter with the escaped value", () => {
    expect(userFilter("(|(mail={email})(uid={email}))", "*)(objectClass=*")).toBe(
      "(|(mail=\\2a\\29\\28objectClass=\\2a)(uid=\\2a\\29\\28objectClass=\\2a))",
    );
    // A `$&` in the input is text, not a replacement pattern.
    expect(userFilter("(mail={email})", "$&$'")).toBe("(mail=$&$')");
  });

  it("writes binary values (objectGUID) byte by byte", () => {
    expect(equalityFilter("objectGUID", Buffer.from([0, 0x2a, 0xff]))).toBe("(objectGUID=\\00\\2a\\ff)");
  });
});

describe("directory entries as accounts", () => {
  const attributes = parseAttributeMap("");

  it("the subject is the id attribute, never the DN; an AD objectGUID becomes its usual text and back", () => {
    const guid = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
    const bytes = guidBytes(guid)!;
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0xe0, 0x04, 0x25, 0x3f]));
    expect(entryId({ dn: "cn=x", objectGUID: bytes }, "objectGUID")).toBe(guid);
    expect(entryId({ dn: "cn=x", entryUUID: "A51C4E58-8571-1041-8D60-29FA453F1108" }, "entryUUID")).toBe(
      "a51c4e58-8571-1041-8d60-29fa453f1108",
    );
    expect(entryId({ dn: "cn=x" }, "entryUUID")).toBeUndefined();
    expect(guidBytes("not-a-guid")).toBeUndefined();
  });

  it("maps the default attributes to claims, displayName before cn", () => {
    const user = entryToUser(
      {
        dn: "uid=a,ou=people",
        entryUUID: "id-1",
        mail: "Alice@Example.test",
        cn: ["Alice Example", "Alice"],
        givenName: "Alice",
        sn: "Example",
        uid: "alice",
        preferredLanguage: "de",
      },
      { idAttribute: "entryUUID", attributes, groups: ["staff"] },
    );
    expect(user).toEqual({
      id: "id-1",
      email: "alice@example.test",
      emailVerified: true,
      disabled: false,
      groups: ["staff"],
      profile: {
        name: "Alice Example",
        given_name: "Alice",
        family_name: "Example",
        preferred_username: "alice",
        locale: "de",
      },
    });
    expect(entryToUser({ dn: "x", entryUUID: "id", cn: "no mail" }, { idAttribute: "entryUUID", attributes })).toBe(
      undefined,
    );
  });

  it("a ppolicy lock or AD's ACCOUNTDISABLE flag disables; other AD flags do not", () => {
    expect(entryDisabled({ dn: "x", pwdAccountLockedTime: "000001010000Z" })).toBe(true);
    expect(entryDisabled({ dn: "x", userAccountControl: "514" })).toBe(true);
    expect(entryDisabled({ dn: "x", userAccountControl: "512" })).toBe(false);
    expect(entryDisabled({ dn: "x" })).toBe(false);
  });

  it("LDAP_ATTRIBUTES overrides one claim at a time and refuses unknown claims and odd names", () => {
    expect(parseAttributeMap("name=displayName, locale = c").locale).toEqual(["c"]);
    expect(parseAttributeMap("name=fullName|cn").name).toEqual(["fullName", "cn"]);
    expect(() => parseAttributeMap("password=userPassword")).toThrow(/unknown claim/);
    expect(() => parseAttributeMap("name=")).toThrow(/attribute names/);
    expect(() => parseAttributeMap("name=cn)(uid=*")).toThrow(/attribute names/);
  });
});

describe("the groups claim", () => {
  it("only with the groups scope granted, and only for an account that has groups", () => {
    const user = {
      id: "u",
      email: "a@example.test",
      emailVerified: true,
      profile: {},
      disabled: false,
      groups: ["staff"],
    };
    expect(idTokenClaims(user, ["openid", "groups"])).toEqual({ groups: ["staff"] });
    expect(idTokenClaims(user, ["openid", "email"])).not.toHaveProperty("groups");
    expect(idTokenClaims({ ...user, groups: undefined }, ["groups"])).toEqual({});
  });
});
