import { expect, test } from "@playwright/test";
import { mailpitClient } from "../test/support/mailpit.js";
import { ACCOUNT_PEOPLE } from "./global-setup.js";
import {
  appUrl,
  authorizeUrl,
  codeFromCallback,
  createClient,
  decodeJwt,
  exchangeCode,
  giveConsent,
  logIn,
} from "./support/oauth.js";
import { runAccountsCommand } from "../test/support/accounts-command.js";

const mail = () => mailpitClient(process.env.E2E_MAILPIT_URL!);

/** The accounts command, as an operator runs it beside the app: the same users file, the same mail server. */
const accounts = (args: string[]) =>
  runAccountsCommand(args, {
    USERS_FILE: process.env.E2E_USERS_FILE!,
    SMTP_URL: process.env.E2E_SMTP_URL!,
    BASE_URL: appUrl(),
  });

test.describe("a verified address on real Hydra, through a real mail server", () => {
  test("account page → send verification → the emailed link → verified, and a fresh id_token says so", async ({
    page,
  }) => {
    const person = ACCOUNT_PEOPLE.verify;
    await page.goto(`${appUrl()}/account`);
    await logIn(page, { email: person.email, password: person.password });
    await page.waitForURL(`${appUrl()}/account`);
    await expect(page.locator("#email-status")).toHaveText("Not confirmed yet");
    await page.click("#send-verification");
    await expect(page.locator("#email-message")).toContainText(`We sent a confirmation link to ${person.email}`);

    const message = await mail().waitFor(person.email, 1);
    const link = /https?:\/\/\S+\/verify\/[A-Za-z0-9_-]{43}/.exec(message.Text)?.[0];
    expect(link?.startsWith(`${appUrl()}/verify/`)).toBe(true);
    // A scanner's fetch (another browser, no session) is shown the page but can do nothing.
    const scanner = await page.context().browser()!.newContext();
    const scanned = await scanner.newPage();
    await scanned.goto(link!);
    await expect(scanned.locator("#email-confirm-sign-in")).toBeVisible();
    await expect(scanned.locator("#confirm-email")).toHaveCount(0);
    await scanner.close();
    // This browser, signed in to the account page as the person: the page names the address; the button confirms.
    await page.goto(link!);
    await expect(page.locator("#email-confirm-address")).toContainText(person.email);
    await page.click("#confirm-email");
    await expect(page.locator("#email-verified")).toContainText(`${person.email} is now the confirmed address`);
    await page.goto(link!);
    await expect(page.getByRole("heading", { name: "This link no longer works" })).toBeVisible();

    await page.goto(`${appUrl()}/account`);
    await expect(page.locator("#email-status")).toHaveText("Confirmed");
    await expect(page.locator("#send-verification")).toHaveCount(0);

    const client = await createClient();
    await page.goto(authorizeUrl(client, { scope: "openid email" }));
    // Hydra remembers the account area's login only when asked to: sign in again if the form shows.
    const next = page.getByRole("heading", { name: /Please log in|An application requests access/ });
    await expect(next).toBeVisible();
    if ((await next.textContent())?.includes("Please log in") === true) {
      await logIn(page, { email: person.email, password: person.password });
    }
    await giveConsent(page, { scopes: ["openid", "email"] });
    const idToken = decodeJwt((await exchangeCode(client, await codeFromCallback(page))).id_token!);
    expect(idToken).toMatchObject({ sub: person.id, email: person.email, email_verified: true });
  });

  test("an invitation from the accounts command: no sign-in before, the emailed link sets the password, then signed in with a verified address", async ({
    page,
  }) => {
    const email = "katherine.invited@example.test";
    const password = "lamplight-orchard-river-77";
    const invited = await accounts(["invite", email, "--name", "Katherine Invited"]);
    expect(invited.out, invited.err).toBe(`invited ${email}: a set-password link was sent\n`);

    const client = await createClient();
    await page.goto(authorizeUrl(client, { scope: "openid email" }));
    const refused = page.waitForResponse(
      (response) => response.url().endsWith("/login") && response.request().method() === "POST",
    );
    await logIn(page, { email, password });
    // Refused exactly as a wrong password is.
    expect((await refused).status()).toBe(401);
    await expect(page.getByRole("alert")).toHaveText("The email or password is not correct. Please try again.");

    const message = await mail().waitFor(email, 1);
    const link = /https?:\/\/\S+\/invitation\/[A-Za-z0-9_-]{43}/.exec(message.Text)?.[0];
    expect(link?.startsWith(`${appUrl()}/invitation/`)).toBe(true);
    await page.goto(link!);
    await page.fill("#new-password", password);
    await page.fill("#new-password-repeat", password);
    await page.click("#set-password");
    await expect(page.locator("#invitation-accepted")).toBeVisible();
    await expect(page.locator("#way-on")).toBeVisible();

    await page.goto(authorizeUrl(client, { scope: "openid email" }));
    await logIn(page, { email, password });
    await giveConsent(page, { scopes: ["openid", "email"] });
    const idToken = decodeJwt((await exchangeCode(client, await codeFromCallback(page))).id_token!);
    expect(idToken).toMatchObject({ email, email_verified: true });
  });
});
