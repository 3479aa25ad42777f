import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/http/logging.js";
import { createUserStore } from "../../src/identity/create-store.js";
import { totpStep } from "../../src/identity/factors/totp.js";
import { LDAP_PEOPLE, LDAP_USERS, startLdapServer, type LdapServer } from "../support/ldap-server.js";
import { usersFileIn } from "../support/users-file.js";
import { runAccountsCommand } from "../support/accounts-command.js";

const accounts = runAccountsCommand;

let ldap: LdapServer;
beforeAll(async () => {
  ldap = await startLdapServer();
}, 30_000);
afterAll(async () => {
  await ldap?.destroy();
});

describe("the accounts command beside a directory", () => {
  it("lists directory accounts (factor holders not twice), and reset-factors clears a directory account's TOTP", async () => {
    const { file } = usersFileIn("users.json", "[]\n");
    const env = {
      USERS_FILE: file,
      LDAP_URL: ldap.url,
      LDAP_BIND_DN: "cn=reader,dc=example,dc=test",
      LDAP_BIND_PASSWORD: "reader-secret",
      LDAP_USER_BASE: LDAP_PEOPLE,
    };
    const { store } = await createUserStore(loadConfig({ NODE_ENV: "test", ...env }), createLogger("silent"), {
      watch: false,
    });
    const alice = (await store.findByEmail(LDAP_USERS.alice.email))!;
    await store.setTotp(alice.id, {
      sealedSecret: "sealed",
      confirmedAt: "2026-12-06T00:00:00Z",
      lastUsedStep: totpStep(),
    });

    const listed = await accounts(["list"], env);
    expect(listed.err).not.toContain('failed"');
    expect(listed.code).toBe(0);
    const lines = listed.out.trim().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^alice@example\\.test\\t${alice.id}\\tdirectory,totp\\t`)),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^carol@example\.test\t[0-9a-f-]{36}\tdirectory,disabled\t/));
    expect(listed.out).toContain('"name":"Doe, Jane+Admin"');
    expect(listed.out).not.toContain("directory.invalid");

    const reset = await accounts(["reset-factors", LDAP_USERS.alice.email], env);
    expect(reset).toMatchObject({
      code: 0,
      out: `removed the TOTP, recovery codes and passkeys of ${LDAP_USERS.alice.email}\n`,
    });
    expect(JSON.parse(readFileSync(file, "utf8"))[0].totp).toBeUndefined();
    expect(reset.err).toContain(alice.id);

    const bad = await accounts(["list"], { ...env, LDAP_USER_FILTER: "(mail=*)" });
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("LDAP_USER_FILTER");
  }, 60_000);
});
