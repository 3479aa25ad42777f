/**
 * LDAP_ATTRIBUTES: which directory attributes become which of our claims. Here at the bottom so the settings can
 * check it at start; identity/directory/ reads entries with it.
 */

/** Our claims and the attributes each is read from, in order of preference (LDAP_ATTRIBUTES overrides them). */
export interface AttributeMap {
  email: readonly string[];
  name: readonly string[];
  given_name: readonly string[];
  family_name: readonly string[];
  preferred_username: readonly string[];
  locale: readonly string[];
}

const DEFAULT_ATTRIBUTES: AttributeMap = {
  email: ["mail"],
  name: ["displayName", "cn"],
  given_name: ["givenName"],
  family_name: ["sn"],
  preferred_username: ["uid", "sAMAccountName"],
  locale: ["preferredLanguage"],
};

/**
 * LDAP_ATTRIBUTES: `claim=attribute|fallback` pairs separated by commas (`name=displayName|cn,locale=c`), each
 * replacing the default of its claim. Throws with the reason on an unknown claim or an empty attribute list.
 */
export function parseAttributeMap(text: string): AttributeMap {
  const map: AttributeMap = { ...DEFAULT_ATTRIBUTES };
  for (const pair of text
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean)) {
    const [claim = "", attributes = ""] = pair.split("=", 2).map((part) => part.trim());
    if (!(claim in map)) throw new Error(`unknown claim "${claim}" (one of ${Object.keys(map).join(", ")})`);
    const names = attributes
      .split("|")
      .map((name) => name.trim())
      .filter(Boolean);
    if (names.length === 0 || names.some((name) => !/^[A-Za-z][A-Za-z0-9-]*$/.test(name))) {
      throw new Error(`"${pair}": attribute names are letters, digits and hyphens`);
    }
    map[claim as keyof AttributeMap] = names;
  }
  return map;
}
