import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { startPostgres, type Postgres } from "../../e2e/harness/postgres.js";
import type { AccountAdmin } from "../../src/identity/account-admin.js";
import { authenticate } from "../../src/identity/authenticate.js";
import {
  emailConfirmation,
  emailTokenHash,
  newEmailToken,
  type EmailAddressStore,
} from "../../src/identity/email-tokens.js";
import { MemoryUserStore } from "../../src/identity/memory-store.js";
import { hashPassword } from "../../src/identity/passwords.js";
import type { UserStore } from "../../src/identity/store.js";
import { UsersFileStore } from "../../src/identity/users-file.js";
import { PostgresUsersStore } from "../../src/identity/users-postgres.js";

const silent = pino({ level: "silent" });
const HOUR = 3_600_000;
let hash: string;
let invitedHash: string;

type Store = UserStore & EmailAddressStore;
interface Made {
  store: Store;
  close?: () => Promise<void>;
  /** The raw text the store keeps, when it is a file: no token may appear in it. */
  raw?: () => string;
  /** The accounts command's side of the store (users file, PostgreSQL). */
  operator?: AccountAdmin;
}

const accounts = () => [
  { id: "acc-ada", email: "ada@example.com", password_hash: hash, email_verified: false, disabled: false, claims: {} },
  {
    id: "acc-grace",
    email: "grace@example.com",
    password_hash: hash,
    email_verified: false,
    disabled: false,
    claims: {},
  },
  {
    id: "acc-invited",
    email: "new@example.com",
    password_hash: invitedHash,
    email_verified: false,
    disabled: true,
    password_unset: true,
    claims: {},
  },
];

beforeAll(async () => {
  hash = await hashPassword("correct horse battery");
  // The invited account's hash is of a known password here, to prove it is refused even when typed right.
  invitedHash = await hashPassword("nobody should know this");
});

const key = () => emailTokenHash(newEmailToken())!;

function contract(name: string, make: () => Promise<Made>) {
  describe(`email tokens and addresses: ${name}`, () => {
    it("keeps only the hash; a token is taken once; expired ones are refused", async () => {
      const { store, close, raw } = await make();
      const token = newEmailToken();
      const hashed = emailTokenHash(token)!;
      await store.saveEmailToken(hashed, {
        purpose: "verify",
        userId: "acc-ada",
        email: "ada@example.com",
        expiresAt: Date.now() + HOUR,
      });
      if (raw !== undefined) {
        expect(raw()).toContain(hashed);
        expect(raw()).not.toContain(token);
      }
      expect((await store.findEmailToken(hashed))?.userId).toBe("acc-ada");
      const taken = await Promise.all([store.takeEmailToken(hashed), store.takeEmailToken(hashed)]);
      expect(taken.filter((record) => record !== undefined)).toHaveLength(1);
      expect(await store.findEmailToken(hashed)).toBeUndefined();

      const old = key();
      await store.saveEmailToken(old, {
        purpose: "verify",
        userId: "acc-ada",
        email: "ada@example.com",
        expiresAt: Date.now() - 1,
      });
      expect(await store.findEmailToken(old)).toBeUndefined();
      expect(await store.takeEmailToken(old)).toBeUndefined();
      await close?.();
    });

    it("verifies the current address; a link for another address does nothing", async () => {
      const { store, close } = await make();
      expect(await store.confirmEmail("acc-ada", "someone@else.com")).toBe("stale");
      expect((await store.findById("acc-ada"))?.emailVerified).toBe(false);
      expect(await store.confirmEmail("acc-ada", "ADA@example.com")).toBe("verified");
      expect((await store.findById("acc-ada"))?.emailVerified).toBe(true);
      expect(await store.confirmEmail("nobody", "ada@example.com")).toBe("stale");
      await close?.();
    });

    it("changes the address only to the pending one, and never to one another account took", async () => {
      const { store, close } = await make();
      await store.setPendingEmail("acc-ada", "Ada@New.example");
      expect((await store.findById("acc-ada"))?.pendingEmail).toBe("ada@new.example");
      expect((await store.findById("acc-ada"))?.email).toBe("ada@example.com");
      expect(await store.confirmEmail("acc-ada", "ada@new.example")).toBe("changed");
      const changed = await store.findById("acc-ada");
      expect(changed?.email).toBe("ada@new.example");
      expect(changed?.emailVerified).toBe(true);
      expect(changed?.pendingEmail).toBeUndefined();
      expect((await store.findByEmail("ada@new.example"))?.id).toBe("acc-ada");
      expect(await store.findByEmail("ada@example.com")).toBeUndefined();

      await store.setPendingEmail("acc-grace", "ada@new.example");
      expect(await store.confirmEmail("acc-grace", "ada@new.example")).toBe("taken");
      expect((await store.findById("acc-grace"))?.email).toBe("grace@example.com");
      await store.setPendingEmail("acc-grace", undefined);
      expect((await store.findById("acc-grace"))?.pendingEmail).toBeUndefined();
      await close?.();
    });

    it("an invited account cannot sign in until its invitation is accepted, once", async () => {
      const { store, close } = await make();
      expect(await authenticate(store, "new@example.com", "nobody should know this")).toBeUndefined();
      const invite = key();
      await store.saveEmailToken(invite, {
        purpose: "invite",
        userId: "acc-invited",
        email: "new@example.com",
        expiresAt: Date.now() + HOUR,
      });
      expect(await store.acceptInvitation("acc-ada", "ada@example.com", hash)).toBe(false);
      expect(await store.acceptInvitation("acc-invited", "other@example.com", hash)).toBe(false);
      const both = await Promise.all([
        store.acceptInvitation("acc-invited", "new@example.com", hash),
        store.acceptInvitation("acc-invited", "new@example.com", hash),
      ]);
      expect(both.filter(Boolean)).toHaveLength(1);
      const user = await authenticate(store, "new@example.com", "correct horse battery");
      expect(user?.id).toBe("acc-invited");
      expect(user?.emailVerified).toBe(true);
      // Accepting voids the account's other links.
      expect(await store.findEmailToken(invite)).toBeUndefined();
      await close?.();
    });

    it("an operator's new password makes an invited account's password usable and voids its invitation", async () => {
      const { store, close, operator } = await make();
      if (operator === undefined) return; // the memory store has no accounts command
      await operator.setPassword("new@example.com", hash);
      expect((await store.findById("acc-invited"))?.passwordUnset).toBeUndefined();
      expect(await store.acceptInvitation("acc-invited", "new@example.com", hash)).toBe(false);
      // Still disabled until the operator enables it.
      expect(await authenticate(store, "new@example.com", "correct horse battery")).toBeUndefined();
      await operator.setDisabled("new@example.com", false);
      expect((await authenticate(store, "new@example.com", "correct horse battery"))?.id).toBe("acc-invited");
      await close?.();
    });

    it("deletes an account's links", async () => {
      const { store, close } = await make();
      const mine = key();
      const theirs = key();
      const record = { purpose: "verify" as const, expiresAt: Date.now() + HOUR };
      await store.saveEmailToken(mine, { ...record, userId: "acc-ada", email: "ada@example.com" });
      await store.saveEmailToken(theirs, { ...record, userId: "acc-grace", email: "grace@example.com" });
      await store.deleteEmailTokens("acc-ada");
      expect(await store.findEmailToken(mine)).toBeUndefined();
      expect((await store.findEmailToken(theirs))?.userId).toBe("acc-grace");
      await close?.();
    });
  });
}

