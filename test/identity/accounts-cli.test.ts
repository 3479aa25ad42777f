import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import net from "node:net";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HydraAdminStandIn } from "../support/hydra-admin-stand-in.js";
import { startPostgres, type Postgres } from "../../e2e/harness/postgres.js";
import { authenticate } from "../../src/identity/authenticate.js";
import type { UserStore } from "../../src/identity/store.js";
import { readUsersFile, UsersFileStore } from "../../src/identity/users-file.js";
import { PostgresUsersStore } from "../../src/identity/users-postgres.js";
import { runAccountsCommand } from "../support/accounts-command.js";

const accounts = runAccountsCommand;

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

    // The account page's policy: 12 characters at least, nothing guessable.
    const refused = await accounts(["set-password", "ada@example.com"], env, "short pw\n");
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("accounts: the password needs at least 12 characters\n");
    for (const guessable of ["password1234", "123456789012", "aaaaaaaaaaaa", "ada@example.com"]) {
      const result = await accounts(["set-password", "ada@example.com"], env, `${guessable}\n`);
      expect(result.code).toBe(1);
      expect(result.err).toMatch(/accounts: the password (is too easy to guess|must not be the email address)/);
    }
    store = new UsersFileStore(file, pino({ level: "silent" }), { watch: false });
    expect(await authenticate(store, "ada@example.com", "correct horse battery")).toBeDefined();
    {
      const failed = await accounts(["disable", "nobody@example.com"], env);
      expect(failed.code).toBe(1);
      expect(failed.err).toContain("accounts: no account with the email nobody@example.com\n");
    }
    expect((await accounts(["add", "ada@example.com"], env, "another password\n")).err).toContain("exists already");
    expect((await accounts(["frobnicate"], env)).code).toBe(2);
    expect((await accounts(["list"], {})).err).toContain("set USERS_FILE or USERS_DATABASE_URL");
  }, 120_000);
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
  {
    const failed = await accounts(["remove-passkey", email, "NOPE-credential"], env);
    expect(failed.code).toBe(1);
    expect(failed.err).toContain("accounts: no passkey with an id starting with NOPE-credential\n");
  }
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
    {
      const failed = await accounts([command, "nobody@example.com"], env);
      expect(failed.code).toBe(1);
      expect(failed.err).toContain("accounts: no account with the email nobody@example.com\n");
    }
    expect((await accounts([command], env)).code).toBe(2);
  }
  expect((await accounts(["--help"], env)).out).toContain("remove-passkey <email> <credential-id-or-prefix>");
}

/** The audit lines (JSON) a run wrote on standard error. */
function auditLines(err: string): Array<Record<string, unknown>> {
  return err
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => typeof line.audit === "string");
}

/** A local port nothing listens on: Hydra "down". */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const consentSession = (clientId: string) => ({
  consent_request: { challenge: `c-${clientId}`, client: { client_id: clientId } },
  grant_scope: ["openid"],
});

/**
 * disable, remove and revoke-sessions with Hydra's admin API (the stand-in), one audit line per run, and settings
 * of the app that have nothing to do with the command ignored; the same on every store. `open` reads the store.
 */
