import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type Postgres } from "../../e2e/harness/postgres.js";
import { authenticate } from "../../src/identity/authenticate.js";
import { hashPassword, verifyPassword } from "../../src/identity/passwords.js";
import { migrateUsersDatabase } from "../../src/identity/postgres-migrate.js";
import { UnknownAccountError } from "../../src/identity/store.js";
import { PostgresUsersStore } from "../../src/identity/users-postgres.js";

const silent = pino({ level: "silent" });
let server: Postgres;
let store: PostgresUsersStore;
let hash: string;
let direct: pg.Pool;

beforeAll(async () => {
  // A real PostgreSQL (Debian's package), started for these tests; a missing server fails them loudly.
  server = await startPostgres();
  await server.createDatabase("accounts");
  store = await PostgresUsersStore.connect(server.url("accounts"), silent);
  hash = await hashPassword("correct horse battery");
  direct = new pg.Pool({ connectionString: server.url("accounts") });
}, 60_000);

afterAll(async () => {
  await direct?.end();
  await store?.close();
  await server?.stop();
});

describe("PostgreSQL user store on a real server", () => {
  it("runs its migration once, even when several instances start at the same time", async () => {
    const pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: server.url("accounts") }));
    const applied = await Promise.all(pools.map((pool) => migrateUsersDatabase(pool)));
    expect(applied.flat()).toEqual([]); // connect() already applied it
    const rows = await pools[0]!.query("SELECT name FROM schema_migrations");
    expect(rows.rows).toEqual([
      { name: "001_create_accounts.sql" },
      { name: "002_factors.sql" },
      { name: "003_email_tokens.sql" },
      { name: "004_provider_links.sql" },
    ]);
    await Promise.all(pools.map((pool) => pool.end()));
  });

  it("adds, finds and authenticates accounts; the subject is the stable id", async () => {
    await store.add({
      id: "pg-1",
      email: " Ada@Example.com ",
      email_verified: true,
      disabled: false,
      password_hash: hash,
      claims: { name: "Ada", address: { country: "GB" } },
    });
    const user = await authenticate(store, "ADA@example.com", "correct horse battery");
    expect(user?.id).toBe("pg-1");
    expect(user?.emailVerified).toBe(true);
    expect(user?.address).toEqual({ country: "GB" });
    expect(await authenticate(store, "ada@example.com", "wrong")).toBeUndefined();
    expect((await store.findById("pg-1"))?.profile.name).toBe("Ada");
    expect(await store.findById("nobody")).toBeUndefined();
    await expect(
      store.add({
        id: "pg-2",
        email: "ada@example.com",
        email_verified: false,
        disabled: false,
        password_hash: hash,
        claims: {},
      }),
    ).rejects.toThrow("exists already");
  });

  it("changes password, claims and the disabled flag", async () => {
    await store.add({
      id: "pg-3",
      email: "grace@example.com",
      email_verified: false,
      disabled: false,
      password_hash: hash,
      claims: {},
    });
    await store.setPassword("grace@example.com", await hashPassword("new password here"));
    expect((await authenticate(store, "grace@example.com", "new password here"))?.id).toBe("pg-3");
    await store.setClaims("grace@example.com", { given_name: "Grace", locale: "en" });
    await store.setClaims("grace@example.com", { locale: null });
    expect((await store.findById("pg-3"))?.profile).toEqual({ given_name: "Grace" });
    await store.setDisabled("grace@example.com", true);
    expect(await authenticate(store, "grace@example.com", "new password here")).toBeUndefined();
    const listed = await store.list();
    expect(listed.map((account) => account.email)).toEqual(["ada@example.com", "grace@example.com"]);
    expect(JSON.stringify(listed)).not.toContain("$argon2");
    await expect(store.setPassword("nobody@example.com", hash)).rejects.toThrow("no account");
  });

  it("keeps factors in accounts' columns and the passkeys table; removing an account removes its passkeys", async () => {
    await store.add({
      id: "pg-f",
      email: "factors@example.com",
      email_verified: false,
      disabled: false,
      password_hash: hash,
      claims: {},
    });
    await store.setTotp("pg-f", { sealedSecret: "sealed", confirmedAt: "2025-01-01T00:00:00.000Z", lastUsedStep: 9 });
    await store.setRecoveryCodes("pg-f", ["a".repeat(64)]);
    await store.setMfaRequired("pg-f", true);
    await store.addPasskey("pg-f", {
      credentialId: "pg-cred",
      publicKey: "pk",
      counter: 3,
      transports: ["usb"],
      name: "Key",
      createdAt: "2025-01-01T00:00:00.000Z",
      lastUsedAt: undefined,
      deviceType: "singleDevice",
      backedUp: false,
    });
    const row = (
      await direct.query(
        `SELECT mfa_required, totp_sealed_secret, totp_last_used_step, recovery_code_hashes FROM accounts WHERE id = 'pg-f'`,
      )
    ).rows[0] as Record<string, unknown>;
    expect(row).toEqual({
      mfa_required: true,
      totp_sealed_secret: "sealed",
      totp_last_used_step: "9",
      recovery_code_hashes: ["a".repeat(64)],
    });
    // Accounts from before the migration got the defaults.
    expect((await store.getFactors("pg-1")).mfaRequired).toBe(false);
    await direct.query("DELETE FROM accounts WHERE id = 'pg-f'");
    expect((await direct.query("SELECT * FROM passkeys WHERE credential_id = 'pg-cred'")).rowCount).toBe(0);
    expect(await store.findPasskey("pg-cred")).toBeUndefined();
  });

  it("is ready while the server answers", async () => {
    expect(await store.isReady()).toBe(true);
  });

  it("changes a password by id: the old one fails, the new one works, no other row changes", async () => {
    const rows = async () =>
      (await direct.query<{ id: string; password_hash: string; updated_at: Date }>("SELECT * FROM accounts")).rows;
    const before = await rows();
    const newHash = await hashPassword("a brand new password");
    await store.changePassword("pg-1", newHash);
    const ada = await store.findByEmail("ada@example.com");
    expect(await verifyPassword(ada!.passwordHash, "a brand new password")).toBe(true);
    expect(await verifyPassword(ada!.passwordHash, "correct horse battery")).toBe(false);
    expect((await authenticate(store, "ada@example.com", "a brand new password"))?.id).toBe("pg-1");
    const after = await rows();
    const row = (all: typeof before, id: string) => all.find((candidate) => candidate.id === id)!;
    expect(row(after, "pg-3")).toEqual(row(before, "pg-3"));
    expect(row(after, "pg-1").password_hash).toBe(newHash);
    expect(row(after, "pg-1").updated_at.getTime()).toBeGreaterThan(row(before, "pg-1").updated_at.getTime());
    const refusal = store.changePassword("nobody", newHash);
    await expect(refusal).rejects.toBeInstanceOf(UnknownAccountError);
    await expect(refusal).rejects.toThrow("no account with the id nobody");
    // The id is the subject, not the email: an email is no id.
    await expect(store.changePassword("ada@example.com", newHash)).rejects.toBeInstanceOf(UnknownAccountError);
  });
});
