import { expect, test, type Page } from "@playwright/test";
import { currentTotp } from "../src/identity/factors/totp.js";
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
import { noViolations } from "./support/axe.js";

const mail = () => mailpitClient(process.env.E2E_MAILPIT_URL!);
const NEW_PASSWORD = "copper-kettle-meadow-58";

/** The newest forgot-password link sent to an address. */
async function resetLink(address: string, count: number): Promise<string> {
  const message = await mail().waitFor(address, count);
  const match = /https?:\/\/\S+\/recovery\/[A-Za-z0-9_-]{43}/.exec(message.Text);
  if (match === null) throw new Error(`no link in:\n${message.Text}`);
  return match[0];
}

/** Signs in to /account and turns on an authenticator app (as e2e/second-factor.spec.ts does); returns its secret. */
async function enrolTotp(page: Page, person: { email: string; password: string }): Promise<string> {
  await page.goto(`${appUrl()}/account`);
  await logIn(page, person);
  await page.waitForURL(`${appUrl()}/account`);
  await page.click("#totp-enroll");
  const secret = await page.locator("#totp-secret").getAttribute("data-secret");
  expect(secret).toMatch(/^[A-Z2-7]+=*$/);
  await page.fill("#totp-code", currentTotp(secret!));
  await page.click("#totp-confirm");
  await expect(page.locator("#recovery-codes li")).toHaveCount(10);
  await page.click("#sign-out");
  return secret!;
}

test.describe("forgot password on real Hydra, through a real mail server", () => {
  test("from the login page: email, link, new password, back into the same flow with the email filled, token for the account", async ({
    page,
  }) => {
    const person = ACCOUNT_PEOPLE.recovery;
    const client = await createClient();
    await page.goto(authorizeUrl(client, { scope: "openid" }));
    await expect(page.getByRole("heading", { name: "Please log in" })).toBeVisible();
    const loginUrl = new URL(page.url());
    const challenge = loginUrl.searchParams.get("login_challenge")!;

    await page.click("#forgot-password");
    await noViolations(page, "recovery form");
    await page.fill("#email", person.email);
    await page.click("#send");
    await expect(page.locator("#recovery-sent")).toContainText(`If an account exists for ${person.email}`);
    await noViolations(page, "link sent");

    const link = await resetLink(person.email, 1);
    expect(link.startsWith(`${appUrl()}/recovery/`)).toBe(true);
    await page.goto(link);
    await page.fill("#new-password", "short");
    await page.fill("#new-password-repeat", "short");
    await page.click("#set-password");
    await expect(page.locator("#form-error")).toContainText("at least 12 characters");
    await noViolations(page, "new password with an error");
    await page.fill("#new-password", NEW_PASSWORD);
    await page.fill("#new-password-repeat", NEW_PASSWORD);
    await page.click("#set-password");

    // Back on the login page of the same OAuth2 flow, the email filled in; not signed in.
    await expect(page.getByRole("heading", { name: "Please log in" })).toBeVisible();
    expect(new URL(page.url()).searchParams.get("login_challenge")).toBe(challenge);
    await expect(page.locator("#email")).toHaveValue(person.email);
    await logIn(page, { email: person.email, password: NEW_PASSWORD });
    await giveConsent(page, { scopes: ["openid"] });
    const idToken = decodeJwt((await exchangeCode(client, await codeFromCallback(page))).id_token!);
    expect(idToken.sub).toBe(person.id);

    // The link works once.
    await page.goto(link);
    await expect(page.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
    await noViolations(page, "used link");

    // A notice of the reset reached the account's address.
    const notice = await mail().waitFor(person.email, 2);
    expect(notice.Subject).toBe("Security notice for your account");
  });

  test("an account with an authenticator app: the new password alone does not sign in, the second step is still asked", async ({
    page,
  }) => {
    const person = ACCOUNT_PEOPLE.recoveryTotp;
    const secret = await enrolTotp(page, person);
    const client = await createClient();
    await page.goto(authorizeUrl(client, { scope: "openid" }));
    const challenge = new URL(page.url()).searchParams.get("login_challenge")!;

    await page.click("#forgot-password");
    await page.fill("#email", person.email);
    await page.click("#send");
    await expect(page.locator("#recovery-sent")).toBeVisible();
    await page.goto(await resetLink(person.email, 1));
    await page.fill("#new-password", NEW_PASSWORD);
    await page.fill("#new-password-repeat", NEW_PASSWORD);
    await page.click("#set-password");

    // Back in the same flow; the new password is only the first step.
    await expect(page.getByRole("heading", { name: "Please log in" })).toBeVisible();
    expect(new URL(page.url()).searchParams.get("login_challenge")).toBe(challenge);
    await logIn(page, { email: person.email, password: NEW_PASSWORD });
    await expect(page.getByRole("heading", { name: "Confirm it is you" })).toBeVisible();
    await page.fill("#code", "000000");
    await page.click("#accept");
    await expect(page.locator("#form-error")).toContainText("not valid");
    // The code of the next 30-second step: the enrolment used the current one, and a step works once.
    await page.fill("#code", currentTotp(secret, Date.now() + 30_000));
    await page.click("#accept");
    await giveConsent(page, { scopes: ["openid"] });
    const idToken = decodeJwt((await exchangeCode(client, await codeFromCallback(page))).id_token!);
    expect(idToken.sub).toBe(person.id);
    expect(idToken.acr).toBe("2");
    expect(idToken.amr).toEqual(["pwd", "otp"]);
  });

  test("an unknown address gets the same page and no email", async ({ page }) => {
    await page.goto(`${appUrl()}/recovery`);
    await page.fill("#email", "nobody-e2e@example.test");
    await page.click("#send");
    await expect(page.locator("#recovery-sent")).toContainText("If an account exists for nobody-e2e@example.test");
    await page.waitForTimeout(500);
    expect(await mail().messagesTo("nobody-e2e@example.test")).toHaveLength(0);
  });
});
