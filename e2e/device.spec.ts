import { expect, test } from "@playwright/test";
import { appUrl, createClient, giveConsent, hydraPublicUrl, logIn } from "./support/oauth.js";

/** The device flow exists only in Hydra ≥ v25.4; its discovery document says whether this one has it. */
async function deviceAuthorizationEndpoint(): Promise<string | undefined> {
  const response = await fetch(`${hydraPublicUrl()}/.well-known/openid-configuration`);
  const discovery = (await response.json()) as { device_authorization_endpoint?: string };
  return discovery.device_authorization_endpoint;
}

test.describe("device verification", () => {
  test("the device page shows the code from the link, pre-filled", async ({ page }) => {
    await page.goto(`${appUrl()}/device/verify?device_challenge=abc123&user_code=WXYZ-1234`);
    await expect(page.getByRole("heading", { name: "Connect a device" })).toBeVisible();
    await expect(page.locator("#user_code")).toHaveValue("WXYZ-1234");
    await expect(page.locator("#verify")).toBeVisible();
  });

  test("a code from the link needs a deliberate tick: the browser holds the click, the server refuses a forged post", async ({
    page,
  }) => {
    await page.goto(`${appUrl()}/device/verify?device_challenge=abc123&user_code=WXYZ-1234`);
    await expect(page.locator("#device-warning")).toHaveText(
      "Only continue if you started this on your own device and it shows this code.",
    );
    await expect(page.locator("#confirm-device")).not.toBeChecked();
    await page.click("#verify");
    await expect(page).toHaveURL(/device_challenge=abc123/); // not sent: the box is required
    // Without the browser's check (the attribute removed), our server still refuses, before asking Hydra.
    await page.locator("#confirm-device").evaluate((box) => box.removeAttribute("required"));
    await page.click("#verify");
    await expect(page.locator("#form-error")).toContainText("This code came with the link you opened.");
    await expect(page.locator("#user_code")).toHaveValue("WXYZ-1234");
    await expect(page.locator("#confirm-device")).toBeVisible();
  });

  test("a code typed by hand needs no extra tick", async ({ page }) => {
    await page.goto(`${appUrl()}/device/verify?device_challenge=abc123`);
    await expect(page.locator("#device-warning")).toBeVisible();
    await expect(page.locator("#confirm-device")).toHaveCount(0);
  });

  test("device authorization grant end to end on real Hydra", async ({ page }) => {
    const endpoint = await deviceAuthorizationEndpoint();
    test.skip(
      endpoint === undefined,
      "this Hydra (v2.3.0, the newest that builds from the Go module proxy) advertises no device_authorization_endpoint; the device flow needs Hydra >= v25.4",
    );
    const client = await createClient({
      grant_types: ["urn:ietf:params:oauth:grant-type:device_code", "refresh_token"],
      token_endpoint_auth_method: "none",
      redirect_uris: [],
    });
    const started = await fetch(endpoint!, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_id: client.client_id, scope: "openid offline_access" }),
    });
    expect(started.status).toBe(200);
    const device = (await started.json()) as {
      device_code: string;
      user_code: string;
      verification_uri_complete: string;
    };

    await page.goto(device.verification_uri_complete);
    await expect(page.locator("#user_code")).toHaveValue(device.user_code);
    await page.check("#confirm-device");
    await page.click("#verify");
    await logIn(page);
    await giveConsent(page, { scopes: ["openid", "offline_access"] });
    await expect(page.getByRole("heading", { name: "Your device is connected" })).toBeVisible();

    const token = await fetch(`${hydraPublicUrl()}/oauth2/token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "urn:ietf:params:oauth:grant-type:device_code",
        device_code: device.device_code,
        client_id: client.client_id,
      }),
    });
    expect(token.status).toBe(200);
    expect(((await token.json()) as { access_token?: string }).access_token).toBeTruthy();
  });
});
