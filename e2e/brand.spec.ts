import { expect, test } from "@playwright/test";
import { appUrl, authorizeUrl, createClient } from "./support/oauth.js";

/** global-setup.ts starts the e2e app with BRAND_NAME, BRAND_PRIMARY_COLOR, BRAND_LOGO_URL and two footer links. */
test.describe("the operator's brand", () => {
  test("name and logo in the header, the primary colour on #accept, the footer links", async ({ page }) => {
    const client = await createClient();
    await page.goto(authorizeUrl(client, { scope: "openid" }));
    await expect(page.getByRole("heading", { level: 1, name: "Please log in" })).toBeVisible();
    await expect(page).toHaveTitle("Please log in · Example Corp");

    const logo = page.locator("header.brand img.brand-logo");
    await expect(logo).toHaveAttribute("src", "/public/favicon.svg");
    // The name is text beside the logo (the logo's alt is empty: it would say the name twice).
    await expect(logo).toHaveAttribute("alt", "");
    await expect(logo).toBeVisible();
    await expect(page.locator("header.brand #brand-name")).toHaveText("Example Corp");
    await expect(page.locator("header.brand #brand-name")).toBeVisible();
    expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

    await expect(page.locator("#accept")).toHaveCSS("background-color", "rgb(11, 110, 79)");
    // White text on the dark green reads best (WCAG contrast), and /brand.css is served from our origin.
    await expect(page.locator("#accept")).toHaveCSS("color", "rgb(255, 255, 255)");
    await expect(page.locator('link[rel="stylesheet"][href="/brand.css"]')).toHaveCount(1);

    await expect(page.locator("footer #footer-privacy")).toHaveAttribute("href", "https://example.test/privacy");
    await expect(page.locator("footer #footer-privacy")).toHaveText("Privacy");
    await expect(page.locator("footer #footer-help")).toHaveAttribute("href", "https://example.test/help");
    await expect(page.locator("footer #footer-help")).toHaveText("Help");
    await expect(page.locator("footer #footer-imprint")).toHaveCount(0);
  });

  test("every page carries the brand, in the page's language", async ({ page }) => {
    await page.goto(`${appUrl()}/?lang=de`);
    await expect(page).toHaveTitle(/ · Example Corp$/);
    await expect(page.locator("header.brand #brand-name")).toHaveText("Example Corp");
    // The home page says whose sign-in service this is, to someone who lands on it.
    await expect(page.locator("#index-what")).toHaveText("Dies ist der Anmeldedienst von Example Corp.");
    await expect(page.locator("#index-account")).toHaveAttribute("href", "/account");
    await expect(page.locator("footer #footer-privacy")).toHaveText("Datenschutz");
    await expect(page.locator("footer #footer-help")).toHaveText("Hilfe");
  });
});
