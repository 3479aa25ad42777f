import { expect, test } from "@playwright/test";
import { mailpitClient } from "../test/support/mailpit.js";
import { ACCOUNT_PEOPLE } from "./global-setup.js";
import { authorizeUrl, codeFromCallback, createClient, decodeJwt, exchangeCode, giveConsent } from "./support/oauth.js";

const mail = () => mailpitClient(process.env.E2E_MAILPIT_URL!);

/** The 6-digit code and the link of the newest sign-in email to an address. */
async function codeAndLink(address: string, count: number): Promise<{ code: string; link: string }> {
  const message = await mail().waitFor(address, count);
  expect(message.Subject).toBe("Your sign-in code");
  const code = /^(\d{6})$/m.exec(message.Text)?.[1];
  const link = /https?:\/\/\S+\/login\/email\/[A-Za-z0-9_-]{43}/.exec(message.Text)?.[0];
  if (code === undefined || link === undefined) throw new Error(`no code or link in:\n${message.Text}`);
  return { code, link };
}

test.describe("sign in by email on real Hydra, through a real mail server", () => {
  test("Email me a sign-in code → the code from Mailpit → back at the client with a token for the account", async ({
    page,
    browser,
  }) => {
    const person = ACCOUNT_PEOPLE.emailSignIn;
    const before = (await mail().messagesTo(person.email)).length;
    const client = await createClient();
    await page.goto(authorizeUrl(client, { scope: "openid" }));
    await expect(page.getByRole("heading", { name: "Please log in" })).toBeVisible();

    await page.fill("#email", person.email);
    await page.click("#email-sign-in");
    await expect(page.getByRole("heading", { name: "Enter the code from your email" })).toBeVisible();
    await expect(page.locator("#email-code-sent")).toContainText(`If an account exists for ${person.email}`);
    const { code, link } = await codeAndLink(person.email, before + 1);

    // The link in another browser (a mail scanner, another device) signs nobody in, and is not used up.
    const elsewhere = await browser.newContext();
    const scanner = await elsewhere.newPage();
    await scanner.goto(link);
    await expect(scanner.getByRole("heading", { name: "Enter the code instead" })).toBeVisible();
    await elsewhere.close();

    await page.fill("#email-code", code);
    await page.click("#email-code-submit");
    await giveConsent(page, { scopes: ["openid"] });
    const tokens = await exchangeCode(client, await codeFromCallback(page));
    expect(tokens.access_token).toBeTruthy();
    const idToken = decodeJwt(tokens.id_token!);
    expect(idToken.sub).toBe(person.id);
    expect(idToken.amr).toEqual(["email"]);
    expect(idToken.acr).toBe("1");
  });
});
