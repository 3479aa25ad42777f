import { expect, test } from "@playwright/test";
import { appUrl, callbackUrl, hydraPublicUrl } from "./support/oauth.js";

test.describe("error pages on real Hydra", () => {
  test("Hydra's error redirect (unknown client) renders error, description and hint", async ({ page }) => {
    const url = new URL(`${hydraPublicUrl()}/oauth2/auth`);
    url.search = new URLSearchParams({
      client_id: "no-such-client",
      response_type: "code",
      redirect_uri: callbackUrl(),
      scope: "openid",
      state: "0123456789abcdef",
    }).toString();
    await page.goto(url.toString());
    await page.waitForURL((current) => current.toString().startsWith(`${appUrl()}/error`));
    await expect(page.getByRole("heading", { name: "The sign-in could not be completed" })).toBeVisible();
    await expect(page.locator("#error-code")).toHaveText("invalid_client");
    await expect(page.locator("#error-explanation")).toContainText("not set up correctly with this sign-in service");
    // Hydra's own text is there, but only as its quoted words under "The service said:".
    await expect(page.locator("#service-said")).toContainText("The service said:");
    await expect(page.locator("#service-said #error-description")).not.toBeEmpty();
  });

  test("text from the query is never shown as ours: an unknown code gets our generic sentence, the rest quoted", async ({
    page,
  }) => {
    const lure = "Your account is locked. Call +1 555 0100 to unlock it";
    await page.goto(`${appUrl()}/error?${new URLSearchParams({ error: lure, error_description: "Call now" })}`);
    await expect(page.locator("#error-explanation")).toHaveText(
      "The application or the sign-in service reported a problem.",
    );
    await expect(page.locator("h1")).toHaveText("The sign-in could not be completed");
    await expect(page.locator("#service-said")).toContainText("The service said:");
    await expect(page.locator("#service-said #error-code")).toHaveText(lure);
    await expect(page.locator("#service-said #error-description")).toHaveText("Call now");
    // Drawn inside the page language's quotation marks (<q>: open-quote / close-quote).
    const quotes = await page
      .locator("#error-description")
      .evaluate((element) => [
        getComputedStyle(element, "::before").content,
        getComputedStyle(element, "::after").content,
      ]);
    expect(quotes).toEqual(["open-quote", "close-quote"]);
  });

  test("markup in the error query is shown as text, never run", async ({ page }) => {
    await page.goto(
      `${appUrl()}/error?error=%3Cscript%3Ewindow.pwned%3D1%3C%2Fscript%3E&error_description=%3Cb%3Ebold%3C%2Fb%3E`,
    );
    await expect(page.locator("#error-code")).toHaveText("<script>window.pwned=1</script>");
    await expect(page.locator("#error-description")).toHaveText("<b>bold</b>");
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  });

  test("an unknown page is a 404 page", async ({ page }) => {
    const response = await page.goto(`${appUrl()}/no/such/page`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  });
});
