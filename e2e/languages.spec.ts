import { expect, test, type Page } from "@playwright/test";
import { authorizeUrl, callbackUrl, codeFromCallback, createClient, DEMO } from "./support/oauth.js";

/** The headings of the two pages, per language, from the catalogs in src/i18n. */
const HEADINGS = {
  en: { login: "Please log in", consent: "An application requests access to your data!" },
  de: { login: "Bitte melden Sie sich an", consent: "Eine Anwendung bittet um Zugriff auf Ihre Daten!" },
  fr: { login: "Veuillez vous connecter", consent: "Une application demande l’accès à vos données !" },
} as const;

async function expectPage(page: Page, lang: keyof typeof HEADINGS, which: "login" | "consent"): Promise<void> {
  await expect(page.getByRole("heading", { level: 1, name: HEADINGS[lang][which] })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", lang);
  if (lang !== "en") await expect(page.getByRole("heading", { name: HEADINGS.en[which] })).toHaveCount(0);
}

/** The contract selectors work whatever the language: #email, #password, #accept, then #openid and #accept. */
async function signInAndConsent(page: Page, lang: keyof typeof HEADINGS): Promise<void> {
  await page.fill("#email", DEMO.email);
  await page.fill("#password", DEMO.password);
  await page.click("#accept");
  await expectPage(page, lang, "consent");
  await page.check("#openid");
  await page.click("#accept");
  await codeFromCallback(page);
}

test.describe("languages on real Hydra", () => {
  test("ui_locales=de: the login and consent pages are German", async ({ page }) => {
    const client = await createClient();
    await page.goto(authorizeUrl(client, { scope: "openid", ui_locales: "de" }));
    await expectPage(page, "de", "login");
    await expect(page.locator("#accept")).toHaveText("Anmelden");
    await signInAndConsent(page, "de");
  });

  test("a French browser (locale fr-FR, Accept-Language fr) gets French login and consent pages", async ({
    browser,
  }) => {
    const context = await browser.newContext({
      locale: "fr-FR",
      extraHTTPHeaders: { "Accept-Language": "fr-FR,fr;q=0.9" },
    });
    try {
      const page = await context.newPage();
      const client = await createClient();
      await page.goto(authorizeUrl(client, { scope: "openid" }));
      await expectPage(page, "fr", "login");
      await signInAndConsent(page, "fr");
    } finally {
      await context.close();
    }
  });

  test("the language menu switches mid-flow and keeps the login challenge", async ({ page }) => {
    const client = await createClient();
    await page.goto(authorizeUrl(client, { scope: "openid" }));
    await expectPage(page, "en", "login");
    const challenge = new URL(page.url()).searchParams.get("login_challenge");
    expect(challenge).toBeTruthy();

    await page.click("nav.languages a[hreflang=de]");
    await expectPage(page, "de", "login");
    expect(new URL(page.url()).searchParams.get("login_challenge")).toBe(challenge);
    await expect(page.locator("nav.languages a[hreflang=de]")).toHaveAttribute("aria-current", "true");
    // The pick is remembered: the consent page that follows is German too.
    await signInAndConsent(page, "de");
  });

  test("the consent page names where the browser goes next and how long remember lasts", async ({ page }) => {
    const client = await createClient();
    await page.goto(authorizeUrl(client, { scope: "openid" }));
    await page.fill("#email", DEMO.email);
    await page.fill("#password", DEMO.password);
    await page.click("#accept");
    await expectPage(page, "en", "consent");
    await expect(page.locator("#redirect-host")).toContainText(new URL(callbackUrl()).host);
    await expect(page.locator("#remember-hint")).toContainText("30 days");
    await expect(page.locator("#remember")).toHaveAttribute("aria-describedby", "remember-hint");
  });
});
