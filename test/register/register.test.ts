import { readFileSync } from "node:fs";
import { pino } from "pino";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type Postgres } from "../../e2e/harness/postgres.js";
import { PostgresUsersStore } from "../../src/identity/users-postgres.js";
import { verifyPassword } from "../../src/identity/passwords.js";
import { appUnderTest } from "../support/app-under-test.js";
import { csrfTokenOf } from "../support/forms.js";
import {
  signUp,
  signUpApp,
  SIGN_UP_ENV,
  STRONG,
  usersFileStore,
  type AdminStore,
  type SignUpForm,
} from "./sign-up-app.js";

let postgres: Postgres;
let pgStore: PostgresUsersStore;
beforeAll(async () => {
  postgres = await startPostgres();
  await postgres.createDatabase("accounts");
  pgStore = await PostgresUsersStore.connect(postgres.url("accounts"), pino({ level: "silent" }));
}, 60_000);
afterAll(async () => {
  await pgStore?.close();
  await postgres?.stop();
});

const stores: Array<[string, () => AdminStore]> = [
  ["the users file", () => usersFileStore()],
  ["PostgreSQL", () => pgStore],
];

describe.each(stores)("sign-up into %s (REGISTRATION=open)", (_name, storeOf) => {
  it("the login page links to /register with the challenge; the form has the contract's ids", async () => {
    const { app } = await signUpApp(storeOf());
    const login = await request(app).get("/login?login_challenge=flow-1").expect(200);
    expect(login.text).toContain('id="register-link" href="/register?login_challenge=flow-1"');
    const page = await request(app).get("/register?login_challenge=flow-1").expect(200);
    for (const id of ["email", "name", "password", "password-repeat", "register"]) {
      expect(page.text).toContain(`id="${id}"`);
    }
    expect(page.text).toContain('name="challenge" value="flow-1"');
    expect(page.text).toContain("Create an account to continue to Test Client.");
  });

  it("creates an unverified account and signs it into the same flow: Hydra accepts the new subject", async () => {
    const store = storeOf();
    const { app, hydra, sent, mailed, audit } = await signUpApp(store);
    const email = `ada-${crypto.randomUUID()}@Example.org`;
    const response = await signUp(app, { email, name: "Ada Lovelace" }, { challenge: "flow-2" });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe("https://hydra.test/after/acceptLoginRequest");

    const account = await store.findByEmail(email.toLowerCase());
    expect(account).toMatchObject({ email: email.toLowerCase(), emailVerified: false, disabled: false });
    expect(account!.profile.name).toBe("Ada Lovelace");
    expect(await verifyPassword(account!.passwordHash, STRONG)).toBe(true);
    const listed = await store.list();
    expect(listed.find((record) => record.id === account!.id)?.email_verified).toBe(false);

    const accepts = hydra.calls.filter((call) => call.operation === "acceptLoginRequest");
    expect(accepts).toEqual([
      {
        operation: "acceptLoginRequest",
        challenge: "flow-2",
        body: { subject: account!.id, remember: false, remember_for: 0, acr: "1", amr: ["pwd"] },
      },
    ]);
    // The verification link, once, to the new account; nothing else.
    expect(sent).toEqual([{ user: expect.objectContaining({ id: account!.id, emailVerified: false }), lang: "en" }]);
    expect(mailed).toEqual([]);
    expect(audit()).toContainEqual(expect.objectContaining({ audit: "account.signed_up", subject: account!.id }));
    expect(audit()).toContainEqual(
      expect.objectContaining({ audit: "login.accepted", subject: account!.id, step: "registered" }),
    );
  });

  it("without a login challenge: the account is made and the page offers a way to sign in", async () => {
    const store = storeOf();
    const { app, hydra, sent } = await signUpApp(store);
    const email = `grace-${crypto.randomUUID()}@example.org`;
    const response = await signUp(app, { email });
    expect(response.status).toBe(200);
    expect(response.text).toContain("Your account is ready");
    expect(response.text).toContain(`You can now sign in with ${email} and your password.`);
    expect(response.text).toContain('id="way-on"');
    expect((await store.findByEmail(email))?.emailVerified).toBe(false);
    expect(sent).toHaveLength(1);
    expect(hydra.calls.some((call) => call.operation === "acceptLoginRequest")).toBe(false);
  });

  it("an address that has an account: told so, with sign-in and reset links keeping the flow; nothing made or sent", async () => {
    const store = storeOf();
    const { app, hydra, sent, mailed, audit } = await signUpApp(store);
    const email = `taken-${crypto.randomUUID()}@example.org`;
    expect((await signUp(app, { email }, { challenge: "flow-3" })).status).toBe(303);
    sent.length = 0;
    const again = await signUp(
      app,
      { email: email.toUpperCase(), password: "another-long-passphrase-7" },
      {
        challenge: "flow-4",
      },
    );
    expect(again.status).toBe(409);
    expect(again.text).toContain("This address has an account: sign in, or reset your password.");
    expect(again.text).toContain(
      `id="sign-in-instead" href="/login?login_challenge=flow-4&amp;login_hint=${encodeURIComponent(email)}"`,
    );
    expect(again.text).toContain('id="reset-password" href="/recovery?login_challenge=flow-4"');
    expect(
      hydra.calls.filter((call) => call.challenge === "flow-4" && call.operation === "acceptLoginRequest"),
    ).toEqual([]);
    expect(sent).toEqual([]);
    expect(mailed).toEqual([]);
    expect((await store.list()).filter((record) => record.email === email)).toHaveLength(1);
    expect(audit()).toContainEqual(expect.objectContaining({ audit: "account.sign_up_taken", account: email }));
  });

  it.each([
    ["a guessable password", { password: "password1234" }, "one of the most common"],
    ["a short password", { password: "short-pw" }, "at least 12 characters"],
    [
      "a mismatched repeat",
      { password_repeat: "violet-harbour-lantern-43" },
      "The two new passwords are not the same.",
    ],
    ["the address as password", { password: "someone@example.org" }, "must not be your email address"],
    ["a malformed address", { email: "not-an-address" }, "Please enter a valid email address."],
  ])("%s: 400 with the reason, no account", async (_case, change, text) => {
    const store = storeOf();
    const { app, hydra } = await signUpApp(store);
    const before = (await store.list()).length;
    const form: SignUpForm = { email: "someone@example.org", ...change };
    const response = await signUp(
      app,
      { ...form, password_repeat: form.password_repeat ?? form.password },
      {
        challenge: "flow-5",
      },
    );
    expect(response.status).toBe(400);
    expect(response.text).toContain(text);
    expect(response.text).toContain('name="challenge" value="flow-5"');
    expect((await store.list()).length).toBe(before);
    expect(hydra.calls.some((call) => call.operation === "acceptLoginRequest")).toBe(false);
  });

  it("NFKC: a password typed in another Unicode form is the same password at sign-in", async () => {
    const store = storeOf();
    const { app } = await signUpApp(store);
    const email = `nfkc-${crypto.randomUUID()}@example.org`;
    // "ﬁ" (one ligature) and "fi": the same password after NFKC, for the repeat and for later sign-ins.
    const made = await signUp(app, {
      email,
      password: "ﬁnest-harbour-lantern-42",
      password_repeat: "finest-harbour-lantern-42",
    });
    expect(made.status).toBe(200);
    const account = await store.findByEmail(email);
    expect(await verifyPassword(account!.passwordHash, "finest-harbour-lantern-42")).toBe(true);
  });

  it("REGISTRATION_DOMAINS: another domain gets a 400 naming the limit, and no account", async () => {
    const store = storeOf();
    const { app, audit } = await signUpApp(store, { REGISTRATION_DOMAINS: "example.org, @Example.COM" });
    const outside = await signUp(app, { email: "mallory@evil.test" }, { challenge: "flow-6" });
    expect(outside.status).toBe(400);
    expect(outside.text).toContain("Sign-up here is limited to addresses at: example.org, example.com.");
    expect(await store.findByEmail("mallory@evil.test")).toBeUndefined();
    expect(audit()).toContainEqual(expect.objectContaining({ audit: "account.sign_up_refused", reason: "domain" }));
    const inside = await signUp(app, { email: `ok-${crypto.randomUUID()}@EXAMPLE.com` }, { challenge: "flow-6" });
    expect(inside.status).toBe(303);
  });
});

