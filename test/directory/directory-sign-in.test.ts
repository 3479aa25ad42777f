import { readFileSync } from "node:fs";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/http/logging.js";
import { createUserStore, type ConfiguredStore } from "../../src/identity/create-store.js";
import { mfaSecretBox } from "../../src/identity/factors/keys.js";
import { currentTotp, newTotpSecret, totpStep } from "../../src/identity/factors/totp.js";
import { ACCOUNT_ENV, accountApp, signInTo } from "../account/stand-ins.js";
import { appUnderTest, SECRET } from "../support/app-under-test.js";
import { csrfTokenOf } from "../support/forms.js";
import { LDAP_PEOPLE, LDAP_USERS, startLdapServer, type LdapServer } from "../support/ldap-server.js";
import { usersFileIn } from "../support/users-file.js";

let ldap: LdapServer;

beforeAll(async () => {
  ldap = await startLdapServer();
}, 30_000);

afterAll(async () => {
  await ldap?.destroy();
});

const logger = createLogger("silent");

function directoryEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: "test",
    SESSION_SECRET: SECRET,
    LOGIN_FAILURE_DELAY_MS: "0",
    LDAP_URL: ldap.url,
    LDAP_BIND_DN: "cn=reader,dc=example,dc=test",
    LDAP_BIND_PASSWORD: "reader-secret",
    LDAP_USER_BASE: LDAP_PEOPLE,
    LDAP_GROUPS: "ou=groups,dc=example,dc=test",
    LDAP_TIMEOUT_MS: "2000",
    ...extra,
  };
}

/** The app on the fake Hydra with the directory as its user store (and readiness), as main.ts builds it. */
async function directoryApp(extra: Record<string, string> = {}) {
  const env = directoryEnv(extra);
  const accounts = await createUserStore(loadConfig(env), logger, { watch: false });
  const { app, hydra } = await appUnderTest(env, {
    users: accounts.store,
    readiness: { directory: accounts.isReady! },
  });
  return { app, hydra, accounts };
}

function sealedFacts(html: string): string {
  const facts = /name="facts" value="([^"]+)"/.exec(html)?.[1];
  if (facts === undefined) throw new Error("the login page carries no sealed facts");
  return facts;
}

let challenges = 0;

/** The login form as a browser posts it. */
async function signIn(agent: request.Agent, email: string, password: string, challenge = `ldap-${++challenges}`) {
  const page = await agent.get(`/login?login_challenge=${challenge}`).expect(200);
  return agent
    .post("/login")
    .type("form")
    .send({
      _csrf: csrfTokenOf(page.text),
      challenge,
      facts: sealedFacts(page.text),
      action: "accept",
      email,
      password,
    });
}

const acceptedSubjects = (hydra: { calls: Array<{ operation: string; body?: unknown }> }) =>
  hydra.calls
    .filter((call) => call.operation === "acceptLoginRequest")
    .map((call) => (call.body as { subject: string }).subject);

async function idOf(accounts: ConfiguredStore, email: string): Promise<string> {
  const user = await accounts.store.findByEmail(email);
  if (user === undefined) throw new Error(`${email} is not in the directory`);
  return user.id;
}

