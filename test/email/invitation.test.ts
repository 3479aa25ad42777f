import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pino } from "pino";
import request from "supertest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startPostgres, type Postgres } from "../../e2e/harness/postgres.js";
import type { AppDeps } from "../../src/app.js";
import { authenticate } from "../../src/identity/authenticate.js";
import type { EmailAddressStore } from "../../src/identity/email-tokens.js";
import type { UserStore } from "../../src/identity/store.js";
import { UsersFileStore } from "../../src/identity/users-file.js";
import { PostgresUsersStore } from "../../src/identity/users-postgres.js";
import { appUnderTest } from "../support/app-under-test.js";
import { csrfTokenOf, openLoginForm } from "../support/forms.js";
import { startMailpit, type Mailpit } from "../support/mailpit.js";
import { runAccountsCommand } from "../support/accounts-command.js";

const silent = pino({ level: "silent" });
const PASSWORD = "violet-harbour-lantern-42";

const accounts = runAccountsCommand;

let mailpit: Mailpit;
let postgres: Postgres;
beforeAll(async () => {
  [mailpit, postgres] = await Promise.all([startMailpit(), startPostgres()]);
}, 60_000);
afterAll(async () => {
  await mailpit?.stop();
  await postgres?.stop();
});
beforeEach(() => mailpit.deleteAll());

const mailEnv = () => ({ SMTP_URL: mailpit.smtpUrl, BASE_URL: "http://login.test", MAIL_FROM: "sign-in@login.test" });

interface StoreUnderTest {
  env: Record<string, string>;
  open: () => Promise<UserStore & EmailAddressStore>;
}

const STORES: Record<string, () => Promise<StoreUnderTest>> = {
  "users file": async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "invite-")), "users.yaml");
    writeFileSync(file, "# invited people below\n[]\n");
    return { env: { USERS_FILE: file }, open: async () => new UsersFileStore(file, silent, { watch: false }) };
  },
  PostgreSQL: async () => {
    const name = `invite_${Date.now()}`;
    await postgres.createDatabase(name);
    const url = postgres.url(name);
    return { env: { USERS_DATABASE_URL: url }, open: () => PostgresUsersStore.connect(url, silent) };
  },
};

async function signIn(store: UserStore, email: string, password: string) {
  const { app, hydra } = await appUnderTest({}, { users: store } as Partial<AppDeps>);
  const agent = request.agent(app);
  const csrf = await openLoginForm(agent, "invited-flow");
  const answer = await agent
    .post("/login")
    .type("form")
    .send({ _csrf: csrf, challenge: "invited-flow", action: "accept", email, password });
  return { status: answer.status, accepted: hydra.calls.some((call) => call.operation === "acceptLoginRequest") };
}

for (const [kind, make] of Object.entries(STORES)) {
  describe(`accounts invite on the ${kind}`, () => {
    it("the real command emails a link; the invitee sets a password and can sign in, not before", async () => {
      const { env, open } = await make();
      const invited = await accounts(["invite", "New.Person@Example.com", "--name", "New Person"], {
        ...env,
        ...mailEnv(),
      });
      expect(invited.err).not.toContain("failed");
      expect(invited).toMatchObject({ code: 0, out: "invited new.person@example.com: a set-password link was sent\n" });
      const mail = await mailpit.waitFor("new.person@example.com");
      expect(mail.Subject).toBe("You are invited");
      expect(mail.Text).toContain("It works once, for 7 days");
      const link = /\/invitation\/[A-Za-z0-9_-]{43}/.exec(mail.Text)?.[0];
      expect(link).toBeDefined();
      expect(mail.HTML).toContain(`href="http://login.test${link}"`);
      if (env.USERS_FILE !== undefined) expect(readFileSync(env.USERS_FILE, "utf8")).not.toContain(link!.slice(12));

      const listed = await accounts(["list"], env);
      expect(listed.out).toMatch(/^new\.person@example\.com\t\S+\tdisabled,invited\t\{"name":"New Person"\}\n$/);

      const store = await open();
      // Before: no password works, whatever is typed (the page answers as for a wrong one).
      expect(await signIn(store, "new.person@example.com", "a-guess-at-random")).toEqual({
        status: 401,
        accepted: false,
      });
      expect(await signIn(store, "new.person@example.com", PASSWORD)).toEqual({ status: 401, accepted: false });

      const { app } = await appUnderTest(mailEnv(), { users: store } as Partial<AppDeps>);
      const agent = request.agent(app);
      const page = await agent.get(link!).expect(200);
      for (const id of ["new-password", "new-password-repeat", "set-password"])
        expect(page.text).toContain(`id="${id}"`);
      const weak = await agent
        .post(link!)
        .type("form")
        .send({ _csrf: csrfTokenOf(page.text), new_password: "short", new_password_repeat: "short" });
      expect(weak.status).toBe(400);
      const done = await agent
        .post(link!)
        .type("form")
        .send({ _csrf: csrfTokenOf(page.text), new_password: PASSWORD, new_password_repeat: PASSWORD });
      expect(done.status).toBe(200);
      expect(done.text).toContain('id="invitation-accepted"');
      expect(done.text).toContain('id="way-on"');
      const user = await authenticate(store, "new.person@example.com", PASSWORD);
      expect(user).toMatchObject({ emailVerified: true, disabled: false });
      expect(user?.profile.name).toBe("New Person");
      expect(await signIn(store, "new.person@example.com", PASSWORD)).toEqual({ status: 303, accepted: true });

      // Used once: the link and its page are gone, and inviting again is refused now that a password is set.
      expect((await agent.get(link!)).status).toBe(410);
      const replay = await agent
        .post(link!)
        .type("form")
        .send({
          _csrf: csrfTokenOf(page.text),
          new_password: "another-long-passphrase-9",
          new_password_repeat: "another-long-passphrase-9",
        });
      expect(replay.status).toBe(410);
      const again = await accounts(["invite", "new.person@example.com"], { ...env, ...mailEnv() });
      expect(again.code).toBe(1);
      expect(again.err).toContain("exists already and has a password");
      await store.close();
    }, 60_000); // three runs of the command (each its own Node process) on a machine shared with other suites

    it("without SMTP_URL the command refuses with a clear message and adds nobody", async () => {
      const { env, open } = await make();
      const refused = await accounts(["invite", "someone@example.com"], env);
      expect(refused.code).toBe(1);
      expect(refused.err).toContain("accounts: an invitation is an email: set SMTP_URL");
      const store = await open();
      expect(await store.findByEmail("someone@example.com")).toBeUndefined();
      await store.close();
    });
  });
}
