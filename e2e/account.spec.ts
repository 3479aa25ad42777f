import { expect, test, type Page } from "@playwright/test";
import { ACCOUNT_PEOPLE } from "./global-setup.js";
import {
  appUrl,
  authorizeUrl,
  codeFromCallback,
  createClient,
  exchangeCode,
  giveConsent,
  logIn,
  refreshTokens,
} from "./support/oauth.js";

async function openAccount(page: Page, email: string) {
  await page.goto(`${appUrl()}/account`);
  await expect(page.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  await expect(page.locator("#account-email")).toContainText(email);
}

test.describe("the account area on real Hydra", () => {
  test("signed out, /account goes through Hydra and our login page, and lands back on /account", async ({ page }) => {
    const person = ACCOUNT_PEOPLE.signIn;
    await page.goto(`${appUrl()}/account`);
    await logIn(page, { email: person.email, password: person.password });
    // First party: no consent screen on the way back.
    await page.waitForURL(`${appUrl()}/account`);
    await expect(page.locator("#account-email")).toContainText(person.email);
    await expect(page.locator("#apps-empty")).toBeVisible();
  });

  test("a remembered consent is listed; removing it revokes the app's refresh token and the next flow asks again", async ({
    page,
  }) => {
    const person = ACCOUNT_PEOPLE.revoke;
    const client = await createClient({ client_name: "Photo Printer" });
    await page.goto(authorizeUrl(client, { scope: "openid offline_access" }));
    await logIn(page, { email: person.email, password: person.password, remember: true });
    await giveConsent(page, { scopes: ["openid", "offline_access"], remember: true });
    const tokens = await exchangeCode(client, await codeFromCallback(page));
    expect(tokens.refresh_token).toBeTruthy();

    // Hydra remembers the login: the account page opens with no form at all.
    await openAccount(page, person.email);
    const app = page.locator(`[data-client-id="${client.client_id}"]`);
    await expect(app).toContainText("Photo Printer");
    await expect(app).toContainText("Stay connected when you are not using it");
    await expect(app).toContainText("Remembered until");
    await app.getByRole("button").click();
    await expect(page.getByRole("status")).toContainText("Access removed");
    await expect(page.locator(`[data-client-id="${client.client_id}"]`)).toHaveCount(0);

    await expect(refreshTokens(client, tokens.refresh_token!)).rejects.toThrow(/token request failed: 40[01]/);
    await page.goto(authorizeUrl(client, { scope: "openid offline_access" }));
    await expect(page.getByRole("heading", { name: "An application requests access to your data!" })).toBeVisible();
  });

  test("sign out everywhere: Hydra forgets every remembered login, so the next flow shows the login page", async ({
    page,
  }) => {
    const person = ACCOUNT_PEOPLE.everywhere;
    const client = await createClient();
    await page.goto(authorizeUrl(client, { scope: "openid" }));
    await logIn(page, { email: person.email, password: person.password, remember: true });
    await giveConsent(page, { scopes: ["openid"], remember: true });
    await codeFromCallback(page);

    await openAccount(page, person.email);
    await page.click("#sign-out-everywhere");
    await expect(page.getByRole("heading", { name: "You are signed out" })).toBeVisible();

    await page.goto(authorizeUrl(client, { scope: "openid" }));
    await expect(page.getByRole("heading", { name: "Please log in" })).toBeVisible();
    // And the account area itself is signed out.
    await page.goto(`${appUrl()}/account`);
    await expect(page.getByRole("heading", { name: "Please log in" })).toBeVisible();
  });

  test("change password: the old one then fails and the new one signs in", async ({ page, browser }) => {
    const person = ACCOUNT_PEOPLE.password;
    await page.goto(`${appUrl()}/account`);
    await logIn(page, { email: person.email, password: person.password });
    await page.waitForURL(`${appUrl()}/account`);
    const next = "a brand-new passphrase for grace";
    await page.fill("#current-password", person.password);
    await page.fill("#new-password", next);
    await page.fill("#new-password-repeat", next);
    await page.click("#change-password");
    await expect(page.getByRole("status")).toContainText("Your password is changed.");

    const fresh = await browser.newPage();
    try {
      const client = await createClient();
      await fresh.goto(authorizeUrl(client, { scope: "openid" }));
      await logIn(fresh, { email: person.email, password: person.password });
      await expect(fresh.locator("#form-error")).toContainText("The email or password is not correct");
      await fresh.fill("#password", next);
      await fresh.click("#accept");
      await giveConsent(fresh, { scopes: ["openid"] });
      await codeFromCallback(fresh);
    } finally {
      await fresh.close();
    }
  });
});
