import { AxeBuilder } from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { currentTotp } from "../src/identity/factors/totp.js";
import { ACCOUNT_PEOPLE } from "./global-setup.js";
import {
  appUrl,
  authorizeUrl,
  callbackUrl,
  codeFromCallback,
  createClient,
  DEMO,
  exchangeCode,
  hydraPublicUrl,
} from "./support/oauth.js";
import { WCAG_TAGS } from "./support/axe.js";

const LANGUAGES = ["en", "de"] as const;
const SCHEMES = ["light", "dark"] as const;
type Language = (typeof LANGUAGES)[number];

/** The language the menu would pick, remembered in the app's cookie (ui_locales is not used in these flows). */
async function useLanguage(page: Page, lang: Language): Promise<void> {
  await page.context().addCookies([{ name: "hlc.lang", value: lang, url: appUrl() }]);
}

/**
 * Runs axe on the page as it is, in the light and the dark scheme, and adds what it finds to `found`, each line
 * naming the page, language and scheme. The tests assert `found` is empty at the end, so one run lists everything.
 */
async function audit(page: Page, label: string, found: string[]): Promise<void> {
  const lang = await page.locator("html").getAttribute("lang");
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    expect(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches)).toBe(colorScheme === "dark");
    const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
    for (const violation of results.violations) {
      const targets = violation.nodes.map((node) => node.target.join(" ")).join(", ");
      found.push(`${label} [${lang}, ${colorScheme}] ${violation.id}: ${violation.help} (${targets})`);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
}

/** Opens the page in each language (through `open`) and audits it in both schemes. */
async function auditEveryWay(
  page: Page,
  label: string,
  found: string[],
  open: (lang: Language) => Promise<void>,
): Promise<void> {
  for (const lang of LANGUAGES) {
    await useLanguage(page, lang);
    await open(lang);
    await expect(page.locator("html")).toHaveAttribute("lang", lang);
    await audit(page, label, found);
  }
}

async function submitPassword(page: Page, email: string, password: string, remember = false): Promise<void> {
  await page.fill("#email", email);
  await page.fill("#password", password);
  if (remember) await page.check("#remember");
  await page.click("#accept");
}

/** Signs in to the account area (English) and waits for /account. */
async function signInToAccount(page: Page, person: { email: string; password: string }): Promise<void> {
  await useLanguage(page, "en");
  await page.goto(`${appUrl()}/account`);
  await expect(page.getByRole("heading", { name: "Please log in" })).toBeVisible();
  await submitPassword(page, person.email, person.password);
  await page.waitForURL(`${appUrl()}/account`);
}