async function adminCommands(storeEnv: Record<string, string>, open: () => Promise<UserStore>) {
  const hydra = await new HydraAdminStandIn().start();
  try {
    // Settings that would stop the app (production with an http HYDRA_PUBLIC_URL, a short SESSION_SECRET, an
    // account client without a secret) do not concern the command.
    const unrelated = {
      NODE_ENV: "production",
      HYDRA_PUBLIC_URL: "http://hydra.example",
      BASE_URL: "http://login.example",
      SESSION_SECRET: "short",
      ACCOUNT_CLIENT_ID: "account",
      MFA_ENCRYPTION_KEY: "not a key",
      LOGIN_MAX_FAILURES_PER_ACCOUNT: "many",
    };
    const env = { ...storeEnv, ...unrelated, HYDRA_ADMIN_URL: hydra.url };
    const added = await accounts(["add", "mia@example.com", "--id", "mia-1"], env, "a long enough passphrase\n");
    expect(added.code).toBe(0);
    const by = os.userInfo().username;
    expect(auditLines(added.err)).toEqual([
      expect.objectContaining({
        audit: "accounts.add",
        account: "mia@example.com",
        subject: "mia-1",
        by,
        outcome: "done",
      }),
    ]);
    expect(added.err).not.toContain("passphrase");

    // disable: the account is out, and Hydra is told to end its sessions and consents (and so its tokens).
    hydra.consentSessions("mia-1", [consentSession("photos"), consentSession("mail")]);
    const disabled = await accounts(["disable", "MIA@example.com"], env);
    expect(disabled.code).toBe(0);
    expect(disabled.out).toBe(
      "disabled mia@example.com\n" +
        "revoked the login sessions (remembered logins) of mia-1 in Hydra\n" +
        "revoked the consent sessions (and the tokens issued under them) of mia-1 in Hydra\n",
    );
    expect(hydra.sessionCalls("login").map((call) => [call.method, call.query])).toEqual([
      ["DELETE", { subject: "mia-1" }],
    ]);
    expect(hydra.sessionCalls("consent").map((call) => [call.method, call.query])).toEqual([
      ["DELETE", { subject: "mia-1", all: "true" }],
    ]);
    expect(hydra.consentSessionsOf("mia-1")).toEqual([]);
    expect(auditLines(disabled.err)).toEqual([
      expect.objectContaining({
        audit: "accounts.disable",
        account: "mia@example.com",
        subject: "mia-1",
        by,
        outcome: "done",
        sessions_revoked: true,
      }),
    ]);
    let store = await open();
    expect((await store.findByEmail("mia@example.com"))?.disabled).toBe(true);
    await store.close();
    expect((await accounts(["enable", "mia@example.com"], env)).code).toBe(0);

    // Hydra failing: the disable still happens, the command says loudly that sessions were not revoked, exits 1.
    hydra.answerSessions("consent", "DELETE", { status: 500, body: { error: "server_error" } });
    const halfway = await accounts(["disable", "mia@example.com"], env);
    expect(halfway.code).toBe(1);
    expect(halfway.out).toBe(
      "disabled mia@example.com\nrevoked the login sessions (remembered logins) of mia-1 in Hydra\n",
    );
    expect(halfway.err).toContain(
      "SESSIONS NOT REVOKED: the consent sessions (and the tokens issued under them) of mia-1",
    );
    expect(halfway.err).toContain("accounts revoke-sessions mia@example.com");
    expect(auditLines(halfway.err)).toEqual([
      expect.objectContaining({ audit: "accounts.disable", outcome: "partly_done", sessions_revoked: false }),
    ]);
    const down = { ...env, HYDRA_ADMIN_URL: `http://127.0.0.1:${await closedPort()}` };
    expect((await accounts(["enable", "mia@example.com"], env)).code).toBe(0);
    const unreachable = await accounts(["disable", "mia@example.com"], down);
    expect(unreachable.code).toBe(1);
    expect(unreachable.out).toBe("disabled mia@example.com\n");
    expect(unreachable.err.match(/SESSIONS NOT REVOKED/g)).toHaveLength(2);
    expect(unreachable.err).toContain("ECONNREFUSED");
    store = await open();
    expect((await store.findByEmail("mia@example.com"))?.disabled).toBe(true);
    await store.close();

    // Without HYDRA_ADMIN_URL: disabled, and told nothing was revoked; revoke-sessions then refuses to pretend.
    const { HYDRA_ADMIN_URL: _unset, ...noHydra } = env;
    expect((await accounts(["enable", "mia@example.com"], noHydra)).code).toBe(0);
    const alone = await accounts(["disable", "mia@example.com"], noHydra);
    expect(alone.code).toBe(0);
    expect(alone.err).toContain("HYDRA_ADMIN_URL is not set, so the sessions of mia-1 in Hydra were not revoked");
    const noRevoke = await accounts(["revoke-sessions", "mia@example.com"], noHydra);
    expect(noRevoke.code).toBe(1);
    expect(noRevoke.err).toContain("set HYDRA_ADMIN_URL");

    // revoke-sessions by email, and by subject without any store configured.
    hydra.answerSessions("consent", "DELETE", { status: 204 });
    const before = hydra.seen.length;
    const revoked = await accounts(["revoke-sessions", "mia@example.com"], env);
    expect(revoked).toMatchObject({ code: 0, out: expect.stringContaining("revoked the login sessions") });
    expect(hydra.seen.slice(before).map((call) => [call.method, call.path, call.query.subject])).toEqual([
      ["DELETE", "/admin/oauth2/auth/sessions/login", "mia-1"],
      ["DELETE", "/admin/oauth2/auth/sessions/consent", "mia-1"],
    ]);
    expect(auditLines(revoked.err)).toEqual([
      expect.objectContaining({ audit: "accounts.revoke-sessions", subject: "mia-1", sessions_revoked: true }),
    ]);
    const bySubject = await accounts(["revoke-sessions", "--id", "gone-7"], { HYDRA_ADMIN_URL: hydra.url });
    expect(bySubject.code).toBe(0);
    expect(hydra.sessionCalls("login").at(-1)?.query).toEqual({ subject: "gone-7" });
    expect((await accounts(["revoke-sessions", "nobody@example.com"], env)).code).toBe(1);

    // remove: the account, its factors and passkeys are gone, and its sessions revoked.
    store = await open();
    await enrol(store, "mia-1");
    await store.close();
    const removed = await accounts(["remove", "mia@example.com"], env);
    expect(removed.code).toBe(0);
    expect(removed.out).toContain("removed mia@example.com (subject mia-1) with its factors and passkeys\n");
    expect(removed.out).toContain("revoked the consent sessions (and the tokens issued under them) of mia-1");
    expect(auditLines(removed.err)).toEqual([
      expect.objectContaining({ audit: "accounts.remove", account: "mia@example.com", subject: "mia-1", by }),
    ]);
    store = await open();
    expect(await store.findByEmail("mia@example.com")).toBeUndefined();
    expect(await store.findById("mia-1")).toBeUndefined();
    expect(await store.findPasskey("LAPTOPcredential-0001")).toBeUndefined();
    expect(await store.findPasskey("PHONEcredential-0002")).toBeUndefined();
    await store.close();
    const again = await accounts(["remove", "mia@example.com"], env);
    expect(again.code).toBe(1);
    expect(again.err).toContain("accounts: no account with the email mia@example.com\n");
    expect(auditLines(again.err)).toEqual([expect.objectContaining({ audit: "accounts.remove", outcome: "failed" })]);
    // The email is free again.
    expect((await accounts(["add", "mia@example.com"], env, "a long enough passphrase\n")).code).toBe(0);

    // One audit line for each of the other commands too, and never a second.
    for (const args of [["list"], ["set-claims", "mia@example.com", "locale=de"], ["passkeys", "mia@example.com"]]) {
      const result = await accounts(args, env);
      expect(result.code).toBe(0);
      expect(auditLines(result.err)).toEqual([expect.objectContaining({ audit: `accounts.${args[0]}`, by })]);
    }
    // A bad setting of the command's own is named.
    const badUrl = await accounts(["list"], { ...storeEnv, HYDRA_ADMIN_URL: "ftp://hydra" });
    expect(badUrl.code).toBe(1);
    expect(badUrl.err).toContain("accounts: HYDRA_ADMIN_URL: must be an http:// or https:// URL");
  } finally {
    await hydra.stop();
  }
}

