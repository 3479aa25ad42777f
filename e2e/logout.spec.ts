import { expect, test, type Page } from "@playwright/test";
import {
  appUrl,
  authorizeUrl,
  callbackUrl,
  codeFromCallback,
  createClient,
  exchangeCode,
  giveConsent,
  hydraPublicUrl,
  logIn,
  type TestClient,
} from "./support/oauth.js";

async function signInRemembered(page: Page, client: TestClient): Promise<string> {
  await page.goto(authorizeUrl(client, { scope: "openid" }));
  await logIn(page, { remember: true });
  await giveConsent(page, { scopes: ["openid"], remember: true });
  const tokens = await exchangeCode(client, await codeFromCallback(page));
  return tokens.id_token!;
}

function logoutUrl(idToken: string): string {
  const url = new URL(`${hydraPublicUrl()}/oauth2/sessions/logout`);
  url.search = new URLSearchParams({
    id_token_hint: idToken,
    post_logout_redirect_uri: `${callbackUrl()}/logged-out`,
    state: "logout-state-123",
  }).toString();
  return url.toString();
}

test.describe("logout on real Hydra", () => {
  test("log out: the confirmation's #accept ends the session and returns to the client", async ({ page }) => {
    const client = await createClient({ post_logout_redirect_uris: [`${callbackUrl()}/logged-out`] });
    const idToken = await signInRemembered(page, client);

    await page.goto(logoutUrl(idToken));
    await expect(page.getByRole("heading", { name: "Do you want to log out?" })).toBeVisible();
    await page.click("#accept");
    await page.waitForURL((url) => url.toString().startsWith(`${callbackUrl()}/logged-out`));
    expect(new URL(page.url()).searchParams.get("state")).toBe("logout-state-123");

    // The session is gone: a new flow asks for the password again.
    await page.goto(authorizeUrl(client, { scope: "openid" }));
    await expect(page.getByRole("heading", { name: "Please log in" })).toBeVisible();
  });

  test("stay signed in: #reject keeps the session, says so and links back to the client's client_uri", async ({
    page,
  }) => {
    const client = await createClient({
      client_name: "Photo Printer",
      client_uri: `${callbackUrl()}/home`,
      post_logout_redirect_uris: [`${callbackUrl()}/logged-out`],
    });
    const idToken = await signInRemembered(page, client);

    await page.goto(logoutUrl(idToken));
    await page.click("#reject");
    await expect(page.getByRole("heading", { name: "You are still signed in" })).toBeVisible();
    const back = page.getByRole("link", { name: "Back to Photo Printer" });
    await expect(back).toHaveAttribute("href", `${callbackUrl()}/home`);

    // Still signed in: prompt=none succeeds.
    await page.goto(authorizeUrl(client, { scope: "openid", prompt: "none" }));
    await codeFromCallback(page);
  });

  test("a used logout challenge does not show a broken page", async ({ page }) => {
    const client = await createClient({ post_logout_redirect_uris: [`${callbackUrl()}/logged-out`] });
    const idToken = await signInRemembered(page, client);
    await page.goto(logoutUrl(idToken));
    const usedLogoutUrl = page.url();
    await page.click("#accept");
    await page.waitForURL((url) => url.toString().startsWith(`${callbackUrl()}/logged-out`));

    const response = await page.goto(usedLogoutUrl);
    expect(response?.status()).toBeLessThan(500);
    await expect(page.locator("body")).not.toContainText("Something went wrong");
  });

  test("signed out: the page offers the account page (the account area is on in the e2e stack)", async ({ page }) => {
    await page.goto(`${appUrl()}/logged-out`);
    await expect(page.getByRole("heading", { name: "You are signed out" })).toBeVisible();
    await page.getByRole("link", { name: "Go to your account" }).click();
    await expect(page).toHaveURL(/\/login\?login_challenge=/);
  });
});
