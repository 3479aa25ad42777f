/**
 * Screenshots of every page for the README and for review: starts its own stack (Hydra in memory, the built app,
 * a throw-away users file), walks real flows in Debian's Chromium and writes
 * docs/screenshots/<page>-<desktop|mobile>-<language>-<light|dark>.png: every page in all six languages, 1,280 and
 * 390 px wide, light and dark. Run through `npm run screenshots`, which builds first. It also opens each page 320 px
 * wide and reports any that scrolls sideways there (exit code 1).
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { CHROMIUM } from "../e2e/harness/browser.js";
import { startCallbackServer, writeUsersFile } from "../e2e/harness/fixtures.js";
import { projectRoot } from "../e2e/harness/processes.js";
import { startStack, type Stack } from "../e2e/harness/stack.js";
import { currentTotp } from "../src/identity/factors/totp.js";

const OUT = path.join(projectRoot, "docs", "screenshots");
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, mobile: { width: 390, height: 780 } } as const;
const NARROW = { width: 320, height: 640 };
const LANGUAGES = ["en", "de", "fr", "es", "pt-BR", "ja"] as const;
const SCHEMES = ["light", "dark"] as const;
type Language = (typeof LANGUAGES)[number];

const DEMO = { id: "demo-ada", email: "ada@example.com", password: "analytical-engine-1843", name: "Ada Lovelace" };
const FACTOR = {
  id: "demo-grace",
  email: "grace@example.com",
  password: "compiler-pioneer-1952",
  name: "Grace Hopper",
};

interface Client {
  client_id: string;
  client_secret: string;
}

async function createClient(stack: Stack, callbackUrl: string): Promise<Client> {
  const client_secret = randomBytes(16).toString("hex");
  const response = await fetch(`${stack.hydra.adminUrl}/admin/clients`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      client_name: "Photo Printer",
      client_secret,
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      scope: "openid offline_access email profile",
      redirect_uris: [callbackUrl],
      post_logout_redirect_uris: [`${callbackUrl}/logged-out`],
      client_uri: "https://photo-printer.example/",
      // A logo that cannot load (the name does not resolve): the pages show an empty tile, not its alt text.
      logo_uri: "https://photo-printer.example/logo.png",
      policy_uri: "https://photo-printer.example/privacy",
      tos_uri: "https://photo-printer.example/terms",
      token_endpoint_auth_method: "client_secret_basic",
    }),
  });
  const body = (await response.json()) as Client;
  if (response.status !== 201)
    throw new Error(`creating the client failed: ${response.status} ${JSON.stringify(body)}`);
  return { client_id: body.client_id, client_secret };
}

function authorizeUrl(stack: Stack, client: Client, callbackUrl: string): string {
  const url = new URL(`${stack.hydra.publicUrl}/oauth2/auth`);
  url.search = new URLSearchParams({
    client_id: client.client_id,
    response_type: "code",
    redirect_uri: callbackUrl,
    scope: "openid offline_access email profile",
    state: randomBytes(12).toString("hex"),
    nonce: randomBytes(12).toString("hex"),
  }).toString();
  return url.toString();
}

async function idTokenFor(stack: Stack, client: Client, code: string, callbackUrl: string): Promise<string> {
  const response = await fetch(`${stack.hydra.publicUrl}/oauth2/token`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Authorization: "Basic " + Buffer.from(`${client.client_id}:${client.client_secret}`).toString("base64"),
    },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: callbackUrl }),
  });
  const body = (await response.json()) as { id_token?: string };
  if (!response.ok || body.id_token === undefined) throw new Error(`token request failed: ${response.status}`);
  return body.id_token;
}

async function waitForSelector(page: Page, selector: string): Promise<void> {
  await page.locator(selector).first().waitFor({ state: "visible", timeout: 10_000 });
}

async function useLanguage(context: BrowserContext, appUrl: string, lang: Language): Promise<void> {
  await context.addCookies([{ name: "hlc.lang", value: lang, url: appUrl }]);
}

async function submitPassword(page: Page, person: { email: string }, password: string, remember = false) {
  await page.fill("#email", person.email);
  await page.fill("#password", password);
  if (remember) await page.check("#remember");
  await page.click("#accept");
}

const written: string[] = [];
const overflowing: string[] = [];

/**
 * For each language: `open` brings the page up (a GET, or a form posted again), then every viewport and scheme is
 * captured without reloading; last, 320 px wide, whether the page scrolls sideways.
 */
async function capture(page: Page, appUrl: string, name: string, open: (lang: Language) => Promise<void>) {
  for (const lang of LANGUAGES) {
    await useLanguage(page.context(), appUrl, lang);
    await page.setViewportSize(VIEWPORTS.desktop);
    await page.emulateMedia({ colorScheme: "light" });
    await open(lang);
    const shownLang = await page.locator("html").getAttribute("lang");
    if (shownLang !== lang) throw new Error(`${name}: asked for ${lang}, the page is ${shownLang}`);
    for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      for (const colorScheme of SCHEMES) {
        await page.emulateMedia({ colorScheme });
        const file = path.join(OUT, `${name}-${viewportName}-${lang}-${colorScheme}.png`);
        await page.screenshot({ path: file, fullPage: true, animations: "disabled", caret: "hide" });
        written.push(file);
      }
    }
    await page.setViewportSize(NARROW);
    const scrollWidth = Number(await page.evaluate("document.documentElement.scrollWidth"));
    if (scrollWidth > NARROW.width) overflowing.push(`${name} (${lang}): ${scrollWidth}px wide at ${NARROW.width}px`);
    await page.emulateMedia({ colorScheme: "light" });
  }
  console.log(`  ${name}`);
}

