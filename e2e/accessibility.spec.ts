import { AxeBuilder } from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { ACCOUNT_PEOPLE } from "./global-setup.js";
import { appUrl, authorizeUrl, codeFromCallback, createClient, giveConsent, logIn } from "./support/oauth.js";

async function expectNoViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map(
    (violation) => `${violation.id}: ${violation.help} (${violation.nodes.length})`,
  );
  expect(summary).toEqual([]);
}

test.describe("accessibility (axe, WCAG 2.1 AA)", () => {
  test("login page, with and without an error message", async ({ page }) => {
    const client = await createClient();
    await page.goto(authorizeUrl(client));
    await expectNoViolations(page);
    await logIn(page, { password: "wrong-password" });
    await expect(page.getByRole("alert")).toBeVisible();
    await expectNoViolations(page);
  });

  test("consent page", async ({ page }) => {
    const client = await createClient();
    await page.goto(authorizeUrl(client, { scope: "openid offline_access email profile" }));
    await logIn(page);
    await expect(page.locator("#openid")).toBeVisible();
    await expectNoViolations(page);
  });

  test("error, device and index pages", async ({ page }) => {
    for (const path of [
      "/",
      "/error?error=invalid_request&error_description=Bad",
      "/device/verify?device_challenge=abc",
      "/login",
      "/logged-out",
    ]) {
      await page.goto(`${appUrl()}${path}`);
      await expectNoViolations(page);
    }
  });

  test("account page, with a connected app and with a password error", async ({ page }) => {
    const person = ACCOUNT_PEOPLE.a11y;
    const client = await createClient({ client_name: "Axe Test App" });
    await page.goto(authorizeUrl(client, { scope: "openid offline_access email" }));
    await logIn(page, { email: person.email, password: person.password, remember: true });
    await giveConsent(page, { scopes: ["openid", "email"], remember: true });
    await codeFromCallback(page);
    await page.goto(`${appUrl()}/account`);
    await expect(page.locator(`[data-client-id="${client.client_id}"]`)).toBeVisible();
    await expectNoViolations(page);
    await page.fill("#current-password", "not-the-password");
    await page.fill("#new-password", "a long enough new password");
    await page.fill("#new-password-repeat", "a long enough new password");
    await page.click("#change-password");
    await expect(page.getByRole("alert")).toBeVisible();
    await expectNoViolations(page);
  });
});
