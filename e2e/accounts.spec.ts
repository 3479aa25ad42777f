import { expect, test } from "@playwright/test";
import { ADA } from "./global-setup.js";
import {
  authorizeUrl,
  codeFromCallback,
  createClient,
  decodeJwt,
  exchangeCode,
  giveConsent,
  introspect,
  logIn,
} from "./support/oauth.js";

test.describe("accounts from a users file, on real Hydra", () => {
  test("the subject is the account's stable id, not the email typed (in any case, with spaces)", async ({ page }) => {
    const client = await createClient();
    await page.goto(authorizeUrl(client, { scope: "openid phone address" }));
    await logIn(page, { email: "  ADA@Example.test ", password: ADA.password });
    await giveConsent(page, { scopes: ["openid", "phone", "address"] });
    const tokens = await exchangeCode(client, await codeFromCallback(page));
    expect((await introspect(tokens.access_token)).sub).toBe(ADA.id);
    const idToken = decodeJwt(tokens.id_token!);
    expect(idToken.sub).toBe(ADA.id);
    expect(idToken.phone_number).toBe("+44 20 7946 0000");
    expect(idToken.address).toEqual({ country: "GB", locality: "London" });
    expect(idToken.email).toBeUndefined(); // the email scope was not asked for
  });
});
