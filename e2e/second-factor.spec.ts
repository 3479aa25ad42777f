import { expect, test, type Page } from "@playwright/test";
import { currentTotp } from "../src/identity/factors/totp.js";
import { ACCOUNT_PEOPLE } from "./global-setup.js";
import { addVirtualAuthenticator } from "./support/authenticator.js";
import {
  appUrl,
  authorizeUrl,
  codeFromCallback,
  createClient,
  decodeJwt,
  exchangeCode,
  giveConsent,
  logIn,
} from "./support/oauth.js";

/** Signs in to /account (no remember) and turns on an authenticator app; returns its secret and recovery codes. */
async function enrolTotp(page: Page, person: { email: string; password: string }) {
  await page.goto(`${appUrl()}/account`);
  await logIn(page, person);
  await page.waitForURL(`${appUrl()}/account`);
  await page.click("#totp-enroll");
  const secret = await page.locator("#totp-secret").getAttribute("data-secret");
  expect(secret).toMatch(/^[A-Z2-7]+=*$/);
  await expect(page.locator("#totp-secret")).toBeVisible();
  // The app will list the account under BRAND_NAME (the e2e stack's), and the page says so.
  await expect(page.locator("#totp-issuer")).toContainText("“Example Corp”");
  // The key's copy button (public/js/copy.js, no inline script) puts the whole key on the clipboard.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.click("#totp-copy");
  await expect(page.locator("#totp-copied")).toHaveText("The key is copied.");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await page.fill("#totp-code", currentTotp(secret!));
  await page.click("#totp-confirm");
  await expect(page.locator("#recovery-codes li")).toHaveCount(10);
  const recoveryCodes = await page.locator("#recovery-codes li").allTextContents();
  await page.click("#sign-out");
  return { secret: secret!, recoveryCodes: recoveryCodes.map((code) => code.trim()) };
}

/** The code of the next 30-second step: the enrolment used the current one, and a step works once. */
const nextCode = (secret: string, steps = 1) => currentTotp(secret, Date.now() + steps * 30_000);

test.describe("second factors on real Hydra", () => {
  test("TOTP: enrol, then password + code gives acr 2 and amr pwd+otp; a reused and a wrong code are refused; a recovery code works once", async ({
    page,
  }) => {
    const person = ACCOUNT_PEOPLE.totp;
    const { secret, recoveryCodes } = await enrolTotp(page, person);
    const client = await createClient();

    await page.goto(authorizeUrl(client, { scope: "openid" }));
    await logIn(page, person);
    await expect(page.getByRole("heading", { name: "Confirm it is you" })).toBeVisible();
    await page.fill("#code", "000000");
    await page.click("#accept");
    await expect(page.locator("#form-error")).toContainText("not valid");
    const code = nextCode(secret);
    await page.fill("#code", code);
    await page.click("#accept");
    await giveConsent(page, { scopes: ["openid"] });
    const idToken = decodeJwt((await exchangeCode(client, await codeFromCallback(page))).id_token!);
    expect(idToken.acr).toBe("2");
    expect(idToken.amr).toEqual(["pwd", "otp"]);

    // The same code again, in a new sign-in: refused.
    await page.goto(authorizeUrl(client, { scope: "openid" }));
    await logIn(page, person);
    await page.fill("#code", code);
    await page.click("#accept");
    await expect(page.locator("#form-error")).toContainText("already used");

    // A recovery code instead: accepted, then gone.
    await page.fill("#code", recoveryCodes[0]!);
    await page.click("#accept");
    await giveConsent(page, { scopes: ["openid"] });
    await codeFromCallback(page);
    await page.goto(authorizeUrl(client, { scope: "openid" }));
    await logIn(page, person);
    await page.fill("#code", recoveryCodes[0]!);
    await page.click("#accept");
    await expect(page.locator("#form-error")).toBeVisible();
    await expect(page.getByRole("heading", { name: "Confirm it is you" })).toBeVisible();
  });

  test("acr_values=2 forces the second step on a remembered login", async ({ page }) => {
    const person = ACCOUNT_PEOPLE.stepUp;
    const { secret, recoveryCodes } = await enrolTotp(page, person);
    const client = await createClient();
    await page.goto(authorizeUrl(client, { scope: "openid" }));
    await logIn(page, { ...person, remember: true });
    await page.fill("#code", nextCode(secret));
    await page.click("#accept");
    await giveConsent(page, { scopes: ["openid"] });
    await codeFromCallback(page);

    // Remembered: no form at all without acr_values...
    await page.goto(authorizeUrl(client, { scope: "openid" }));
    await giveConsent(page, { scopes: ["openid"] });
    expect(decodeJwt((await exchangeCode(client, await codeFromCallback(page))).id_token!).sub).toBe(person.id);
    // ...but asking for acr 2 brings the second step back, with no password.
    await page.goto(authorizeUrl(client, { scope: "openid", acr_values: "2" }));
    await expect(page.getByRole("heading", { name: "Confirm it is you" })).toBeVisible();
    // The app's next code may be outside the clock-skew window yet; a recovery code is as good here.
    await page.fill("#code", recoveryCodes[0]!);
    await page.click("#accept");
    await giveConsent(page, { scopes: ["openid"] });
    expect(decodeJwt((await exchangeCode(client, await codeFromCallback(page))).id_token!).acr).toBe("2");
  });

  test("a passkey registered in a virtual authenticator signs in alone, with acr 2", async ({ page }) => {
    const person = ACCOUNT_PEOPLE.passkey;
    await addVirtualAuthenticator(page);
    await page.goto(`${appUrl()}/account`);
    await logIn(page, person);
    await page.waitForURL(`${appUrl()}/account`);
    await page.click("#passkey-add");
    await expect(page.getByRole("status")).toContainText("The passkey is added");
    await expect(page.locator("#passkey-list li")).toHaveCount(1);
    await page.click("#sign-out");

    const client = await createClient();
    await page.goto(authorizeUrl(client, { scope: "openid" }));
    await expect(page.getByRole("heading", { name: "Please log in" })).toBeVisible();
    await page.click("#passkey");
    await giveConsent(page, { scopes: ["openid"] });
    const idToken = decodeJwt((await exchangeCode(client, await codeFromCallback(page))).id_token!);
    expect(idToken.sub).toBe(person.id);
    expect(idToken.acr).toBe("2");
    expect(idToken.amr).toContain("user");
  });

  test("posting straight to the second step, without the password step, is refused", async ({ page }) => {
    const client = await createClient();
    await page.goto(authorizeUrl(client, { scope: "openid" }));
    await expect(page.getByRole("heading", { name: "Please log in" })).toBeVisible();
    const challenge = new URL(page.url()).searchParams.get("login_challenge")!;
    await page.goto(`${appUrl()}/login/second-factor?login_challenge=${encodeURIComponent(challenge)}`);
    await expect(page.getByRole("heading", { name: "This sign-in step has expired" })).toBeVisible();
  });
});