describe("accounts from an LDAP directory (a real slapd)", () => {
  it("signs in with the directory password; the subject is the entryUUID, not the DN; claims and groups mapped", async () => {
    const { app, hydra, accounts } = await directoryApp();
    const answer = await signIn(request.agent(app), LDAP_USERS.alice.email, LDAP_USERS.alice.password);
    expect(answer.status).toBe(303);
    const [subject] = acceptedSubjects(hydra);
    expect(subject).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const alice = await accounts.store.findById(subject!);
    expect(alice).toMatchObject({
      email: LDAP_USERS.alice.email,
      emailVerified: true,
      disabled: false,
      groups: ["admins", "staff"],
      profile: {
        name: "Alice Example",
        given_name: "Alice",
        family_name: "Example",
        preferred_username: "alice",
        locale: "de",
      },
    });
    // The uid works as the sign-in name too (the default filter), and an address in capitals is the same one.
    expect((await signIn(request.agent(app), "alice", LDAP_USERS.alice.password)).status).toBe(303);
    expect((await signIn(request.agent(app), "ALICE@example.test", LDAP_USERS.alice.password)).status).toBe(303);
    expect(new Set(acceptedSubjects(hydra))).toEqual(new Set([subject]));
    expect(await accounts.isReady!()).toBe(true);
  });

  it("a wrong password and an unknown email: the same 401 page, each one search and one bind, nobody signed in", async () => {
    const { app, hydra } = await directoryApp();
    const aliceDn = `uid=alice,${LDAP_PEOPLE}`;
    const dummyDn = `cn=no-such-account,${LDAP_PEOPLE}`;
    const [aliceBefore, dummyBefore] = [ldap.bindsFor(aliceDn), ldap.bindsFor(dummyDn)];
    const wrong = await signIn(request.agent(app), LDAP_USERS.alice.email, "not-her-password");
    const unknown = await signIn(request.agent(app), "nobody@example.test", "whatever-password");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const text = (html: string) =>
      html
        .replace(/name="(_csrf|facts|challenge)" value="[^"]*"/g, "")
        .replace(/ldap-\d+/g, "")
        .replace(/value="[^"]*@example.test"/, "");
    expect(text(unknown.text)).toBe(text(wrong.text));
    expect(ldap.bindsFor(aliceDn) - aliceBefore).toBe(1);
    expect(ldap.bindsFor(dummyDn) - dummyBefore).toBe(1);
    // An empty password would be an anonymous bind, which LDAP "accepts": refused, never bound as her.
    expect((await signIn(request.agent(app), LDAP_USERS.alice.email, "")).status).not.toBe(303);
    expect(acceptedSubjects(hydra)).toEqual([]);
  });

  it("LDAP injection in the email finds nobody and signs nobody in", async () => {
    const { app, hydra, accounts } = await directoryApp();
    const attempts = [
      "*",
      "*)(uid=*",
      "alice*",
      "al*ce@example.test",
      "*)(|(mail=*",
      "alice@example.test)(uid=*",
      "\\00",
      "\\2a",
      "a\\5cb",
    ];
    // A NUL that would cut the filter short: escaped, so "alice\0" is not alice.
    expect(await accounts.store.findByEmail("alice\u0000")).toBeUndefined();
    expect(await accounts.store.findByEmail("alice\u0000)(uid=*")).toBeUndefined();
    for (const email of attempts) {
      expect(await accounts.store.findByEmail(email), email).toBeUndefined();
      const answer = await signIn(request.agent(app), email, LDAP_USERS.alice.password);
      expect(answer.status, email).not.toBe(303);
    }
    expect(acceptedSubjects(hydra)).toEqual([]);
  });

  it("a disabled entry (ppolicy pwdAccountLockedTime) is refused with its right password", async () => {
    const { app, hydra, accounts } = await directoryApp();
    expect((await accounts.store.findByEmail(LDAP_USERS.carol.email))?.disabled).toBe(true);
    expect((await signIn(request.agent(app), LDAP_USERS.carol.email, LDAP_USERS.carol.password)).status).toBe(401);
    expect(acceptedSubjects(hydra)).toEqual([]);
  });

  it("an entry whose DN needs escaping (a comma and a plus in its cn) signs in", async () => {
    const { app, hydra, accounts } = await directoryApp();
    expect((await signIn(request.agent(app), LDAP_USERS.jane.email, LDAP_USERS.jane.password)).status).toBe(303);
    const jane = await accounts.store.findById(acceptedSubjects(hydra)[0]!);
    expect(jane?.profile.name).toBe("Doe, Jane+Admin");
    expect(jane?.groups).toEqual(["staff"]);
  });

  it("a renamed entry (modrdn) keeps its subject and still signs in", async () => {
    const { app, hydra, accounts } = await directoryApp();
    const before = await idOf(accounts, LDAP_USERS.bob.email);
    ldap.modify(`dn: uid=bob,${LDAP_PEOPLE}\nchangetype: modrdn\nnewrdn: uid=robert\ndeleteoldrdn: 1\n`);
    expect((await signIn(request.agent(app), LDAP_USERS.bob.email, LDAP_USERS.bob.password)).status).toBe(303);
    expect(acceptedSubjects(hydra)).toEqual([before]);
    expect((await accounts.store.findById(before))?.profile.preferred_username).toBe("robert");
  });

  it("TOTP for a directory account is kept in the local users file under its directory id, and asked at sign-in", async () => {
    const { file } = usersFileIn("users.json", "[]\n");
    const { app, hydra, accounts } = await directoryApp({ USERS_FILE: file });
    const id = await idOf(accounts, LDAP_USERS.alice.email);
    const secret = newTotpSecret();
    await accounts.store.setTotp(id, {
      sealedSecret: mfaSecretBox(undefined, SECRET).seal(secret),
      confirmedAt: new Date().toISOString(),
      lastUsedStep: totpStep() - 5,
    });
    const kept = JSON.parse(readFileSync(file, "utf8")) as Array<Record<string, unknown>>;
    expect(kept).toHaveLength(1);
    // A factor holder: the directory id, disabled, an address that is nobody's, a password nobody knows.
    expect(kept[0]).toMatchObject({ id, disabled: true, email: expect.stringMatching(/@directory\.invalid$/) });
    expect(kept[0]!.totp).toBeDefined();
    expect((await accounts.store.getFactors(id)).totp).toBeDefined();

    const agent = request.agent(app);
    const first = await signIn(agent, LDAP_USERS.alice.email, LDAP_USERS.alice.password, "ldap-totp");
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe("/login/second-factor?login_challenge=ldap-totp");
    expect(acceptedSubjects(hydra)).toEqual([]);
    const page = await agent.get("/login/second-factor?login_challenge=ldap-totp").expect(200);
    const done = await agent
      .post("/login/second-factor")
      .type("form")
      .send({ _csrf: csrfTokenOf(page.text), challenge: "ldap-totp", action: "accept", code: currentTotp(secret) });
    expect(done.status).toBe(303);
    const accept = hydra.calls.find((call) => call.operation === "acceptLoginRequest")?.body;
    expect(accept).toMatchObject({ subject: id, acr: "2", amr: ["pwd", "otp"] });

    // The holder never signs in by itself, and other directory accounts have no factors.
    expect((await signIn(request.agent(app), kept[0]!.email as string, "anything-at-all")).status).toBe(401);
    expect((await accounts.store.getFactors(await idOf(accounts, LDAP_USERS.jane.email))).totp).toBeUndefined();
    await accounts.store.resetFactors(id);
    expect((await accounts.store.getFactors(id)).totp).toBeUndefined();
  });

  it("the directory stopped mid-flow: 503 with Try again and /health/ready says so; back once it is", async () => {
    const { app, hydra } = await directoryApp();
    const agent = request.agent(app);
    const page = await agent.get("/login?login_challenge=ldap-down").expect(200);
    await ldap.stop();
    try {
      const down = await agent
        .post("/login")
        .type("form")
        .send({
          _csrf: csrfTokenOf(page.text),
          challenge: "ldap-down",
          facts: sealedFacts(page.text),
          action: "accept",
          email: LDAP_USERS.alice.email,
          password: LDAP_USERS.alice.password,
        });
      expect(down.status).toBe(503);
      expect(down.text).toContain("Try again");
      const ready = await request(app).get("/health/ready");
      expect(ready.status).toBe(503);
      expect(ready.body.checks).toMatchObject({ directory: false });
    } finally {
      await ldap.start();
    }
    expect((await request(app).get("/health/ready")).status).toBe(200);
    expect((await signIn(agent, LDAP_USERS.alice.email, LDAP_USERS.alice.password)).status).toBe(303);
    expect(acceptedSubjects(hydra)).toHaveLength(1);
  });

  it("her uid and her address are one account to the limits: two names never give two sets of tries", async () => {
    const { app, hydra } = await directoryApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: "3" });
    const aliceDn = `uid=alice,${LDAP_PEOPLE}`;
    const before = ldap.bindsFor(aliceDn);
    const statuses = [];
    for (const typed of ["alice", LDAP_USERS.alice.email, "ALICE", "Alice@Example.test", "alice"]) {
      statuses.push((await signIn(request.agent(app), typed, "wrong-password")).status);
    }
    expect(statuses.slice(0, 2)).toEqual([401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429]);
    expect(ldap.bindsFor(aliceDn) - before).toBe(3);
    // Locked for her right password too, whichever name is typed.
    expect((await signIn(request.agent(app), "alice", LDAP_USERS.alice.password)).status).toBe(429);
    expect(acceptedSubjects(hydra)).toEqual([]);
  });

  it("a locked address costs the directory nothing: no search, no bind", async () => {
    const { app } = await directoryApp({ LOGIN_MAX_FAILURES_PER_IP: "3" });
    const guesses = [];
    for (let index = 0; index < 3; index += 1) {
      guesses.push((await signIn(request.agent(app), `guess-${index}@example.test`, "wrong-password")).status);
    }
    expect(guesses).toEqual([401, 401, 429]); // the third failure locks the address
    const statuses = [];
    for (let index = 0; index < 20; index += 1) {
      statuses.push((await signIn(request.agent(app), `flood-${index}@example.test`, "wrong-password")).status);
    }
    expect(statuses.every((status) => status === 429)).toBe(true);
    // Let slapd's log catch up.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ldap.searchesFor("guess-")).toBe(3);
    expect(ldap.searchesFor("flood-")).toBe(0);
  });

  it("150 concurrent wrong passwords for one account cost at most the limit's binds", async () => {
    const { app, hydra } = await directoryApp({
      LOGIN_MAX_FAILURES_PER_ACCOUNT: "5",
      LOGIN_MAX_FAILURES_PER_IP: "1000",
    });
    const janeDn = `cn=Doe\\2C Jane\\2BAdmin,${LDAP_PEOPLE}`;
    const before = ldap.bindsFor();
    const beforeJane = ldap.bindsFor(janeDn);
    const agent = request.agent(app);
    const page = await agent.get("/login?login_challenge=ldap-crowd").expect(200);
    const form = {
      _csrf: csrfTokenOf(page.text),
      challenge: "ldap-crowd",
      facts: sealedFacts(page.text),
      action: "accept",
      email: LDAP_USERS.jane.email,
    };
    const answers = await Promise.all(
      Array.from({ length: 150 }, (_, index) =>
        agent
          .post("/login")
          .type("form")
          .send({ ...form, password: `wrong-${index}` }),
      ),
    );
    expect(answers.every((answer) => answer.status >= 400 && answer.status < 500)).toBe(true);
    expect(answers.filter((answer) => answer.status === 429).length).toBeGreaterThan(0);
    // Let slapd's log catch up with the last binds.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const janeBinds = ldap.bindsFor(janeDn) - beforeJane;
    expect(janeBinds).toBeGreaterThan(0);
    expect(janeBinds).toBeLessThanOrEqual(5);
    // The service account's own binds are the pool's (4 connections, made again when one fails): bounded, not counted.
    expect(ldap.bindsFor() - before - janeBinds).toBeLessThanOrEqual(4 * 3);
    expect(acceptedSubjects(hydra)).toEqual([]);
  }, 30_000);
});

