import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type Postgres } from "../../e2e/harness/postgres.js";
import { authenticate } from "../../src/identity/authenticate.js";
import { UsersFileStore } from "../../src/identity/users-file.js";
import { PostgresUsersStore } from "../../src/identity/users-postgres.js";

const root = path.resolve(import.meta.dirname, "../..");

/** Runs the accounts command as a person would, with the password on standard input. */
function accounts(
  args: string[],
  env: Record<string, string>,
  stdin = "",
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/accounts.ts", ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, ...env },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.stdin.end(stdin);
    child.once("exit", (code) => resolve({ code, out, err }));
  });
}

describe("accounts command on a users file", () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "accounts-cli-")), "users.json");
  const env = { USERS_FILE: file };
  beforeAll(() => writeFileSync(file, "[]"));

  it("adds an account with the password from stdin; it can then sign in, and list shows no hash", async () => {
    const added = await accounts(
      ["add", "Ada@Example.com", "--name", "Ada Lovelace", "--verified"],
      env,
      "correct horse battery\n",
    );
    expect(added).toMatchObject({ code: 0, out: "added ada@example.com\n" });
    const store = new UsersFileStore(file, pino({ level: "silent" }), { watch: false });
    expect((await authenticate(store, "ada@example.com", "correct horse battery"))?.profile.name).toBe("Ada Lovelace");
    expect(readFileSync(file, "utf8")).not.toContain("correct horse battery");

    const listed = await accounts(["list"], env);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^ada@example\.com\t[0-9a-f-]{36}\tverified\t\{"name":"Ada Lovelace"\}\n$/);
    expect(listed.out + listed.err).not.toContain("argon2");
  });

  it("disables and enables, sets claims, and refuses bad input with clear messages", async () => {
    expect((await accounts(["disable", "ada@example.com"], env)).code).toBe(0);
    let store = new UsersFileStore(file, pino({ level: "silent" }), { watch: false });
    expect(await authenticate(store, "ada@example.com", "correct horse battery")).toBeUndefined();
    expect((await accounts(["enable", "ada@example.com"], env)).code).toBe(0);
    expect((await accounts(["set-claims", "ada@example.com", "locale=en", 'address={"country":"GB"}'], env)).code).toBe(
      0,
    );
    store = new UsersFileStore(file, pino({ level: "silent" }), { watch: false });
    expect((await store.findByEmail("ada@example.com"))?.address).toEqual({ country: "GB" });

    expect(await accounts(["set-password", "ada@example.com"], env, "short\n")).toMatchObject({
      code: 1,
      err: "accounts: the password needs at least 8 characters\n",
    });
    expect(await accounts(["disable", "nobody@example.com"], env)).toMatchObject({
      code: 1,
      err: "accounts: no account with the email nobody@example.com\n",
    });
    expect((await accounts(["add", "ada@example.com"], env, "another password\n")).err).toContain("exists already");
    expect((await accounts(["frobnicate"], env)).code).toBe(2);
    expect((await accounts(["list"], {})).err).toContain("set USERS_FILE or USERS_DATABASE_URL");
  });
});

describe("accounts command on PostgreSQL", () => {
  let server: Postgres;
  beforeAll(async () => {
    server = await startPostgres();
    await server.createDatabase("cli");
  }, 60_000);
  afterAll(async () => server?.stop());

  it("adds an account that then signs in, and sets a new password", async () => {
    const env = { USERS_DATABASE_URL: server.url("cli") };
    expect((await accounts(["add", "grace@example.com", "--id", "grace-1"], env, "first password\n")).code).toBe(0);
    expect((await accounts(["set-password", "grace@example.com"], env, "second password\n")).code).toBe(0);
    const store = await PostgresUsersStore.connect(server.url("cli"), pino({ level: "silent" }));
    try {
      expect(await authenticate(store, "grace@example.com", "first password")).toBeUndefined();
      expect((await authenticate(store, "grace@example.com", "second password"))?.id).toBe("grace-1");
    } finally {
      await store.close();
    }
  });
});
