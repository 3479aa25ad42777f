import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type Postgres } from "../../e2e/harness/postgres.js";
import { authenticate } from "../../src/identity/authenticate.js";
import type { UserStore } from "../../src/identity/store.js";
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

/** Registers two passkeys and turns TOTP and recovery codes on, as the account pages would. */
async function enrol(store: UserStore, id: string): Promise<void> {
  const key = (credentialId: string, name: string) => ({
    credentialId,
    publicKey: "pk",
    counter: 0,
    transports: ["internal"],
    name,
    createdAt: "2025-04-01T10:00:00.000Z",
    lastUsedAt: undefined,
    deviceType: "multiDevice",
    backedUp: true,
  });
  await store.setTotp(id, { sealedSecret: "sealed", confirmedAt: "2025-04-01T10:00:00.000Z", lastUsedStep: 1 });
  await store.setRecoveryCodes(id, ["ab".repeat(32)]);
  await store.addPasskey(id, key("LAPTOPcredential-0001", "Laptop"));
  await store.addPasskey(id, key("PHONEcredential-0002", "Phone"));
  await store.touchPasskey(id, "PHONEcredential-0002", 1);
}

/** The factor commands, the same on every store; `open` reads the store afresh. */
async function factorCommands(env: Record<string, string>, open: () => Promise<UserStore>, email: string) {
  const list = async () => (await accounts(["list"], env)).out.split("\n").find((line) => line.startsWith(email));
  const id = (await accounts(["list"], env)).out
    .split("\n")
    .find((line) => line.startsWith(email))!
    .split("\t")[1]!;
  let store = await open();
  await enrol(store, id);
  await store.close();
  expect(await list()).toContain("\ttotp,passkeys=2\t");

  const listed = await accounts(["passkeys", email], env);
  expect(listed.code).toBe(0);
  const lines = listed.out.trimEnd().split("\n");
  expect(lines).toHaveLength(2);
  expect(lines[0]).toBe("Laptop\tLAPTOPcreden…\tcreated 2025-04-01T10:00:00.000Z\tlast used never");
  expect(lines[1]).toMatch(/^Phone\tPHONEcredent…\tcreated 2025-04-01T10:00:00\.000Z\tlast used 20\d\d-/);
  expect(listed.out).not.toContain("sealed");

  expect(await accounts(["remove-passkey", email, "cred"], env)).toMatchObject({ code: 1 });
  expect(await accounts(["remove-passkey", email, "NOPE-credential"], env)).toMatchObject({
    code: 1,
    err: "accounts: no passkey with an id starting with NOPE-credential\n",
  });
  expect((await accounts(["remove-passkey", email], env)).code).toBe(2);
  expect(await accounts(["remove-passkey", email, "PHONEc"], env)).toMatchObject({
    code: 0,
    out: 'removed the passkey "Phone" (PHONEcredential-0002)\n',
  });
  expect((await accounts(["passkeys", email], env)).out).toMatch(/^Laptop\t/);
  expect(await list()).toContain("\ttotp,passkeys=1\t");

  expect((await accounts(["require-mfa", email], env)).code).toBe(0);
  expect(await list()).toContain("\ttotp,passkeys=1,mfa-required\t");
  expect(await accounts(["reset-factors", email.toUpperCase()], env)).toMatchObject({
    code: 0,
    out: `removed the TOTP, recovery codes and passkeys of ${email}\n`,
  });
  store = await open();
  expect(await store.getFactors(id)).toEqual({
    totp: undefined,
    recoveryCodeHashes: [],
    passkeys: [],
    mfaRequired: true,
  });
  await store.close();
  expect((await accounts(["passkeys", email], env)).out).toBe("no passkeys\n");
  expect((await accounts(["allow-single-factor", email], env)).code).toBe(0);
  expect(await list()).not.toMatch(/totp|passkeys=|mfa-required/);

  for (const command of ["reset-factors", "passkeys", "require-mfa", "allow-single-factor"]) {
    expect(await accounts([command, "nobody@example.com"], env)).toMatchObject({
      code: 1,
      err: "accounts: no account with the email nobody@example.com\n",
    });
    expect((await accounts([command], env)).code).toBe(2);
  }
  expect((await accounts(["--help"], env)).out).toContain("remove-passkey <email> <credential-id-or-prefix>");
}

describe("accounts command: second factors on a users file", () => {
  it("lists, removes passkeys, switches mfa_required and resets factors", async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "accounts-cli-")), "users.yaml");
    writeFileSync(file, "# Our accounts.\n[]\n");
    const env = { USERS_FILE: file };
    expect((await accounts(["add", "lin@example.com"], env, "a long password\n")).code).toBe(0);
    const open = async () => new UsersFileStore(file, pino({ level: "silent" }), { watch: false });
    await factorCommands(env, open, "lin@example.com");
    expect(readFileSync(file, "utf8")).not.toMatch(/passkeys|recovery_codes|totp/);
  }, 120_000);
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

  it("lists, removes passkeys, switches mfa_required and resets factors", async () => {
    const env = { USERS_DATABASE_URL: server.url("cli") };
    expect((await accounts(["add", "lin@example.com"], env, "a long password\n")).code).toBe(0);
    const open = () => PostgresUsersStore.connect(server.url("cli"), pino({ level: "silent" }));
    await factorCommands(env, open, "lin@example.com");
  }, 120_000);
});
