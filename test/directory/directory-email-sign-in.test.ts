import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/http/logging.js";
import { createUserStore } from "../../src/identity/create-store.js";
import { acceptsOf, askForCode, codeIn, emailSignInApp, postCode } from "../support/email-sign-in.js";
import { LDAP_PEOPLE, LDAP_USERS, startLdapServer, type LdapServer } from "../support/ldap-server.js";
import { startMailpit, type Mailpit } from "../support/mailpit.js";

let ldap: LdapServer;
let mailpit: Mailpit;
beforeAll(async () => {
  [ldap, mailpit] = await Promise.all([startLdapServer(), startMailpit()]);
}, 30_000);
afterAll(async () => {
  await Promise.all([ldap?.destroy(), mailpit?.stop()]);
});

describe("sign in by email with directory (LDAP) accounts", () => {
  it("a directory account with a mail attribute gets a code at that address and signs in with its directory id", async () => {
    const env = {
      LDAP_URL: ldap.url,
      LDAP_BIND_DN: "cn=reader,dc=example,dc=test",
      LDAP_BIND_PASSWORD: "reader-secret",
      LDAP_USER_BASE: LDAP_PEOPLE,
      LDAP_TIMEOUT_MS: "2000",
    };
    const accounts = await createUserStore(
      loadConfig({ NODE_ENV: "test", SESSION_SECRET: "x".repeat(40), ...env }),
      createLogger("silent"),
      { watch: false },
    );
    const { app, hydra } = await emailSignInApp(mailpit.smtpUrl, { env, deps: { users: accounts.store } });
    const alice = await accounts.store.findByEmail(LDAP_USERS.alice.email);
    expect(alice).toBeDefined();

    const agent = request.agent(app);
    const page = await askForCode(agent, LDAP_USERS.alice.email, "flow-ldap");
    expect(page.status).toBe(200);
    const { code } = await codeIn(mailpit, LDAP_USERS.alice.email);
    const done = await postCode(agent, page.text, "flow-ldap", code);
    expect(done.status).toBe(303);
    expect(acceptsOf(hydra)[0]?.body).toMatchObject({ subject: alice!.id, amr: ["email"], acr: "1" });
  });
});
