/**
 * Proofs of the h19 attack review (reports/h19-attack.md), turned round once fixed: H5 (a change-of-address link used
 * by a plain GET) and H3 (an invitation bringing back an account the operator disabled).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type Postgres } from "../../e2e/harness/postgres.js";
import { createLogger } from "../../src/http/logging.js";
import type { AccountAdmin } from "../../src/identity/account-admin.js";
import { emailTokenHash, issueEmailToken, type EmailAddressStore } from "../../src/identity/email-tokens.js";
import { hashPassword } from "../../src/identity/passwords.js";
import type { UserStore } from "../../src/identity/store.js";
import { PostgresUsersStore } from "../../src/identity/users-postgres.js";
import { readUsersFile, UsersFileStore } from "../../src/identity/users-file.js";
import type { Mailer } from "../../src/mail/index.js";
import { accountApp, signInTo } from "../account/stand-ins.js";
import { csrfTokenOf } from "../support/forms.js";

describe("H5: a change-of-address link is not used by a plain GET from anyone (a mail scanner)", () => {
  it("an account holder asks for the victim's address; a cookie-less GET or POST of the link changes nothing", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "h19-verify-"));
    const file = path.join(dir, "users.json");
    const records = [
      { id: "foo@bar.com", email: "foo@bar.com", password_hash: await hashPassword("foobar"), claims: {} },
    ];
    writeFileSync(file, JSON.stringify(records));
    const store = new UsersFileStore(file, createLogger("silent"), { watch: false });
    const links: string[] = [];
    const mailer = {
      baseUrl: "http://login.test",
      close: () => undefined,
      send: (email: { to: string; params: Record<string, string> }) => {
        if (email.to === "victim@corp.example" && email.params.link !== undefined) links.push(email.params.link);
        return Promise.resolve(true);
      },
    } as unknown as Mailer;
    const made = await accountApp({
      env: { SMTP_URL: "smtp://127.0.0.1:1", MAIL_FROM: "sign-in@login.test" },
      deps: { users: store, mailer } as never,
    });
    made.oidc.next = { subject: "foo@bar.com", ageSeconds: 0, acr: "1" };
    const { agent, page } = await signInTo(made.app);
    const asked = await agent
      .post("/account/email")
      .type("form")
      .send({ _csrf: csrfTokenOf(page.text), new_email: "victim@corp.example", current_password: "foobar" });
    expect(asked.status).toBe(303);
    for (let i = 0; i < 40 && links.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
    const link = new URL(links[0]!).pathname;
    // The victim's mail gateway fetches every link it scans: no cookie, no click, no session of that account.
    const scanner = await request(made.app).get(link);
    expect(scanner.status).toBe(200);
    expect(scanner.text).not.toContain('id="confirm-email"');
    // The victim clicks through in their own browser, which is not signed in as the asking account: refused.
    const victim = request.agent(made.app);
    await victim.get(link).expect(200);
    expect((await victim.post(link).type("form").send({})).status).toBe(403);
    const account = readUsersFile(file).find((record) => record.id === "foo@bar.com")!;
    expect(account.email).toBe("foo@bar.com");
    expect(account.pending_email).toBe("victim@corp.example");
  });
});

describe("H3: disabling an invited account voids its invitation", () => {
  let postgres: Postgres;
  beforeAll(async () => {
    postgres = await startPostgres();
    await postgres.createDatabase("h19_invite");
  }, 60_000);
  afterAll(() => postgres?.stop());

  type Store = UserStore & AccountAdmin & EmailAddressStore;
  const stores: Record<string, () => Promise<Store>> = {
    "users file": async () => {
      const file = path.join(mkdtempSync(path.join(os.tmpdir(), "h19-invite-")), "users.yaml");
      writeFileSync(file, "[]\n");
      return new UsersFileStore(file, createLogger("silent"), { watch: false });
    },
    PostgreSQL: () => PostgresUsersStore.connect(postgres.url("h19_invite"), createLogger("silent")),
  };

  for (const [kind, makeStore] of Object.entries(stores)) {
    it(`${kind}: after accounts disable, the invitation link is gone (410) and the account stays disabled`, async () => {
      const store = await makeStore();
      await store.add({
        id: "u-invited",
        email: "bob@example.com",
        email_verified: false,
        disabled: true,
        password_unset: true,
        password_hash: await hashPassword("random-unknown-1"),
        claims: {},
      });
      const token = await issueEmailToken(store, {
        purpose: "invite",
        userId: "u-invited",
        email: "bob@example.com",
        expiresAt: Date.now() + 86_400_000,
      });
      expect(await store.findEmailToken(emailTokenHash(token)!)).toBeDefined();
      // The operator changes their mind: `accounts disable bob@example.com`.
      await store.setDisabled("bob@example.com", true);
      // The route looks the link up, then takes it: neither finds it, so the page is the link's 410.
      expect(await store.findEmailToken(emailTokenHash(token)!)).toBeUndefined();
      expect(await store.takeEmailToken(emailTokenHash(token)!)).toBeUndefined();
      expect(await store.findById("u-invited")).toMatchObject({ disabled: true });
      // Enabling again does not bring the old link back either.
      await store.setDisabled("bob@example.com", false);
      expect(await store.findEmailToken(emailTokenHash(token)!)).toBeUndefined();
      await store.close();
    });
  }
});
