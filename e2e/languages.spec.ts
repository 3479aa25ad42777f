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

    // The menu is closed until asked: one line, the challenge carried once in its form.
    const menu = page.locator("nav.languages");
    await expect(menu.locator("button[value=de]")).toBeHidden();
    await expect(menu.locator("input[type=hidden][name=login_challenge]")).toHaveCount(1);
    await menu.locator("summary").click();
    await menu.locator("button[value=de]").click();
    await expectPage(page, "de", "login");
    const url = new URL(page.url());
    expect(url.pathname).toBe("/login");
    expect(url.searchParams.get("login_challenge")).toBe(challenge);
    expect(url.searchParams.get("lang")).toBe("de");
    await expect(menu.locator("button[value=de]")).toHaveAttribute("aria-current", "true");
    await expect(menu.locator("button[value=de]")).toHaveAttribute("lang", "de");
    // The pick is remembered: the consent page that follows is German too.
    await signInAndConsent(page, "de");
  });

  for (const width of [1100, 390]) {
    test(`the closed menu is one line at ${width} px, and open it lists every language on a line of its own`, async ({
      page,
    }) => {
      await page.setViewportSize({ width, height: 800 });
      const client = await createClient();
      await page.goto(authorizeUrl(client, { scope: "openid", ui_locales: "ja" }));
      const summary = page.locator("nav.languages summary");
      const lineHeight = await summary.evaluate((element) => parseFloat(getComputedStyle(element).lineHeight));
      expect((await summary.boundingBox())!.height).toBeLessThan(lineHeight * 1.5 + 8);
      await summary.click();
      const buttons = page.locator("nav.languages button");
      await expect(buttons).toHaveCount(6);
      const boxes = await buttons.evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect()));
      // One column: each language below the one before, none beside another, all inside the window.
      for (let index = 1; index < boxes.length; index++)
        expect(boxes[index]!.top).toBeGreaterThanOrEqual(boxes[index - 1]!.bottom - 1);
      for (const box of boxes) {
        expect(box.left).toBeGreaterThanOrEqual(0);
        expect(box.right).toBeLessThanOrEqual(width);
      }
      await expect(page.locator("nav.languages button[value=ja]")).toHaveAttribute("aria-current", "true");
    });
  }

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