describe("emailConfirmation", () => {
  it("verifies the current address, adopts the pending one, else nothing", () => {
    expect(emailConfirmation({ email: "a@x.io" }, " A@X.io ")).toBe("verified");
    expect(emailConfirmation({ email: "a@x.io", pendingEmail: "b@x.io" }, "b@x.io")).toBe("changed");
    expect(emailConfirmation({ email: "a@x.io", pendingEmail: "b@x.io" }, "c@x.io")).toBe("stale");
    expect(emailConfirmation({ email: "a@x.io" }, "b@x.io")).toBe("stale");
  });

  it("looks up only tokens of our shape", () => {
    expect(emailTokenHash("short")).toBeUndefined();
    expect(emailTokenHash(newEmailToken())).toMatch(/^[0-9a-f]{64}$/);
  });
});

contract("in memory", async () => ({
  store: new MemoryUserStore(
    accounts().map((account) => ({
      id: account.id,
      email: account.email,
      emailVerified: false,
      profile: {},
      disabled: account.disabled,
      passwordHash: account.password_hash,
      ...(account.password_unset === true ? { passwordUnset: true } : {}),
    })),
  ),
}));

for (const format of ["json", "yaml"] as const) {
  contract(`users file (${format})`, async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "email-tokens-")), `users.${format}`);
    writeFileSync(file, format === "json" ? JSON.stringify(accounts()) : YAML.stringify(accounts()));
    const store = new UsersFileStore(file, silent, { watch: false });
    return { store, operator: store, close: () => store.close(), raw: () => readFileSync(file, "utf8") };
  });
}

let server: Postgres;
let databases = 0;
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(async () => server?.stop());

contract("PostgreSQL", async () => {
  const name = `email_tokens_${++databases}`;
  await server.createDatabase(name);
  const store = await PostgresUsersStore.connect(server.url(name), silent);
  for (const account of accounts()) await store.add(account);
  return { store, operator: store, close: () => store.close() };
});