test.describe("accessibility (axe, WCAG 2.0/2.1/2.2 A and AA) in English and German, light and dark", () => {
  // Each page is audited four times (two languages, two schemes); a flow with several pages takes a while.
  test.describe.configure({ timeout: 120_000 });
  test("login page, with and without an error message", async ({ page }) => {
    const found: string[] = [];
    const client = await createClient();
    await auditEveryWay(page, "login", found, async () => {
      await page.goto(authorizeUrl(client, { scope: "openid" }));
      await expect(page.locator("#email")).toBeVisible();
    });
    // An unknown account: the same message as a wrong password, and no lockout for anyone else's tests.
    await auditEveryWay(page, "login with an error", found, async () => {
      await page.goto(authorizeUrl(client, { scope: "openid" }));
      await submitPassword(page, "nobody-axe@example.test", "not-a-password");
      await expect(page.locator("#form-error")).toBeVisible();
    });
    expect(found).toEqual([]);
  });

  test("consent page", async ({ page }) => {
    const found: string[] = [];
    const client = await createClient({
      client_name: "Axe Consent App",
      policy_uri: "https://example.test/app-policy",
      tos_uri: "https://example.test/app-terms",
    });
    await page.goto(authorizeUrl(client, { scope: "openid offline_access email profile" }));
    await submitPassword(page, DEMO.email, DEMO.password);
    await expect(page.locator("#openid")).toBeVisible();
    const consentUrl = page.url();
    await auditEveryWay(page, "consent", found, async () => {
      await page.goto(consentUrl);
      await expect(page.locator("#openid")).toBeVisible();
    });
    expect(found).toEqual([]);
  });

  test("logout question, the page after staying signed in, and the signed-out page", async ({ page }) => {
    const found: string[] = [];
    const postLogout = `${callbackUrl()}/logged-out`;
    const client = await createClient({ post_logout_redirect_uris: [postLogout] });
    await page.goto(authorizeUrl(client, { scope: "openid" }));
    // Remembered, so that Hydra has a session to end and asks the question.
    await submitPassword(page, DEMO.email, DEMO.password, true);
    await page.check("#openid");
    await page.click("#accept");
    const idToken = (await exchangeCode(client, await codeFromCallback(page))).id_token!;
    const logoutUrl = `${hydraPublicUrl()}/oauth2/sessions/logout?${new URLSearchParams({
      id_token_hint: idToken,
      post_logout_redirect_uri: postLogout,
    })}`;
    for (const lang of LANGUAGES) {
      await useLanguage(page, lang);
      await page.goto(logoutUrl);
      await expect(page.locator("#reject")).toBeVisible();
      await expect(page.locator("html")).toHaveAttribute("lang", lang);
      await audit(page, "logout", found);
      // "Stay signed in" keeps the session, so the next language gets a new logout question.
      await page.click("#reject");
      await expect(page.locator("#reject")).toHaveCount(0);
      await audit(page, "logout, stayed signed in", found);
    }
    await auditEveryWay(page, "logged-out", found, async () => {
      await page.goto(`${appUrl()}/logged-out`);
    });
    expect(found).toEqual([]);
  });

  for (const [label, path] of [
    ["index", "/"],
    ["error", "/error?error=invalid_request&error_description=Bad&error_hint=Check+the+request"],
    ["missing challenge", "/login"],
    ["not found", "/no-such-page"],
    ["device", "/device/verify?device_challenge=abc&user_code=WXYZ-1234"],
    ["device success", "/device/success"],
  ] as const) {
    test(`${label} page`, async ({ page }) => {
      const found: string[] = [];
      await auditEveryWay(page, label, found, async () => {
        await page.goto(`${appUrl()}${path}`);
      });
      expect(found).toEqual([]);
    });
  }

  test("account page with a connected app and with a password error", async ({ page }) => {
    const found: string[] = [];
    const person = ACCOUNT_PEOPLE.a11y;
    const client = await createClient({ client_name: "Axe Test App" });
    await useLanguage(page, "en");
    await page.goto(authorizeUrl(client, { scope: "openid offline_access email" }));
    await submitPassword(page, person.email, person.password, true);
    await page.check("#openid");
    await page.check("#email");
    await page.check("#remember");
    await page.click("#accept");
    await codeFromCallback(page);

    await auditEveryWay(page, "account with an app", found, async () => {
      await page.goto(`${appUrl()}/account`);
      await expect(page.locator(`[data-client-id="${client.client_id}"]`)).toBeVisible();
    });
    await auditEveryWay(page, "account with a password error", found, async () => {
      await page.goto(`${appUrl()}/account`);
      await page.fill("#current-password", "not-the-password");
      await page.fill("#new-password", "a long enough new password");
      await page.fill("#new-password-repeat", "a long enough new password");
      await page.click("#change-password");
      await expect(page.locator("#form-error")).toBeVisible();
    });
    expect(found).toEqual([]);
  });

  test("account page enrolling an authenticator app (QR code), recovery codes, and the second-factor step", async ({
    page,
  }) => {
    const found: string[] = [];
    const person = ACCOUNT_PEOPLE.a11yFactor;
    await signInToAccount(page, person);
    await page.click("#totp-enroll");
    // The pending enrolment lives in the session: the account page keeps showing the QR code.
    await auditEveryWay(page, "account enrolling TOTP", found, async () => {
      await page.goto(`${appUrl()}/account`);
      await expect(page.locator(".qr svg")).toBeVisible();
    });
    const secret = (await page.locator("#totp-secret").getAttribute("data-secret"))!;
    await page.fill("#totp-code", currentTotp(secret));
    await page.click("#totp-confirm");
    await expect(page.locator("#recovery-codes li")).toHaveCount(10);
    await audit(page, "account showing recovery codes", found);
    await page.click("#sign-out");

    const client = await createClient();
    await page.goto(authorizeUrl(client, { scope: "openid" }));
    await submitPassword(page, person.email, person.password);
    await expect(page.locator("#code")).toBeVisible();
    const stepUrl = page.url();
    expect(new URL(stepUrl).pathname).toBe("/login/second-factor");
    await auditEveryWay(page, "second-factor step", found, async () => {
      await page.goto(stepUrl);
      await expect(page.locator("#code")).toBeVisible();
    });
    await auditEveryWay(page, "second-factor step with an error", found, async () => {
      await page.goto(stepUrl);
      await page.fill("#code", "000000");
      await page.click("#accept");
      await expect(page.locator("#form-error")).toBeVisible();
    });
    expect(found).toEqual([]);
  });
});
