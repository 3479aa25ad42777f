import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pino } from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../src/identity/passwords.js";
import { readUsersFile, UsersFileStore } from "../../src/identity/users-file.js";

const root = path.resolve(import.meta.dirname, "../..");

/** Runs a TypeScript file as its own process; resolves with its exit code and output. */
function run(script: string, args: string[], env: Record<string, string> = {}, onOut?: (text: string) => void) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, ...env },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      onOut?.(out);
    });
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.stdin.end();
    child.once("exit", (code) => resolve({ code, out, err }));
  });
}

const accounts = (args: string[], file: string) => run("src/cli/accounts.ts", args, { USERS_FILE: file });

let hash: string;
beforeAll(async () => {
  hash = await hashPassword("correct horse battery staple");
});

function usersFile(name: string, records: object[]): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "users-processes-")), name);
  writeFileSync(file, name.endsWith(".json") ? JSON.stringify(records, null, 2) : JSON.stringify(records));
  return file;
}

const person = (n: number) => ({ id: `person-${n}`, email: `person${n}@example.com`, password_hash: hash });

describe("users file changed by several processes at once", () => {
  it("12 accounts commands run at once, each setting a claim of its own account: all 12 changes are kept", async () => {
    const file = usersFile(
      "users.json",
      Array.from({ length: 12 }, (_, n) => person(n)),
    );
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, n) => accounts(["set-claims", `person${n}@example.com`, `nickname=n${n}`], file)),
    );
    for (const result of results) expect(result).toMatchObject({ code: 0, out: "claims changed\n" });
    const records = readUsersFile(file);
    expect(records.map((record) => record.claims.nickname)).toEqual(Array.from({ length: 12 }, (_, n) => `n${n}`));
    expect(readdir(file)).toEqual(["users.json"]); // no lock or temporary file left behind
  }, 120_000);

  it("the app's sign-in writes in one process and 8 disables from others: every disable and every step is kept", async () => {
    const file = usersFile("users.yaml", [
      {
        ...person(100),
        id: "writer-totp",
        totp: { sealed_secret: "sealed", confirmed_at: "2025-01-01T00:00:00.000Z", last_used_step: 0 },
      },
      {
        ...person(101),
        id: "writer-passkey",
        passkeys: [
          {
            credential_id: "writer-credential",
            public_key: "pk",
            counter: 0,
            transports: [],
            name: "Laptop",
            created_at: "2025-01-01T00:00:00.000Z",
            device_type: "multiDevice",
            backed_up: true,
          },
        ],
      },
      ...Array.from({ length: 8 }, (_, n) => person(n)),
    ]);
    let started!: () => void;
    const ready = new Promise<void>((resolve) => (started = resolve));
    const writer = run("test/identity/support/users-file-writer.ts", [file], {}, (out) => {
      if (out.includes("ready")) started();
    });
    await ready;
    const disables = await Promise.all(
      Array.from({ length: 8 }, (_, n) => accounts(["disable", `person${n}@example.com`], file)),
    );
    writeFileSync(`${file}.stop`, "");
    const written = await writer;
    expect(written.code).toBe(0);
    const rounds = Number(/done (\d+)/.exec(written.out)?.[1]);
    expect(rounds).toBeGreaterThan(20); // it kept writing while the disables ran
    for (const result of disables) expect(result).toMatchObject({ code: 0, out: expect.stringMatching(/^disabled /) });

    const store = new UsersFileStore(file, pino({ level: "silent" }), { watch: false });
    for (let n = 0; n < 8; n++) expect((await store.findByEmail(`person${n}@example.com`))?.disabled).toBe(true);
    expect((await store.getFactors("writer-totp")).totp?.lastUsedStep).toBe(rounds);
    expect((await store.getFactors("writer-passkey")).passkeys[0]?.counter).toBe(rounds);
    expect(readdir(file)).toEqual(["users.yaml", "users.yaml.stop"]);
  }, 120_000);
});

/** The files in the users file's folder. */
const readdir = (file: string) => readdirSync(path.dirname(file)).sort();
