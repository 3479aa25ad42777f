import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type Postgres } from "../../e2e/harness/postgres.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/http/logging.js";
import { createUserStore, type ConfiguredStore } from "../../src/identity/create-store.js";
import type { PasskeyRecord } from "../../src/identity/factors/types.js";
import { LDAP_PEOPLE, LDAP_USERS, startLdapServer, type LdapServer } from "../support/ldap-server.js";

let ldap: LdapServer;
let postgres: Postgres;
let accounts: ConfiguredStore;

beforeAll(async () => {
  [ldap, postgres] = await Promise.all([startLdapServer(), startPostgres()]);
  await postgres.createDatabase("factors");
  const env = {
    NODE_ENV: "test",
    USERS_DATABASE_URL: postgres.url("factors"),
    LDAP_URL: ldap.url,
    LDAP_BIND_DN: "cn=reader,dc=example,dc=test",
    LDAP_BIND_PASSWORD: "reader-secret",
    LDAP_USER_BASE: LDAP_PEOPLE,
  };
  accounts = await createUserStore(loadConfig(env), createLogger("silent"));
}, 60_000);

afterAll(async () => {
  await accounts?.store.close();
  await Promise.all([ldap?.destroy(), postgres?.stop()]);
});

const passkey = (credentialId: string): PasskeyRecord => ({
  credentialId,
  publicKey: "pk",
  counter: 0,
  transports: [],
  name: "Laptop",
  createdAt: new Date().toISOString(),
  lastUsedAt: undefined,
  deviceType: "singleDevice",
  backedUp: false,
});

describe("directory accounts' factors in PostgreSQL", () => {
  it("passkeys and recovery codes under the directory id, the holder made once even when two saves race", async () => {
    const { store } = accounts;
    const id = (await store.findByEmail(LDAP_USERS.bob.email))!.id;
    expect(await store.getFactors(id)).toEqual({
      totp: undefined,
      recoveryCodeHashes: [],
      passkeys: [],
      mfaRequired: false,
    });
    expect(await store.anyFactors()).toBe(false);
    await Promise.all([store.addPasskey(id, passkey("cred-a")), store.setRecoveryCodes(id, ["a".repeat(64)])]);
    const factors = await store.getFactors(id);
    expect(factors.passkeys.map((key) => key.credentialId)).toEqual(["cred-a"]);
    expect(factors.recoveryCodeHashes).toEqual(["a".repeat(64)]);
    expect(await store.findPasskey("cred-a")).toMatchObject({ userId: id });
    expect(await store.consumeRecoveryCode(id, "a".repeat(64))).toBe(true);
    expect(await store.consumeRecoveryCode(id, "a".repeat(64))).toBe(false);
    expect(await store.anyFactors()).toBe(true);
    // The holder is no account: nobody signs in with its address, and the directory still answers for bob.
    expect((await store.findById(id))?.email).toBe(LDAP_USERS.bob.email);
    await store.resetFactors(id);
    expect((await store.getFactors(id)).passkeys).toEqual([]);
    expect(await accounts.isReady!()).toBe(true);
  });
});
