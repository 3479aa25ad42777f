import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { UsersFileStore } from "../../src/identity/users-file.js";
import { handWrittenUsersYaml, usersFileIn } from "../support/users-file.js";
import { FAKE_HASH, passkey, sha256, totp } from "./factor-store-contract.js";

const silent = pino({ level: "silent" });

function folder(): string {
  return mkdtempSync(path.join(os.tmpdir(), "users-file-factors-"));
}

const YAML_BEFORE = handWrittenUsersYaml({ ada: FAKE_HASH, grace: FAKE_HASH });

describe("second factors in a users file", () => {
  it("an old file without the new fields loads, with their defaults", async () => {
    const { file } = usersFileIn("users.yml", YAML_BEFORE);
    const store = new UsersFileStore(file, silent, { watch: false });
    expect(await store.getFactors("u-grace")).toEqual({
      totp: undefined,
      recoveryCodeHashes: [],
      passkeys: [],
      mfaRequired: false,
    });
    expect(await store.anyFactors()).toBe(false);
  });

  it("YAML: each change edits that account's fields only; comments, quoting and the other account stay", async () => {
    const { dir, file } = usersFileIn("users.yml", YAML_BEFORE);
    const store = new UsersFileStore(file, silent, { watch: false });
    const inode = statSync(file).ino;

    await store.setTotp("u-ada", totp(10));
    // Replaced by a rename, not written in place (checked at once: a later rename may reuse the number).
    expect(statSync(file).ino).not.toBe(inode);
    await store.setRecoveryCodes("u-ada", [sha256("one"), sha256("two")]);
    await store.addPasskey("u-ada", passkey("cred-1"));
    await store.setMfaRequired("u-ada", true);
    expect(await store.useTotpStep("u-ada", 11)).toBe(true);
    expect(await store.consumeRecoveryCode("u-ada", sha256("one"))).toBe(true);
    await store.touchPasskey("u-ada", "cred-1", 5);
    await store.renamePasskey("u-ada", "cred-1", "Laptop");

    const text = readFileSync(file, "utf8");
    expect(text).toContain("# Accounts of the example deployment.");
    expect(text).toContain("name: Ada # as she signed");
    expect(text).toContain(`password_hash: "${FAKE_HASH}"`);
    // Grace's part, comment included, is exactly as it was: no defaults filled in.
    expect(text.slice(text.indexOf("# Grace"))).toBe(YAML_BEFORE.slice(YAML_BEFORE.indexOf("# Grace")));
    const [ada] = YAML.parse(text) as Array<Record<string, unknown>>;
    expect(ada).toMatchObject({
      mfa_required: true,
      totp: { sealed_secret: totp().sealedSecret, confirmed_at: totp().confirmedAt, last_used_step: 11 },
      recovery_codes: [sha256("two")],
      passkeys: [
        {
          credential_id: "cred-1",
          public_key: "pk-cred-1",
          counter: 5,
          transports: ["internal", "hybrid"],
          name: "Laptop",
          created_at: passkey("cred-1").createdAt,
          device_type: "multiDevice",
          backed_up: true,
        },
      ],
    });
    expect(typeof (ada!.passkeys as Array<Record<string, unknown>>)[0]!.last_used_at).toBe("string");
    // No temporary file left; another reader (a second process) sees the same.
    expect(readdirSync(dir)).toEqual(["users.yml"]);
    const other = new UsersFileStore(file, silent, { watch: false });
    expect(await other.getFactors("u-ada")).toEqual(await store.getFactors("u-ada"));
    expect((await other.findPasskey("cred-1"))?.userId).toBe("u-ada");

    // Reset and switch off: the account's text is as it was before, the comments too.
    await store.resetFactors("u-ada");
    await store.setMfaRequired("u-ada", false);
    expect(readFileSync(file, "utf8")).toBe(
      YAML_BEFORE.replace("    name: Ada # as she signed\n", "    name: Ada # as she signed\n  mfa_required: false\n"),
    );
  });

  it("nothing to change writes nothing (no empty defaults added)", async () => {
    const { file } = usersFileIn("users.yml", YAML_BEFORE);
    const store = new UsersFileStore(file, silent, { watch: false });
    await store.setTotp("u-grace", undefined);
    await store.setRecoveryCodes("u-grace", []);
    await store.setMfaRequired("u-grace", false);
    await store.resetFactors("u-grace");
    expect(await store.useTotpStep("u-grace", 3)).toBe(false);
    expect(await store.consumeRecoveryCode("u-grace", sha256("x"))).toBe(false);
    expect(await store.removePasskey("u-grace", "nope")).toBe(false);
    await store.setTotp("u-grace", totp());
    await store.setTotp("u-grace", undefined);
    expect(readFileSync(file, "utf8")).toBe(YAML_BEFORE);
  });

  it("JSON: the new fields in snake_case, other accounts' fields exactly as they were", async () => {
    const file = path.join(folder(), "users.json");
    const accounts = [
      { id: "j-1", email: "one@example.com", password_hash: FAKE_HASH },
      { id: "j-2", email: "two@example.com", password_hash: FAKE_HASH, claims: { name: "Two" } },
    ];
    writeFileSync(file, JSON.stringify(accounts));
    const store = new UsersFileStore(file, silent, { watch: false });
    await store.addPasskey("j-2", passkey("cred-j"));
    await store.setRecoveryCodes("j-2", [sha256("r")]);
    const written = JSON.parse(readFileSync(file, "utf8")) as unknown[];
    expect(written[0]).toEqual(accounts[0]);
    expect(written[1]).toEqual({
      ...accounts[1],
      passkeys: [
        {
          credential_id: "cred-j",
          public_key: "pk-cred-j",
          counter: 0,
          transports: ["internal", "hybrid"],
          name: "Key cred-j",
          created_at: passkey("cred-j").createdAt,
          device_type: "multiDevice",
          backed_up: true,
        },
      ],
      recovery_codes: [sha256("r")],
    });
    // Account administration leaves the factors alone and adds none to the others.
    await store.setClaims("two@example.com", { locale: "en" });
    await store.setDisabled("one@example.com", true);
    const after = JSON.parse(readFileSync(file, "utf8")) as Array<Record<string, unknown>>;
    expect(after[0]).toEqual({ ...accounts[0], disabled: true });
    expect(after[1]).toMatchObject({ claims: { name: "Two", locale: "en" }, recovery_codes: [sha256("r")] });
    expect((await store.list()).map((account) => Object.keys(account).sort())).toEqual([
      ["claims", "disabled", "email", "email_verified", "id"],
      ["claims", "disabled", "email", "email_verified", "id"],
    ]);
    expect((await store.getFactors("j-2")).passkeys).toEqual([passkey("cred-j")]);
  });

  it("refuses a file with a bad factor field, or one passkey on two accounts, naming the file", () => {
    const file = path.join(folder(), "users.json");
    const base = { email: "x@example.com", password_hash: FAKE_HASH };
    const key = { credential_id: "c", public_key: "p", counter: 0, name: "K", created_at: "2025-01-01T00:00:00Z" };
    const full = { ...key, device_type: "singleDevice", backed_up: false };
    for (const accounts of [
      [{ id: "a", ...base, recovery_codes: ["not-a-hash"] }],
      [{ id: "a", ...base, totp: { sealed_secret: "s" } }],
      [{ id: "a", ...base, passkeys: [key] }],
      [{ id: "a", ...base, mfa_required: "yes" }],
      [
        { id: "a", ...base, passkeys: [full] },
        { id: "b", email: "y@example.com", password_hash: FAKE_HASH, passkeys: [full] },
      ],
    ]) {
      writeFileSync(file, JSON.stringify(accounts));
      expect(() => new UsersFileStore(file, silent, { watch: false })).toThrow(file);
    }
  });

  it("refuses to change a file that is broken right now, and keeps the last good factors", async () => {
    const file = path.join(folder(), "users.json");
    writeFileSync(file, JSON.stringify([{ id: "b-1", email: "b@example.com", password_hash: FAKE_HASH }]));
    const store = new UsersFileStore(file, silent, { watch: false });
    await store.setTotp("b-1", totp(1));
    writeFileSync(file, "[ half-edited");
    await expect(store.useTotpStep("b-1", 2)).rejects.toThrow(file);
    expect(readFileSync(file, "utf8")).toBe("[ half-edited");
    expect((await store.getFactors("b-1")).totp).toEqual(totp(1));
    // A failed change does not block the ones after it.
    writeFileSync(file, JSON.stringify([{ id: "b-1", email: "b@example.com", password_hash: FAKE_HASH }]));
    await store.setMfaRequired("b-1", true);
    expect((await store.getFactors("b-1")).mfaRequired).toBe(true);
  });
});
