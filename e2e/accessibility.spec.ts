import { AxeBuilder } from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { appUrl, authorizeUrl, createClient, logIn } from "./support/oauth.js";

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
    ]) {
      await page.goto(`${appUrl()}${path}`);
      await expectNoViolations(page);
    }
  });
});