describe("the verification link's sender", () => {
  it.each([
    ["rejects", async () => Promise.reject(new Error("SMTP down"))],
    [
      "throws at once",
      () => {
        throw new Error("SMTP down");
      },
    ],
  ])("that %s costs the link only: the person is signed in, and an audit line says so", async (_case, sender) => {
    const store = usersFileStore();
    const { app, audit } = await signUpApp(store, {}, { sendVerification: sender });
    const email = `mailless-${crypto.randomUUID()}@example.org`;
    const response = await signUp(app, { email }, { challenge: "flow-mail" });
    expect(response.status).toBe(303);
    expect((await store.findByEmail(email))?.emailVerified).toBe(false);
    await expect
      .poll(() => audit().find((line) => line.audit === "account.sign_up_mail_failed"))
      .toMatchObject({ error: "SMTP down" });
  });
});

describe("sign-up is off unless REGISTRATION=open", () => {
  it.each([
    ["unset (off)", {}],
    ["off", { REGISTRATION: "off" }],
    ["invite", { REGISTRATION: "invite", BASE_URL: SIGN_UP_ENV.BASE_URL, SMTP_URL: SIGN_UP_ENV.SMTP_URL }],
  ])("%s: no link on the login page, /register is 404 for GET and POST", async (_case, env) => {
    const { app } = await appUnderTest(env);
    const agent = request.agent(app);
    const login = await agent.get("/login?login_challenge=flow-7").expect(200);
    expect(login.text).not.toContain("register-link");
    expect(login.text).not.toContain("/register");
    await agent.get("/register").expect(404);
    await agent.get("/register?login_challenge=flow-7").expect(404);
    const posted = await agent
      .post("/register")
      .type("form")
      .send({ _csrf: csrfTokenOf(login.text), email: "new@example.org", password: STRONG, password_repeat: STRONG });
    expect(posted.status).toBe(404);
  });
});

it("the README says that sign-up tells whether an address has an account, and how that is bounded", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  expect(readme).toContain("**Sign-up tells whether an address has an account.**");
  expect(readme).toContain("counted per client IP");
});
