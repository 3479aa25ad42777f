import { expect, test } from "@playwright/test";
import {
  authorizeUrl,
  codeFromCallback,
  createClient,
  decodeJwt,
  exchangeCode,
  giveConsent,
  introspect,
  logIn,
  refreshTokens,
  waitForCallback,
} from "./support/oauth.js";

test.describe("authorization code flow on real Hydra", () => {
  test("login → consent → code → tokens; introspection shows the subject and exactly the granted scopes; refresh works", async ({
    page,
  }) => {
    const client = await createClient();
    await page.goto(authorizeUrl(client, { scope: "openid offline_access" }));
    await logIn(page);
    await giveConsent(page, { scopes: ["openid", "offline_access"] });
    const tokens = await exchangeCode(client, await codeFromCallback(page));

    expect(tokens.scope.split(" ").sort()).toEqual(["offline_access", "openid"]);
    const info = await introspect(tokens.access_token);
    expect(info.active).toBe(true);
    expect(info.sub).toBe("foo@bar.com");
    expect(info.scope?.split(" ").sort()).toEqual(["offline_access", "openid"]);
    expect(decodeJwt(tokens.id_token!).sub).toBe("foo@bar.com");

    expect(tokens.refresh_token).toBeTruthy();
    const refreshed = await refreshTokens(client, tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect((await introspect(refreshed.access_token)).active).toBe(true);
    expect((await introspect(tokens.access_token)).active).toBe(false);
  });

  test("jwt access tokens carry the subject and the granted scopes", async ({ page }) => {
    const client = await createClient({ access_token_strategy: "jwt" });
    await page.goto(authorizeUrl(client, { scope: "openid" }));
    await logIn(page);
    await giveConsent(page, { scopes: ["openid"] });
    const tokens = await exchangeCode(client, await codeFromCallback(page));
    const claims = decodeJwt(tokens.access_token);
    expect(claims.sub).toBe("foo@bar.com");
    expect(claims.scp).toEqual(["openid"]);
    expect((await introspect(tokens.access_token)).active).toBe(true);
  });

  test("a partial grant gives only the ticked scopes", async ({ page }) => {
    const client = await createClient();
    await page.goto(authorizeUrl(client, { scope: "openid offline_access email" }));
    await logIn(page);
    await giveConsent(page, { scopes: ["openid"] });
    const tokens = await exchangeCode(client, await codeFromCallback(page));
    expect(tokens.scope).toBe("openid");
    expect(tokens.refresh_token).toBeUndefined();
    expect((await introspect(tokens.access_token)).scope).toBe("openid");
  });

  test("nothing ticked gives an empty grant, which succeeds", async ({ page }) => {
    const client = await createClient();
    await page.goto(authorizeUrl(client, { scope: "openid offline_access" }));
    await logIn(page);
    await giveConsent(page, { scopes: [] });
    const tokens = await exchangeCode(client, await codeFromCallback(page));
    expect(tokens.scope).toBe("");
    expect(tokens.id_token).toBeUndefined();
    const info = await introspect(tokens.access_token);
    expect(info.active).toBe(true);
    expect(info.sub).toBe("foo@bar.com");
    expect(info.scope ?? "").toBe("");
  });

  test("deny at login sends access_denied to the client", async ({ page }) => {
    const client = await createClient();
    await page.goto(authorizeUrl(client));
    await expect(page.getByRole("heading", { name: "Please log in" })).toBeVisible();
    await page.click("#reject");
    const params = await waitForCallback(page);
    expect(params.get("error")).toBe("access_denied");
    expect(params.get("error_description")).toBe("The resource owner denied the request");
  });

  test("deny at consent sends access_denied to the client", async ({ page }) => {
    const client = await createClient();
    await page.goto(authorizeUrl(client));
    await logIn(page);
    await expect(page.getByRole("heading", { name: "An application requests access to your data!" })).toBeVisible();
    await page.click("#reject");
    const params = await waitForCallback(page);
    expect(params.get("error")).toBe("access_denied");
    expect(params.get("error_description")).toBe("The resource owner denied the request");
  });
});

test.describe("remembered sessions and prompts", () => {
  test("remembered login and consent: the second flow shows no page and prompt=none succeeds", async ({ page }) => {
    const client = await createClient();
    await page.goto(authorizeUrl(client));
    await logIn(page, { remember: true });
    await giveConsent(page, { scopes: ["openid", "offline_access"], remember: true });
    await exchangeCode(client, await codeFromCallback(page));

    const visited: string[] = [];
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) visited.push(frame.url());
    });
    await page.goto(authorizeUrl(client));
    const second = await exchangeCode(client, await codeFromCallback(page));
    expect(second.scope.split(" ").sort()).toEqual(["offline_access", "openid"]);
    expect(visited.some((url) => url.includes("/login?") || url.includes("/consent?"))).toBe(false);

    await page.goto(authorizeUrl(client, { prompt: "none" }));
    const third = await exchangeCode(client, await codeFromCallback(page));
    expect((await introspect(third.access_token)).sub).toBe("foo@bar.com");
  });

  test("prompt=none without a session answers login_required", async ({ page }) => {
    const client = await createClient();
    await page.goto(authorizeUrl(client, { prompt: "none" }));
    const params = await waitForCallback(page);
    expect(params.get("error")).toBe("login_required");
  });

  test("prompt=login shows the login page even when remembered", async ({ page }) => {
    const client = await createClient();
    await page.goto(authorizeUrl(client));
    await logIn(page, { remember: true });
    await giveConsent(page, { scopes: ["openid"], remember: true });
    await codeFromCallback(page);

    await page.goto(authorizeUrl(client, { prompt: "login", scope: "openid" }));
    await logIn(page);
    const tokens = await exchangeCode(client, await codeFromCallback(page));
    expect(tokens.scope).toBe("openid");
  });

  test("prompt=consent shows the consent page even when remembered", async ({ page }) => {
    const client = await createClient();
    await page.goto(authorizeUrl(client, { scope: "openid" }));
    await logIn(page, { remember: true });
    await giveConsent(page, { scopes: ["openid"], remember: true });
    await codeFromCallback(page);

    await page.goto(authorizeUrl(client, { prompt: "consent", scope: "openid" }));
    await giveConsent(page, { scopes: ["openid"] });
    const tokens = await exchangeCode(client, await codeFromCallback(page));
    expect(tokens.scope).toBe("openid");
  });
});
