import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { noViolations } from "./support/axe.js";
import { mailpitBinary } from "./harness/mailpit.js";
import { writeUsersFile } from "./harness/fixtures.js";
import { startStack, type Stack } from "./harness/stack.js";
import { startMailpit, type Mailpit } from "../test/support/mailpit.js";
import {
  authorizeUrl,
  callbackUrl,
  codeFromCallback,
  createClient,
  decodeJwt,
  exchangeCode,
  giveConsent,
  logIn,
  type OAuthEndpoints,
} from "./support/oauth.js";

// Sign-up (issue 22, REGISTRATION=open) through a real Hydra. The spec has its own stack (sign-up on, which puts a
// link on every login page) and its own mail catcher, so the shared stack's pages stay as they are. Its tests run
// in order in one worker.
// The first test goes on to the link the sign-up emails (/verify/<token>) and a fresh id_token that says verified.
test.describe.configure({ mode: "default" });

const PASSWORD = "quartz-meadow-lantern-61";

let mailpit: Mailpit;
let stack: Stack;
let usersFile: string;
let endpoints: OAuthEndpoints;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  mailpit = await startMailpit({ bin: mailpitBinary() });
  usersFile = await writeUsersFile([]);
  stack = await startStack({
    storage: "memory",
    appEnv: {
      NODE_ENV: "development",
      SESSION_SECRET: "e2e-register-session-secret-0123456789abc",
      USERS_FILE: usersFile,
      SMTP_URL: mailpit.smtpUrl,
      REGISTRATION: "open",
    },
  }).catch(async (error: unknown) => {
    await mailpit.stop();
    throw error;
  });
  endpoints = {
    hydraPublicUrl: stack.hydra.publicUrl,
    hydraAdminUrl: stack.hydra.adminUrl,
    callbackUrl: callbackUrl(),
  };
});

test.afterAll(async () => {
  await stack?.stop();
  await mailpit?.stop();
});

const accountsInFile = () =>
  JSON.parse(readFileSync(usersFile, "utf8")) as Array<{ id: string; email: string; email_verified: boolean }>;

