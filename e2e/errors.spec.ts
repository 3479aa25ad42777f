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
    await expect(page.locator("#error-description")).not.toBeEmpty();
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
