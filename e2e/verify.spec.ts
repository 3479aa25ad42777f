import { expect, test } from "@playwright/test";
import { mailpitClient } from "../test/support/mailpit.js";
import { ACCOUNT_PEOPLE } from "./global-setup.js";
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

const mail = () => mailpitClient(process.env.E2E_MAILPIT_URL!);

test.describe("a verified address on real Hydra, through a real mail server", () => {
  test("account page → send verification → the emailed link → verified, and a fresh id_token says so", async ({
    page,
  }) => {
    const person = ACCOUNT_PEOPLE.verify;
    await page.goto(`${appUrl()}/account`);
    await logIn(page, { email: person.email, password: person.password });
    await page.waitForURL(`${appUrl()}/account`);
    await expect(page.locator("#email-status")).toHaveText("Not confirmed yet");
    await page.click("#send-verification");
    await expect(page.locator("#email-message")).toContainText(`We sent a confirmation link to ${person.email}`);

    const message = await mail().waitFor(person.email, 1);
    const link = /https?:\/\/\S+\/verify\/[A-Za-z0-9_-]{43}/.exec(message.Text)?.[0];
    expect(link?.startsWith(`${appUrl()}/verify/`)).toBe(true);
    await page.goto(link!);
    await expect(page.locator("#email-verified")).toContainText(`${person.email} is now the confirmed address`);
    await page.goto(link!);
    await expect(page.getByRole("heading", { name: "This link no longer works" })).toBeVisible();

    await page.goto(`${appUrl()}/account`);
    await expect(page.locator("#email-status")).toHaveText("Confirmed");
    await expect(page.locator("#send-verification")).toHaveCount(0);

    const client = await createClient();
    await page.goto(authorizeUrl(client, { scope: "openid email" }));
    // Hydra remembers the account area's login only when asked to: sign in again if the form shows.
    const next = page.getByRole("heading", { name: /Please log in|An application requests access/ });
    await expect(next).toBeVisible();
    if ((await next.textContent())?.includes("Please log in") === true) {
      await logIn(page, { email: person.email, password: person.password });
    }
    await giveConsent(page, { scopes: ["openid", "email"] });
    const idToken = decodeJwt((await exchangeCode(client, await codeFromCallback(page))).id_token!);
    expect(idToken).toMatchObject({ sub: person.id, email: person.email, email_verified: true });
  });
});
