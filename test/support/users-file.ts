import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * A users file as a person writes it by hand, in YAML: comments (own-line and trailing), both quoting styles and
 * none, keys in another order, fields left to their defaults. Ada and Grace always; Alan (disabled, unquoted hash,
 * `email` before `id`) when his hash is given. Tests that rewrite the file check every other byte is kept.
 */
export function handWrittenUsersYaml(hashes: { ada: string; grace: string; alan?: string }): string {
  return [
    "# Accounts of the example deployment.",
    "- id: u-ada",
    "  email: Ada@Example.com",
    "  email_verified: true",
    `  password_hash: "${hashes.ada}"`,
    "  claims:",
    "    name: Ada # as she signed",
    "",
    "# Grace keeps the defaults.",
    "- id: u-grace",
    "  email: grace@example.com",
    `  password_hash: '${hashes.grace}'`,
    ...(hashes.alan === undefined
      ? [""]
      : ["- email: alan@example.com", "  id: u-alan", `  password_hash: ${hashes.alan}`, "  disabled: true", ""]),
  ].join("\n");
}

/** Writes `text` as `name` (users.yml, users.json…) in a fresh temporary folder, for a UsersFileStore to open. */
export function usersFileIn(name: string, text: string): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "users-file-"));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return { dir, file };
}
