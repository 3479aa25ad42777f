/**
 * What a directory entry means to us, as pure functions: its stable id (the subject), its claims, whether it is
 * disabled. No connection here; directory-client.ts fetches, these decide.
 */
import type { AttributeMap } from "../../config/ldap-attributes.js";
import type { User } from "../user.js";

/** An entry as ldapts returns it: the DN and each requested attribute, as text or (binary ones) as bytes. */
export interface DirectoryEntry {
  dn: string;
  [attribute: string]: string | string[] | Buffer | Buffer[];
}

/** Attributes that say an account may not sign in: OpenLDAP's ppolicy lock, Active Directory's account flags. */
const STATUS_ATTRIBUTES = ["pwdAccountLockedTime", "userAccountControl"];

/** Active Directory's userAccountControl flag ACCOUNTDISABLE. */
const AD_ACCOUNT_DISABLED = 0x2;

/** Attributes whose values are bytes, not text. */
export const BINARY_ATTRIBUTES = ["objectGUID"];

function firstText(entry: DirectoryEntry, names: readonly string[]): string | undefined {
  for (const name of names) {
    const raw = entry[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (typeof value === "string" && value.trim() !== "") return value.trim();
    if (Buffer.isBuffer(value) && value.length > 0) return value.toString("utf8");
  }
  return undefined;
}

/** Active Directory writes a GUID's first three groups little-endian: this is the form its tools show. */
function guidText(bytes: Buffer): string {
  const hex = (indexes: number[]) => indexes.map((index) => bytes[index]!.toString(16).padStart(2, "0")).join("");
  return [hex([3, 2, 1, 0]), hex([5, 4]), hex([7, 6]), hex([8, 9]), hex([10, 11, 12, 13, 14, 15])].join("-");
}

/** The bytes of an Active Directory GUID from its text form, or undefined when the text is not one. */
export function guidBytes(text: string): Buffer | undefined {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) return undefined;
  const raw = Buffer.from(text.replaceAll("-", ""), "hex");
  return Buffer.from([raw[3]!, raw[2]!, raw[1]!, raw[0]!, raw[5]!, raw[4]!, raw[7]!, raw[6]!, ...raw.subarray(8)]);
}

/**
 * The entry's stable id, our subject: the id attribute's value (entryUUID as it is, objectGUID as its GUID text),
 * never the DN, which changes when the entry is renamed or moved. Undefined when the entry has none.
 */
export function entryId(entry: DirectoryEntry, idAttribute: string): string | undefined {
  const raw = entry[idAttribute];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined) return undefined;
  if (Buffer.isBuffer(value)) return value.length === 16 ? guidText(value) : value.toString("base64url");
  return value === "" ? undefined : value.toLowerCase();
}

/** Whether the directory says this entry may not sign in. */
export function entryDisabled(entry: DirectoryEntry): boolean {
  const locked = firstText(entry, ["pwdAccountLockedTime"]);
  // Any lock time counts: the lockout this app relies on is its own (the brute-force limits), not ppolicy's expiry.
  if (locked !== undefined) return true;
  const flags = Number(firstText(entry, ["userAccountControl"]) ?? "0");
  return Number.isInteger(flags) && (flags & AD_ACCOUNT_DISABLED) !== 0;
}

/** The entry as one of our accounts; undefined without an id or an email (it cannot be signed in to). */
export function entryToUser(
  entry: DirectoryEntry,
  options: { idAttribute: string; attributes: AttributeMap; groups?: string[] },
): User | undefined {
  const id = entryId(entry, options.idAttribute);
  const email = firstText(entry, options.attributes.email);
  if (id === undefined || email === undefined) return undefined;
  const { attributes } = options;
  const profile = {
    name: firstText(entry, attributes.name),
    given_name: firstText(entry, attributes.given_name),
    family_name: firstText(entry, attributes.family_name),
    preferred_username: firstText(entry, attributes.preferred_username),
    locale: firstText(entry, attributes.locale),
  };
  return {
    id,
    email: email.toLowerCase(),
    // The directory's operator vouches for the addresses in it.
    emailVerified: true,
    profile: Object.fromEntries(Object.entries(profile).filter(([, value]) => value !== undefined)),
    disabled: entryDisabled(entry),
    ...(options.groups === undefined ? {} : { groups: options.groups }),
  };
}

/** Every attribute a search for accounts asks for. */
export function requestedAttributes(attributes: AttributeMap, idAttribute: string): string[] {
  return [...new Set([idAttribute, ...Object.values(attributes).flat(), ...STATUS_ATTRIBUTES])];
}
