/**
 * Search filters with the typed email in them, escaped as RFC 4515 §3 says, so that what a person types is only
 * ever a value: `*` cannot widen a search, `)(` cannot add a clause, a NUL cannot cut one short.
 */

/** A value for an LDAP filter: `*`, `(`, `)`, `\` and NUL as `\2a`, `\28`, `\29`, `\5c`, `\00` (RFC 4515). */
export function escapeFilterValue(value: string): string {
  // eslint-disable-next-line no-control-regex -- NUL is one of the characters RFC 4515 escapes
  return value.replace(/[*()\\\u0000]/g, (character) => `\\${character.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** The operator's filter (LDAP_USER_FILTER) with every `{email}` replaced by the escaped email. */
export function userFilter(template: string, email: string): string {
  const value = escapeFilterValue(email);
  return template.replaceAll("{email}", () => value);
}

/** An equality filter for one attribute; binary values (objectGUID) go in as `\xx` bytes. */
export function equalityFilter(attribute: string, value: string | Buffer): string {
  const escaped =
    typeof value === "string"
      ? escapeFilterValue(value)
      : [...value].map((byte) => `\\${byte.toString(16).padStart(2, "0")}`).join("");
  return `(${attribute}=${escaped})`;
}
