import { AxeBuilder } from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
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
const NEW_PASSWORD = "copper-kettle-meadow-58";

/** The newest forgot-password link sent to an address. */
async function resetLink(address: string, count: number): Promise<string> {
  const message = await mail().waitFor(address, count);
  const match = /https?:\/\/\S+\/recovery\/[A-Za-z0-9_-]{43}/.exec(message.Text);
  if (match === null) throw new Error(`no link in:\n${message.Text}`);
  return match[0];
}

/** axe (WCAG 2.0/2.1/2.2 A and AA) in light and dark: no violations. */
async function noViolations(page: Page, label: string): Promise<void> {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
      .analyze();
    expect(
      results.violations.map((violation) => `${label} (${colorScheme}): ${violation.id}`),
      label,
    ).toEqual([]);
  }
}

test.describe("forgot password on real Hydra, through a real mail server", () => {
  test("from the login page: email, link, new password, back into the same flow with the email filled, token for the account", async ({
    page,
  }) => {
    const person = ACCOUNT_PEOPLE.recovery;
    const client = await createClient();
    await page.goto(authorizeUrl(client, { scope: "openid" }));
    await expect(page.getByRole("heading", { name: "Please log in" })).toBeVisible();
    const loginUrl = new URL(page.url());
    const challenge = loginUrl.searchParams.get("login_challenge")!;

    await page.click("#forgot-password");
    await noViolations(page, "recovery form");
    await page.fill("#email", person.email);
    await page.click("#send");
    await expect(page.locator("#recovery-sent")).toContainText(`If an account exists for ${person.email}`);
    await noViolations(page, "link sent");

    const link = await resetLink(person.email, 1);
    expect(link.startsWith(`${appUrl()}/recovery/`)).toBe(true);
    await page.goto(link);
    await page.fill("#new-password", "short");
    await page.fill("#new-password-repeat", "short");
    await page.click("#set-password");
    await expect(page.locator("#form-error")).toContainText("at least 12 characters");
    await noViolations(page, "new password with an error");
    await page.fill("#new-password", NEW_PASSWORD);
    await page.fill("#new-password-repeat", NEW_PASSWORD);
    await page.click("#set-password");

    // Back on the login page of the same OAuth2 flow, the email filled in; not signed in.
    await expect(page.getByRole("heading", { name: "Please log in" })).toBeVisible();
    expect(new URL(page.url()).searchParams.get("login_challenge")).toBe(challenge);
    await expect(page.locator("#email")).toHaveValue(person.email);
    await logIn(page, { email: person.email, password: NEW_PASSWORD });
    await giveConsent(page, { scopes: ["openid"] });
    const idToken = decodeJwt((await exchangeCode(client, await codeFromCallback(page))).id_token!);
    expect(idToken.sub).toBe(person.id);

    // The link works once.
    await page.goto(link);
    await expect(page.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
    await noViolations(page, "used link");

    // A notice of the reset reached the account's address.
    const notice = await mail().waitFor(person.email, 2);
    expect(notice.Subject).toBe("Security notice for your account");
  });

  test("an unknown address gets the same page and no email", async ({ page }) => {
    await page.goto(`${appUrl()}/recovery`);
    await page.fill("#email", "nobody-e2e@example.test");
    await page.click("#send");
    await expect(page.locator("#recovery-sent")).toContainText("If an account exists for nobody-e2e@example.test");
    await page.waitForTimeout(500);
    expect(await mail().messagesTo("nobody-e2e@example.test")).toHaveLength(0);
  });
});
