import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pino } from "pino";
import YAML from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { AccountError } from "../../src/identity/account-admin.js";
import { MemoryUserStore } from "../../src/identity/memory-store.js";
import { hashPassword, verifyPassword } from "../../src/identity/passwords.js";
import { UnknownAccountError, type UserStore } from "../../src/identity/store.js";
import { UsersFileStore } from "../../src/identity/users-file.js";
import { handWrittenUsersYaml, usersFileIn } from "../support/users-file.js";

const OLD = "old password, long enough";
const NEW = "new password, also long enough";
const silent = pino({ level: "silent" });
// One hash per account, so a test can tell exactly which one changed in the file's text.
let ada: string;
let grace: string;
let alan: string;
let changed: string;

beforeAll(async () => {
  ada = await hashPassword(OLD);
  grace = await hashPassword(OLD);
  alan = await hashPassword(OLD);
  changed = await hashPassword(NEW);
});

async function signsInWith(store: UserStore, email: string, password: string): Promise<boolean> {
  const account = await store.findByEmail(email);
  return account !== undefined && (await verifyPassword(account.passwordHash, password));
}

function folder(): string {
  return mkdtempSync(path.join(os.tmpdir(), "change-password-"));
}

describe("changing a password in memory", () => {
  it("replaces the hash by id; the next sign-in checks the new password", async () => {
    const store = new MemoryUserStore([
      { id: "m-1", email: "ada@example.com", emailVerified: true, profile: {}, disabled: false, passwordHash: ada },
      { id: "m-2", email: "grace@example.com", emailVerified: true, profile: {}, disabled: false, passwordHash: grace },
    ]);
    await store.changePassword("m-1", changed);
    expect(await signsInWith(store, "ada@example.com", NEW)).toBe(true);
    expect(await signsInWith(store, "ada@example.com", OLD)).toBe(false);
    expect(await signsInWith(store, "grace@example.com", OLD)).toBe(true);
    expect(await store.findById("m-1")).not.toHaveProperty("passwordHash");
    const refusal = store.changePassword("nobody", changed);
    await expect(refusal).rejects.toBeInstanceOf(UnknownAccountError);
    await expect(refusal).rejects.toBeInstanceOf(AccountError);
    await expect(refusal).rejects.toMatchObject({ name: "UnknownAccountError", id: "nobody" });
  });
});