describe("accounts command: disable, remove and revoke-sessions on a users file", () => {
  it("revokes in Hydra, writes an audit line per run, and needs only the store's settings", async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "accounts-cli-")), "users.yaml");
    writeFileSync(file, "# Our accounts.\n- id: keep-1\n  email: keep@example.com\n  password_hash: $argon2id$kept\n");
    await adminCommands(
      { USERS_FILE: file },
      async () => new UsersFileStore(file, pino({ level: "silent" }), { watch: false }),
    );
    // The other account stayed as it was.
    expect(readUsersFile(file).map((record) => [record.id, record.email])).toEqual([
      ["keep-1", "keep@example.com"],
      [expect.any(String), "mia@example.com"],
    ]);
  }, 180_000);
});

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

  it("disable, remove and revoke-sessions: revoked in Hydra, an audit line per run, only the store's settings", async () => {
    await server.createDatabase("cli_admin");
    const url = server.url("cli_admin");
    await adminCommands({ USERS_DATABASE_URL: url }, () => PostgresUsersStore.connect(url, pino({ level: "silent" })));
  }, 180_000);

  it("lists, removes passkeys, switches mfa_required and resets factors", async () => {
    const env = { USERS_DATABASE_URL: server.url("cli") };
    expect((await accounts(["add", "lin@example.com"], env, "a long password\n")).code).toBe(0);
    const open = () => PostgresUsersStore.connect(server.url("cli"), pino({ level: "silent" }));
    await factorCommands(env, open, "lin@example.com");
  }, 120_000);
});
