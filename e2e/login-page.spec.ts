import { expect, test } from "@playwright/test";
import {
  appUrl,
  authorizeUrl,
  codeFromCallback,
  createClient,
  DEMO,
  exchangeCode,
  giveConsent,
  introspect,
  logIn,
} from "./support/oauth.js";

test.describe("login page on real Hydra", () => {
  test("login_hint pre-fills the email", async ({ page }) => {
    const client = await createClient();
    await page.goto(authorizeUrl(client, { login_hint: "someone@example.test" }));
    await expect(page.locator("#email")).toHaveValue("someone@example.test");
  });

  test("a wrong password shows a message and keeps the email; the right one then works", async ({ page }) => {
    const client = await createClient();
    await page.goto(authorizeUrl(client, { scope: "openid" }));
    const wrong = page.waitForResponse(
      (response) => response.url().endsWith("/login") && response.request().method() === "POST",
    );
    await logIn(page, { password: "not-the-password" });
    expect((await wrong).status()).toBe(401);
    await expect(page.getByRole("alert")).toHaveText("The email or password is not correct. Please try again.");
    await expect(page.locator("#email")).toHaveValue(DEMO.email);

    await page.fill("#password", DEMO.password);
    await page.click("#accept");
    await giveConsent(page, { scopes: ["openid"] });
    const tokens = await exchangeCode(client, await codeFromCallback(page));
    expect((await introspect(tokens.access_token)).sub).toBe(DEMO.email);
  });

  test("an unknown account gets the same message as a wrong password", async ({ page }) => {
    const client = await createClient();
    await page.goto(authorizeUrl(client));
    await logIn(page, { email: "nobody@example.test", password: "whatever" });
    await expect(page.getByRole("alert")).toHaveText("The email or password is not correct. Please try again.");
  });

  test("a garbage challenge gets a clear 4xx page from what Hydra answers", async ({ page }) => {
    const response = await page.goto(`${appUrl()}/login?login_challenge=this-is-not-a-challenge`);
    expect(response?.status()).toBe(404);
    await expect(page.getByText("This sign-in request does not exist.")).toBeVisible();
  });

  test("a missing challenge gets a 400 page", async ({ page }) => {
    const response = await page.goto(`${appUrl()}/consent`);
    expect(response?.status()).toBe(400);
    await expect(page.getByText("The link has no sign-in request in it.")).toBeVisible();
  });

  test("revisiting a used login link shows a working page, not an error", async ({ page }) => {
    const client = await createClient();
    await page.goto(authorizeUrl(client, { scope: "openid" }));
    await expect(page.getByRole("heading", { name: "Please log in" })).toBeVisible();
    const usedLoginUrl = page.url();
    await logIn(page);
    await expect(page).toHaveURL(/\/consent\?/);

    // Hydra v2.3 keeps the flow in the challenge, so the used link still opens a login form
    // (older versions answer 410 and the app follows its redirect_to; the integration tests cover that).
    const response = await page.goto(usedLoginUrl);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { name: "Please log in" })).toBeVisible();
  });
});