describe("changing a password in a users file", () => {
  /** Accounts as a person writes them: some fields left to their defaults, ids that are not emails. */
  const accounts = () => [
    { id: "u-ada", email: "Ada@Example.com", email_verified: true, password_hash: ada, claims: { name: "Ada" } },
    { id: "u-grace", email: "grace@example.com", password_hash: grace },
    { id: "u-alan", email: "alan@example.com", disabled: true, password_hash: alan, claims: { locale: "en" } },
  ];

  it("JSON: changes that one hash, keeps every other byte, and takes effect at once", async () => {
    const dir = folder();
    const file = path.join(dir, "users.json");
    const before = JSON.stringify(accounts(), null, 2) + "\n";
    writeFileSync(file, before);
    const inode = statSync(file).ino;
    const store = new UsersFileStore(file, silent); // watching, as the server does
    try {
      await store.changePassword("u-grace", changed);
      // At once: no reload, no waiting for the watcher.
      expect(await signsInWith(store, "grace@example.com", NEW)).toBe(true);
      expect(await signsInWith(store, "grace@example.com", OLD)).toBe(false);
      expect(await signsInWith(store, "ada@example.com", OLD)).toBe(true);

      const after = readFileSync(file, "utf8");
      expect(after).toBe(before.replace(grace, changed));
      expect(JSON.parse(after)).toEqual(
        accounts().map((a) => (a.id === "u-grace" ? { ...a, password_hash: changed } : a)),
      );
      // Replaced by a rename, not written in place; no temporary file left behind.
      expect(statSync(file).ino).not.toBe(inode);
      expect(readdirSync(dir)).toEqual(["users.json"]);
      // Another process reading the file (the accounts command, a second replica) sees the new password.
      const other = new UsersFileStore(file, silent, { watch: false });
      expect(await signsInWith(other, "grace@example.com", NEW)).toBe(true);
      // The watcher noticing the rename later changes nothing.
      store.reload();
      expect(await signsInWith(store, "grace@example.com", NEW)).toBe(true);
    } finally {
      await store.close();
    }
  });

  it("JSON written compactly is written back indented, with every account's fields as they were", async () => {
    const file = path.join(folder(), "users.json");
    writeFileSync(file, JSON.stringify(accounts()));
    const store = new UsersFileStore(file, silent, { watch: false });
    await store.changePassword("u-ada", changed);
    expect(readFileSync(file, "utf8")).toBe(
      JSON.stringify(
        accounts().map((a) => (a.id === "u-ada" ? { ...a, password_hash: changed } : a)),
        null,
        2,
      ) + "\n",
    );
    expect(await signsInWith(store, "ada@example.com", NEW)).toBe(true);
  });

  it("YAML: keeps comments, order, quoting and the other accounts exactly", async () => {
    const before = handWrittenUsersYaml({ ada, grace, alan });
    const { dir, file } = usersFileIn("users.yml", before);
    const store = new UsersFileStore(file, silent, { watch: false });

    await store.changePassword("u-grace", changed);
    expect(readFileSync(file, "utf8")).toBe(before.replace(grace, changed));
    await store.changePassword("u-alan", changed);
    await store.changePassword("u-ada", changed);
    expect(readFileSync(file, "utf8")).toBe(
      before.replace(grace, changed).replace(alan, changed).replace(ada, changed),
    );
    expect(YAML.parse(readFileSync(file, "utf8"))).toHaveLength(3);
    expect(readdirSync(dir)).toEqual(["users.yml"]);
    for (const email of ["ada@example.com", "grace@example.com"]) {
      expect(await signsInWith(store, email, NEW)).toBe(true);
      expect(await signsInWith(store, email, OLD)).toBe(false);
    }
    expect((await store.findByEmail("alan@example.com"))?.disabled).toBe(true);
  });

  it("refuses an unknown id with a typed error and leaves the file untouched", async () => {
    const dir = folder();
    const file = path.join(dir, "users.yaml");
    const before = YAML.stringify(accounts());
    writeFileSync(file, before);
    const store = new UsersFileStore(file, silent, { watch: false });
    await expect(store.changePassword("u-nobody", changed)).rejects.toBeInstanceOf(UnknownAccountError);
    await expect(store.changePassword("ada@example.com", changed)).rejects.toThrow("no account with the id");
    expect(readFileSync(file, "utf8")).toBe(before);
    expect(readdirSync(dir)).toEqual(["users.yaml"]);
    expect(await signsInWith(store, "ada@example.com", OLD)).toBe(true);
  });

  it("refuses to write over a file that is broken right now, and keeps the last good accounts", async () => {
    const dir = folder();
    const file = path.join(dir, "users.json");
    writeFileSync(file, JSON.stringify(accounts()));
    const store = new UsersFileStore(file, silent, { watch: false });
    writeFileSync(file, "[ half-edited");
    await expect(store.changePassword("u-ada", changed)).rejects.toThrow(file);
    expect(readFileSync(file, "utf8")).toBe("[ half-edited");
    expect(await signsInWith(store, "ada@example.com", OLD)).toBe(true);
  });

  it("refuses a hash the file cannot hold, and a failed write leaves the file as it was", async () => {
    const dir = folder();
    const file = path.join(dir, "users.json");
    const before = JSON.stringify(accounts());
    writeFileSync(file, before);
    const store = new UsersFileStore(file, silent, { watch: false });
    await expect(store.changePassword("u-ada", "plain text")).rejects.toThrow("argon2");
    // Something in the way of the temporary file: the write fails and nothing is changed.
    mkdirSync(path.join(dir, `.users.json.${process.pid}.tmp`));
    await expect(store.changePassword("u-ada", changed)).rejects.toThrow("cannot write");
    expect(readFileSync(file, "utf8")).toBe(before);
    expect(await signsInWith(store, "ada@example.com", OLD)).toBe(true);
  });
});