async function main(): Promise<void> {
  const callback = await startCallbackServer();
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  try {
    stack = await startStack({
      storage: "memory",
      appEnv: {
        NODE_ENV: "development",
        LOG_LEVEL: "warn",
        USERS_FILE: await writeUsersFile(
          [DEMO, FACTOR].map((person) => ({ ...person, claims: { name: person.name } })),
        ),
      },
    });
    const appUrl = stack.appPublicUrl;
    const client = await createClient(stack, callback.url);
    browser = await chromium.launch({ headless: true, ...CHROMIUM });
    mkdirSync(OUT, { recursive: true });
    for (const file of readdirSync(OUT)) if (file.endsWith(".png")) rmSync(path.join(OUT, file));
    console.log(`writing ${path.relative(projectRoot, OUT)}/`);

    // The person with an authenticator app: enrolled through the account page, in a context of its own.
    const factorContext = await browser.newContext({ locale: "en-US" });
    const factorPage = await factorContext.newPage();
    await factorPage.goto(`${appUrl}/account`);
    await submitPassword(factorPage, FACTOR, FACTOR.password);
    await factorPage.waitForURL(`${appUrl}/account`);
    await factorPage.click("#totp-enroll");
    await waitForSelector(factorPage, "#totp-secret");
    // The set-up waits in the session: the page shows the same QR code and key on every visit until confirmed.
    await capture(factorPage, appUrl, "account-totp", async () => {
      await factorPage.goto(`${appUrl}/account`);
      await waitForSelector(factorPage, "#totp-secret");
    });
    const secret = await factorPage.locator("#totp-secret").getAttribute("data-secret");
    if (secret === null) throw new Error("no TOTP secret on the account page");
    await factorPage.fill("#totp-code", currentTotp(secret));
    await factorPage.click("#totp-confirm");
    await waitForSelector(factorPage, "#recovery-codes li");
    await factorPage.click("#sign-out");
    await factorPage.goto(authorizeUrl(stack, client, callback.url));
    await submitPassword(factorPage, FACTOR, FACTOR.password);
    await waitForSelector(factorPage, "#code");
    const secondFactorUrl = factorPage.url();
    await capture(factorPage, appUrl, "second-factor", async () => {
      await factorPage.goto(secondFactorUrl);
      await waitForSelector(factorPage, "#code");
    });
    await factorContext.close();

    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await page.goto(authorizeUrl(stack, client, callback.url));
    await waitForSelector(page, "#email");
    const loginUrl = page.url();
    await capture(page, appUrl, "login", async () => {
      await page.goto(loginUrl);
      await waitForSelector(page, "#email");
    });
    await capture(page, appUrl, "language-menu", async () => {
      await page.goto(loginUrl);
      await page.click(".languages summary");
      await waitForSelector(page, ".languages form button");
    });
    await capture(page, appUrl, "login-error", async () => {
      await page.goto(loginUrl);
      await submitPassword(page, DEMO, "not-the-password");
      await waitForSelector(page, "#form-error");
    });

    await page.goto(loginUrl);
    await submitPassword(page, DEMO, DEMO.password, true);
    await waitForSelector(page, "#openid");
    const consentUrl = page.url();
    await capture(page, appUrl, "consent", async () => {
      await page.goto(consentUrl);
      await waitForSelector(page, "#openid");
    });
    for (const scope of ["openid", "offline_access", "email", "profile"]) await page.check(`#${scope}`);
    await page.check("#remember");
    await page.click("#accept");
    await page.waitForURL((url) => url.toString().startsWith(callback.url));
    const code = new URL(page.url()).searchParams.get("code");
    if (code === null) throw new Error(`no code at the callback: ${page.url()}`);
    const idToken = await idTokenFor(stack, client, code, callback.url);

    await capture(page, appUrl, "account", async () => {
      await page.goto(`${appUrl}/account`);
      await waitForSelector(page, "[data-client-id]");
    });

    const logoutUrl = `${stack.hydra.publicUrl}/oauth2/sessions/logout?${new URLSearchParams({
      id_token_hint: idToken,
      post_logout_redirect_uri: `${callback.url}/logged-out`,
    })}`;
    await page.goto(logoutUrl);
    await waitForSelector(page, "#reject");
    const logoutPageUrl = page.url();
    await capture(page, appUrl, "logout", async () => {
      await page.goto(logoutPageUrl);
      await waitForSelector(page, "#reject");
    });
    // "Stay signed in" keeps Hydra's session, so each language asks to log out afresh.
    await capture(page, appUrl, "logout-stayed", async () => {
      await page.goto(logoutUrl);
      await page.click("#reject");
      await waitForSelector(page, "#way-on");
    });
    await capture(page, appUrl, "home", async () => {
      await page.goto(`${appUrl}/`);
    });
    await capture(page, appUrl, "logged-out", async () => {
      await page.goto(`${appUrl}/logged-out`);
    });
    await capture(page, appUrl, "error", async () => {
      await page.goto(
        `${appUrl}/error?${new URLSearchParams({
          error: "invalid_request",
          error_description: "The request is missing a required parameter.",
          error_hint: "Make sure that the redirect_uri is registered for this client.",
        })}`,
      );
    });
    await capture(page, appUrl, "device", async () => {
      await page.goto(`${appUrl}/device/verify?device_challenge=example&user_code=WXYZ-1234`);
      await waitForSelector(page, "#user_code");
    });
    await context.close();

    console.log(`${written.length} screenshots written`);
    if (overflowing.length > 0) {
      console.error(`scrolls sideways at ${NARROW.width}px:\n  ${overflowing.join("\n  ")}`);
      process.exitCode = 1;
    } else {
      console.log(`no page scrolls sideways at ${NARROW.width}px`);
    }
  } finally {
    await browser?.close();
    await stack?.stop();
    callback.close();
  }
}

await main();
