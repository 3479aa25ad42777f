import { expect, test } from "@playwright/test";
import { TRUSTED_CLIENT_ID } from "./global-setup.js";
import {
  authorizeUrl,
  callbackUrl,
  codeFromCallback,
  createClient,
  decodeJwt,
  exchangeCode,
  giveConsent,
  introspect,
  logIn,
} from "./support/oauth.js";

const CONSENT_HEADING = "An application requests access to your data!";

test.describe("consent decisions on real Hydra", () => {
  test("a client with skip_consent gets no consent page, and its id_token still carries the claims", async ({
    page,
  }) => {
    const client = await createClient({ skip_consent: true });
    const consentPages: string[] = [];
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame() && frame.url().includes("/consent?")) consentPages.push(frame.url());
    });
    await page.goto(authorizeUrl(client, { scope: "openid email profile" }));
    await logIn(page);
    const tokens = await exchangeCode(client, await codeFromCallback(page));
    expect(tokens.scope.split(" ").sort()).toEqual(["email", "openid", "profile"]);
    const idToken = decodeJwt(tokens.id_token!);
    expect(idToken.email).toBe("foo@bar.com");
    expect(idToken.email_verified).toBe(true);
    expect(idToken.name).toBe("Foo Bar");
    // Hydra sends the browser to /consent, which accepts at once: no page is rendered.
    await expect(page.getByRole("heading", { name: CONSENT_HEADING })).toHaveCount(0);
  });

  test("a client listed in TRUSTED_CLIENT_IDS gets every requested scope without a consent page", async ({ page }) => {
    const client = await createClient({ client_id: TRUSTED_CLIENT_ID });
    await page.goto(authorizeUrl(client, { scope: "openid offline_access email" }));
    await logIn(page);
    const tokens = await exchangeCode(client, await codeFromCallback(page));
    expect(tokens.scope.split(" ").sort()).toEqual(["email", "offline_access", "openid"]);
    expect(decodeJwt(tokens.id_token!).email).toBe("foo@bar.com");
  });

  test("a forged checkbox for a scope that was not requested is not granted", async ({ page }) => {
    const client = await createClient();
    await page.goto(authorizeUrl(client, { scope: "openid" }));
    await logIn(page);
    await expect(page.getByRole("heading", { name: CONSENT_HEADING })).toBeVisible();
    await page.check("#openid");
    // The client may ask for phone and offline_access, but did not: a tampered form adds them.
    await page.evaluate(() => {
      const form = document.querySelector("form")!;
      for (const scope of ["phone", "offline_access"]) {
        const input = document.createElement("input");
        input.type = "checkbox";
        input.name = "grant_scope";
        input.value = scope;
        input.checked = true;
        form.appendChild(input);
      }
    });
    await page.click("#accept");
    const tokens = await exchangeCode(client, await codeFromCallback(page));
    expect(tokens.scope).toBe("openid");
    expect(tokens.refresh_token).toBeUndefined();
    expect((await introspect(tokens.access_token)).scope).toBe("openid");
  });

  test("a requested audience is shown and granted", async ({ page }) => {
    const audience = "https://api.example.test";
    const client = await createClient({ audience: [audience, "https://other.example.test"] });
    await page.goto(authorizeUrl(client, { scope: "openid", audience }));
    await logIn(page);
    await expect(page.getByText(audience)).toBeVisible();
    await expect(page.getByText("https://other.example.test")).toHaveCount(0);
    await giveConsent(page, { scopes: ["openid"] });
    const tokens = await exchangeCode(client, await codeFromCallback(page));
    expect((await introspect(tokens.access_token)).aud).toEqual([audience]);
  });

  test("claims by scope on a shown consent, and again on a remembered (skipped) one", async ({ page }) => {
    const client = await createClient();
    await page.goto(authorizeUrl(client, { scope: "openid email profile" }));
    await logIn(page, { remember: true });
    await giveConsent(page, { scopes: ["openid", "email"], remember: true });
    const first = decodeJwt((await exchangeCode(client, await codeFromCallback(page))).id_token!);
    expect(first.email).toBe("foo@bar.com");
    expect(first.email_verified).toBe(true);
    expect(first.name).toBeUndefined(); // profile was not ticked

    // Hydra remembers the consent for openid+email; our app must send the claims again or they vanish.
    await page.goto(authorizeUrl(client, { scope: "openid email" }));
    const second = decodeJwt((await exchangeCode(client, await codeFromCallback(page))).id_token!);
    expect(second.email).toBe("foo@bar.com");
    expect(second.email_verified).toBe(true);
  });

  test("the consent page names the client and the person, with a checkbox per scope", async ({ page }) => {
    const client = await createClient({
      client_name: "Photo Printer",
      policy_uri: "https://printer.example.test/privacy",
    });
    await page.goto(authorizeUrl(client, { scope: "openid offline_access email" }));
    await logIn(page);
    await expect(page.getByRole("heading", { name: CONSENT_HEADING })).toBeVisible();
    await expect(page.getByText("Photo Printer wants to access your account.")).toBeVisible();
    for (const scope of ["openid", "offline_access", "email"]) await expect(page.locator(`#${scope}`)).toBeVisible();
    await expect(page.getByRole("link", { name: "Privacy policy" })).toHaveAttribute(
      "href",
      "https://printer.example.test/privacy",
    );
  });

  test("the page names the host only when every registered redirect URI shares it", async ({ page }) => {
    const callbackHost = new URL(callbackUrl()).host;
    const single = await createClient();
    await page.goto(authorizeUrl(single, { scope: "openid" }));
    await logIn(page);
    await expect(page.locator("#redirect-host")).toHaveText(`After this, you will be sent to ${callbackHost}.`);

    const two = await createClient({ redirect_uris: [callbackUrl(), "https://elsewhere.example.test/cb"] });
    await page.goto(authorizeUrl(two, { scope: "openid" }));
    await logIn(page); // not remembered: Hydra asks again
    await expect(page.getByRole("heading", { name: CONSENT_HEADING })).toBeVisible();
    await expect(page.locator("#redirect-host")).toHaveCount(0);
    await giveConsent(page, { scopes: ["openid"] });
    await codeFromCallback(page);
  });
});