describe("the account page of a directory account", () => {
  it("shows the account with its factors but no password change, and refuses one posted anyway (404)", async () => {
    const env = directoryEnv({ ...ACCOUNT_ENV });
    const accounts = await createUserStore(loadConfig(env), logger, { watch: false });
    const { app, oidc } = await accountApp({ env, deps: { users: accounts.store } });
    oidc.next.subject = await idOf(accounts, LDAP_USERS.jane.email);
    const { agent, page } = await signInTo(app);
    expect(page.text).toContain(LDAP_USERS.jane.email);
    expect(page.text).toContain('id="sign-out"');
    for (const id of ["change-password", "current-password", "new-password"])
      expect(page.text).not.toContain(`id="${id}"`);
    const posted = await agent
      .post("/account/password")
      .type("form")
      .send({
        _csrf: csrfTokenOf(page.text),
        current_password: LDAP_USERS.jane.password,
        new_password: "a-new-password-for-jane",
        new_password_repeat: "a-new-password-for-jane",
      });
    expect(posted.status).toBe(404);
    // Still her directory password.
    const jane = await accounts.store.findPasswordHolder!(LDAP_USERS.jane.email);
    expect(await accounts.store.checkHolderPassword!(jane, LDAP_USERS.jane.password)).toBeDefined();
  });
});