test.describe("sign-up through a real Hydra", () => {
  test("from a client's authorization request: sign up, consent, back at the client with email_verified false", async ({
    page,
  }) => {
    const email = `new-${Date.now()}@example.test`;
    const client = await createClient({}, endpoints);
    await page.goto(authorizeUrl(client, { scope: "openid email profile" }, endpoints));
    await expect(page.getByRole("heading", { name: "Please log in" })).toBeVisible();
    const challenge = new URL(page.url()).searchParams.get("login_challenge");

    await page.click("#register-link");
    await expect(page.getByRole("heading", { name: "Create an account" })).toBeVisible();
    expect(new URL(page.url()).pathname).toBe("/register");
    expect(new URL(page.url()).searchParams.get("login_challenge")).toBe(challenge);
    await noViolations(page, "sign-up form");

    // A weak password first: the page says why and keeps what was typed.
    await page.fill("#email", email);
    await page.fill("#name", "Mary Somerville");
    await page.fill("#password", "password1234");
    await page.fill("#password-repeat", "password1234");
    await page.click("#register");
    await expect(page.locator("#form-error")).toContainText("one of the most common");
    await expect(page.locator("#email")).toHaveValue(email);
    await noViolations(page, "sign-up form with an error");

    await page.fill("#password", PASSWORD);
    await page.fill("#password-repeat", PASSWORD);
    await page.click("#register");
    await giveConsent(page, { scopes: ["openid", "email", "profile"] });
    const tokens = await exchangeCode(client, await codeFromCallback(page), endpoints);
    const idToken = decodeJwt(tokens.id_token!);

    const account = accountsInFile().find((found) => found.email === email);
    expect(account).toMatchObject({ email, email_verified: false });
    expect(idToken).toMatchObject({ sub: account!.id, email, email_verified: false, name: "Mary Somerville" });
    expect(idToken.acr).toBe("1");
    expect(idToken.amr).toEqual(["pwd"]);

    // The sign-up emailed one confirmation link. Opening it changes nothing: confirming needs this browser signed in
    // to the account page as the new account (a scanner or a stranger's browser must not confirm it).
    const message = await mailpit.waitFor(email, 1);
    expect(message.Subject).toBe("Confirm your email address");
    const link = /https?:\/\/\S+\/verify\/[A-Za-z0-9_-]{43}/.exec(message.Text)?.[0];
    expect(link?.startsWith(`${stack.appPublicUrl}/verify/`), message.Text).toBe(true);
    await page.goto(link!);
    await expect(page.locator("#email-confirm-sign-in")).toBeVisible();
    await expect(page.locator("#confirm-email")).toHaveCount(0);
    expect(accountsInFile().find((found) => found.email === email)).toMatchObject({ email_verified: false });
    await page.click("#email-confirm-account");
    // Hydra may remember the sign-up's login: sign in only if the form shows.
    const signInForm = page.getByRole("heading", { name: "Please log in" });
    await expect(signInForm.or(page.locator("#email-status"))).toBeVisible();
    if (await signInForm.isVisible()) await logIn(page, { email, password: PASSWORD });
    await expect(page.locator("#email-status")).toHaveText("Not confirmed yet");
    await page.goto(link!);
    await expect(page.locator("#email-confirm-address")).toContainText(email);
    await noViolations(page, "confirm page");
    await page.click("#confirm-email");
    await expect(page.locator("#email-verified")).toContainText(`${email} is now the confirmed address`);
    expect(accountsInFile().find((found) => found.email === email)).toMatchObject({ email_verified: true });

    // A fresh authorization, signing in again with the new password: the new id_token says verified.
    await page.goto(authorizeUrl(client, { scope: "openid email profile", prompt: "login" }, endpoints));
    await logIn(page, { email, password: PASSWORD });
    await giveConsent(page, { scopes: ["openid", "email", "profile"] });
    const fresh = decodeJwt((await exchangeCode(client, await codeFromCallback(page), endpoints)).id_token!);
    expect(fresh).toMatchObject({ sub: account!.id, email, email_verified: true });

    // Exactly one email for the sign-up: the link, nothing sent twice.
    expect(await mailpit.messagesTo(email)).toHaveLength(1);
  });

  test("the same address again, in another browser: told it has an account; Sign in keeps the flow", async ({
    browser,
  }) => {
    const email = `twice-${Date.now()}@example.test`;
    const first = await browser.newPage();
    const client = await createClient({}, endpoints);
    await first.goto(authorizeUrl(client, { scope: "openid email" }, endpoints));
    await first.click("#register-link");
    await first.fill("#email", email);
    await first.fill("#password", PASSWORD);
    await first.fill("#password-repeat", PASSWORD);
    await first.click("#register");
    await giveConsent(first, { scopes: ["openid", "email"] });
    await codeFromCallback(first);
    await first.close();

    const page = await (await browser.newContext()).newPage();
    await page.goto(authorizeUrl(client, { scope: "openid email" }, endpoints));
    const challenge = new URL(page.url()).searchParams.get("login_challenge");
    await page.click("#register-link");
    await page.fill("#email", email.toUpperCase());
    await page.fill("#password", "another-quartz-meadow-62");
    await page.fill("#password-repeat", "another-quartz-meadow-62");
    await page.click("#register");
    await expect(page.getByRole("alert")).toHaveText("This address has an account: sign in, or reset your password.");
    await expect(page.locator("#reset-password")).toBeVisible();
    await noViolations(page, "address has an account");
    await page.click("#sign-in-instead");
    await expect(page.getByRole("heading", { name: "Please log in" })).toBeVisible();
    expect(new URL(page.url()).searchParams.get("login_challenge")).toBe(challenge);
    await expect(page.locator("#email")).toHaveValue(email);
    await page.fill("#password", PASSWORD);
    await page.click("#accept");
    await giveConsent(page, { scopes: ["openid", "email"] });
    const idToken = decodeJwt((await exchangeCode(client, await codeFromCallback(page), endpoints)).id_token!);
    expect(idToken.sub).toBe(accountsInFile().find((found) => found.email === email)!.id);
    expect(accountsInFile().filter((found) => found.email === email)).toHaveLength(1);
  });
});
