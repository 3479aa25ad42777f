import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll } from "vitest";
import YAML from "yaml";
import { startPostgres, type Postgres } from "../../e2e/harness/postgres.js";
import { MemoryUserStore } from "../../src/identity/memory-store.js";
import { UsersFileStore } from "../../src/identity/users-file.js";
import { PostgresUsersStore } from "../../src/identity/users-postgres.js";
import { FAKE_HASH, factorStoreContract } from "./factor-store-contract.js";

const silent = pino({ level: "silent" });
const accounts = [
  { id: "acc-ada", email: "ada@example.com", password_hash: FAKE_HASH },
  { id: "acc-grace", email: "grace@example.com", password_hash: FAKE_HASH },
];

factorStoreContract("in memory", async () => ({
  store: new MemoryUserStore(
    accounts.map((account) => ({
      id: account.id,
      email: account.email,
      emailVerified: false,
      profile: {},
      disabled: false,
      passwordHash: account.password_hash,
    })),
  ),
  ada: "acc-ada",
  grace: "acc-grace",
}));

for (const format of ["json", "yaml"] as const) {
  factorStoreContract(`users file (${format})`, async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "factor-file-")), `users.${format}`);
    writeFileSync(file, format === "json" ? JSON.stringify(accounts) : YAML.stringify(accounts));
    const store = new UsersFileStore(file, silent, { watch: false });
    return { store, ada: "acc-ada", grace: "acc-grace", close: () => store.close() };
  });
}

// A real PostgreSQL (Debian's package), one fresh database per test; a missing server fails these loudly.
let server: Postgres;
let databases = 0;
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(async () => server?.stop());

factorStoreContract("PostgreSQL", async () => {
  const name = `factors_${++databases}`;
  await server.createDatabase(name);
  const store = await PostgresUsersStore.connect(server.url(name), silent);
  for (const account of accounts) {
    await store.add({ ...account, email_verified: false, disabled: false, claims: {} });
  }
  return { store, ada: "acc-ada", grace: "acc-grace", close: () => store.close() };
});
