import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pino } from "pino";
import YAML from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { authenticate } from "../../src/identity/authenticate.js";
import { hashPassword } from "../../src/identity/passwords.js";
import { UsersFileStore } from "../../src/identity/users-file.js";

let hash: string;
beforeAll(async () => {
  hash = await hashPassword("correct horse battery");
});

function folder(): string {
  return mkdtempSync(path.join(os.tmpdir(), "users-file-"));
}

function capture() {
  const lines: string[] = [];
  return { logger: pino({ level: "info" }, { write: (line: string) => lines.push(line) }), lines };
}

const account = (overrides: Record<string, unknown> = {}) => ({
  id: "user-1",
  email: "Ada@Example.com",
  email_verified: true,
  password_hash: hash,
  claims: { name: "Ada Lovelace", locale: "en", phone_number: "+44 20 0000", address: { country: "GB" } },
  ...overrides,
});

describe("users file store", () => {
  it("reads JSON; emails match case-insensitively and trimmed; the subject is the stable id", async () => {
    const file = path.join(folder(), "users.json");
    writeFileSync(file, JSON.stringify([account()]));
    const store = new UsersFileStore(file, capture().logger, { watch: false });
    const user = await authenticate(store, "  ADA@example.COM ", "correct horse battery");
    expect(user?.id).toBe("user-1");
    expect(user).not.toHaveProperty("passwordHash");
    expect(user?.profile.name).toBe("Ada Lovelace");
    expect(user?.phoneNumber).toBe("+44 20 0000");
    expect(user?.address).toEqual({ country: "GB" });
    expect(await authenticate(store, "ada@example.com", "wrong")).toBeUndefined();
    expect((await store.findById("user-1"))?.email).toBe("Ada@Example.com");
    await store.close();
  });

  it("reads YAML", async () => {
    const file = path.join(folder(), "users.yaml");
    writeFileSync(
      file,
      `- id: y-1\n  email: yaml@example.com\n  password_hash: "${hash}"\n  claims:\n    name: Yaml Person\n`,
    );
    const store = new UsersFileStore(file, capture().logger, { watch: false });
    expect((await authenticate(store, "yaml@example.com", "correct horse battery"))?.profile.name).toBe("Yaml Person");
  });

  it("a disabled account cannot sign in, even with the right password", async () => {
    const file = path.join(folder(), "users.json");
    writeFileSync(file, JSON.stringify([account({ disabled: true })]));
    const store = new UsersFileStore(file, capture().logger, { watch: false });
    expect(await authenticate(store, "ada@example.com", "correct horse battery")).toBeUndefined();
  });

  it.each([
    ["not JSON", "{ nope"],
    [
      "a duplicate email",
      JSON.stringify([
        { id: "a", email: "x@y.z", password_hash: "$argon2id$x" },
        { id: "b", email: "X@y.z ", password_hash: "$argon2id$x" },
      ]),
    ],
    [
      "a duplicate id",
      JSON.stringify([
        { id: "a", email: "x@y.z", password_hash: "$argon2id$x" },
        { id: "a", email: "w@y.z", password_hash: "$argon2id$x" },
      ]),
    ],
    ["a plain-text password", JSON.stringify([{ id: "a", email: "x@y.z", password_hash: "hunter2" }])],
    ["an unknown field", JSON.stringify([{ id: "a", email: "x@y.z", password_hash: "$argon2id$x", pasword: "typo" }])],
  ])("refuses to start with %s, naming the file", (_case, text) => {
    const file = path.join(folder(), "users.json");
    writeFileSync(file, text);
    expect(() => new UsersFileStore(file, capture().logger, { watch: false })).toThrow(file);
  });

  it("reloads when the file changes, and a broken file keeps the last good accounts with a loud log line", async () => {
    const file = path.join(folder(), "users.json");
    writeFileSync(file, JSON.stringify([account()]));
    const { logger, lines } = capture();
    const store = new UsersFileStore(file, logger);
    try {
      writeFileSync(file, JSON.stringify([account(), account({ id: "user-2", email: "grace@example.com" })]));
      await expect
        .poll(async () => (await store.findByEmail("grace@example.com"))?.id, { timeout: 5000 })
        .toBe("user-2");

      writeFileSync(file, "[ broken");
      await expect
        .poll(() => lines.some((line) => line.includes("USERS FILE IS BROKEN")), { timeout: 5000 })
        .toBe(true);
      expect((await store.findByEmail("grace@example.com"))?.id).toBe("user-2");
      expect(lines.find((line) => line.includes("USERS FILE IS BROKEN"))).toContain('"level":50');
    } finally {
      await store.close();
    }
  });

  it("account changes rewrite the file atomically and take effect at once", async () => {
    const file = path.join(folder(), "users.yaml");
    writeFileSync(file, "[]\n");
    const store = new UsersFileStore(file, capture().logger, { watch: false });
    await store.add({
      id: "n-1",
      email: " New@Example.com",
      email_verified: false,
      disabled: false,
      password_hash: hash,
      claims: {},
    });
    await expect(
      store.add({
        id: "n-2",
        email: "new@example.com",
        email_verified: false,
        disabled: false,
        password_hash: hash,
        claims: {},
      }),
    ).rejects.toThrow("exists already");
    await store.setClaims("new@example.com", { given_name: "New", locale: "de" });
    await store.setClaims("new@example.com", { locale: null });
    expect((await store.list())[0]).toEqual({
      id: "n-1",
      email: "new@example.com",
      email_verified: false,
      disabled: false,
      claims: { given_name: "New" },
    });
    await store.setDisabled("new@example.com", true);
    expect(await authenticate(store, "new@example.com", "correct horse battery")).toBeUndefined();
    await store.setDisabled("new@example.com", false);
    await store.setPassword("new@example.com", await hashPassword("another password"));
    expect((await authenticate(store, "new@example.com", "another password"))?.id).toBe("n-1");
    await expect(store.setPassword("nobody@example.com", hash)).rejects.toThrow("no account");
  });

  it.each(["users.json", "users.yaml"])(
    "remove takes one account out of %s, and leaves the others as they were",
    async (name) => {
      const file = path.join(folder(), name);
      const records = [
        account(),
        account({ id: "user-2", email: "grace@example.com" }),
        account({ id: "user-3", email: "lin@example.com" }),
      ];
      writeFileSync(file, name.endsWith(".json") ? JSON.stringify(records, null, 2) + "\n" : YAML.stringify(records));
      const store = new UsersFileStore(file, capture().logger, { watch: false });
      expect(await store.remove(" Grace@Example.com")).toBe("user-2");
      expect(await store.findByEmail("grace@example.com")).toBeUndefined();
      expect(await store.findById("user-2")).toBeUndefined();
      expect((await store.list()).map((record) => record.id)).toEqual(["user-1", "user-3"]);
      await expect(store.remove("grace@example.com")).rejects.toThrow("no account with the email grace@example.com");
      // Exactly the removed account's text is gone.
      const kept = [records[0], records[2]];
      expect(readFileSync(file, "utf8")).toBe(
        name.endsWith(".json") ? JSON.stringify(kept, null, 2) + "\n" : YAML.stringify(kept),
      );
    },
  );
});