describe("directory settings", () => {
  it("plain ldap:// is refused in production unless LDAP_INSECURE, which warns", () => {
    const production = {
      NODE_ENV: "production",
      SESSION_SECRET: SECRET,
      HYDRA_ADMIN_URL: "http://hydra:4445",
      LDAP_URL: "ldap://directory.example:389",
      LDAP_USER_BASE: "ou=people,dc=example,dc=org",
    };
    expect(() => loadConfig(production)).toThrow(/LDAP_URL: plain ldap:\/\/ sends every password in clear text/);
    expect(loadConfig({ ...production, LDAP_STARTTLS: "true" }).ldap.startTls).toBe(true);
    expect(() => loadConfig({ ...production, LDAP_URL: "ldaps://directory.example", LDAP_STARTTLS: "true" })).toThrow(
      /LDAP_STARTTLS/,
    );
    const allowed = loadConfig({ ...production, LDAP_INSECURE: "true" });
    expect(allowed.warnings.join("\n")).toMatch(/clear text/);
    expect(allowed.warnings.join("\n")).toMatch(/directory accounts have no second factors/);
    expect(allowed.demoAccount).toBe(false);
  });

  it("refuses a missing base, two bind passwords, a filter without {email} and the DN as the id", () => {
    const base = { NODE_ENV: "test", LDAP_URL: "ldaps://directory.example" };
    expect(() => loadConfig(base)).toThrow(/LDAP_USER_BASE: required with LDAP_URL/);
    const withBase = { ...base, LDAP_USER_BASE: "ou=people,dc=example,dc=org" };
    expect(() => loadConfig({ ...withBase, LDAP_BIND_PASSWORD: "a", LDAP_BIND_PASSWORD_FILE: "/run/b" })).toThrow(
      /LDAP_BIND_PASSWORD and LDAP_BIND_PASSWORD_FILE/,
    );
    expect(() => loadConfig({ ...withBase, LDAP_USER_FILTER: "(mail=*)" })).toThrow(/LDAP_USER_FILTER/);
    expect(() => loadConfig({ ...withBase, LDAP_ID_ATTRIBUTE: "dn" })).toThrow(/never the DN/);
    expect(() => loadConfig({ ...withBase, LDAP_ATTRIBUTES: "secret=userPassword" })).toThrow(/LDAP_ATTRIBUTES/);
    expect(loadConfig(withBase).ldap).toMatchObject({ idAttribute: "entryUUID", timeoutMs: 5000, maxConnections: 10 });
  });

  it("reads the service password from LDAP_BIND_PASSWORD_FILE", async () => {
    const { file } = usersFileIn("bind-password", "reader-secret\n");
    const env = directoryEnv({ LDAP_BIND_PASSWORD_FILE: file });
    delete env.LDAP_BIND_PASSWORD;
    const accounts = await createUserStore(loadConfig(env), logger, { watch: false });
    expect(await accounts.isReady!()).toBe(true);
    const wrong = await createUserStore(loadConfig({ ...directoryEnv(), LDAP_BIND_PASSWORD: "nope" }), logger);
    expect(await wrong.isReady!()).toBe(false);
  });
});
