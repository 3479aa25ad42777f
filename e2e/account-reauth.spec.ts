import { expect, test, type Page } from "@playwright/test";
import { currentTotp } from "../src/identity/factors/totp.js";
import { ACCOUNT_PEOPLE } from "./global-setup.js";
import { appUrl, logIn } from "./support/oauth.js";

/**
 * ACCOUNT_REAUTH_AFTER of the app under test: 300 s unless the stack sets a shorter one (then it must say so here,
 * through E2E_ACCOUNT_REAUTH_AFTER), so the "too old" test waits only as long as it must.
 */
const REAUTH_AFTER_SECONDS = Number(process.env.E2E_ACCOUNT_REAUTH_AFTER ?? 300);

type Person = { email: string; password: string };

/** Waits for a page of ours by its path: redirects to a part of the account page carry a #fragment. */
const onPath = (page: Page, path: string) => page.waitForURL((url) => url.pathname === path);

/** Signs in to /account through Hydra and our login page; `remember` ticks "remember me" at Hydra. */
async function signInToAccount(page: Page, person: Person, remember = false) {
  await page.goto(`${appUrl()}/account`);
  await logIn(page, { ...person, remember });
  await onPath(page, "/account");
}

/** Turns on an authenticator app from the account page; returns the secret and the recovery codes shown. */
async function enrolTotp(page: Page) {
  await page.click("#totp-enroll");
  const secret = (await page.locator("#totp-secret").getAttribute("data-secret"))!;
  await page.fill("#totp-code", currentTotp(secret));
  await page.click("#totp-confirm");
  await onPath(page, "/account/recovery-codes");
  await expect(page.locator("#recovery-codes li")).toHaveCount(10);
  const codes = (await page.locator("#recovery-codes li").allTextContents()).map((code) => code.trim());
  await page.click("#recovery-saved");
  await onPath(page, "/account");
  await expect(page.locator("#totp-remove")).toBeVisible();
  return { secret, codes };
}

/** Our login page's second step, answered with a recovery code (each works once; TOTP steps would need waiting). */
async function secondStep(page: Page, code: string) {
  await expect(page.getByRole("heading", { name: "Confirm it is you" })).toBeVisible();
  await page.fill("#code", code);
  await page.click("#accept");
}

test.describe("the account area re-asks before changes, and ends sessions, on real Hydra", () => {
  test("after sign out everywhere, a second browser still on /account is signed out and cannot remove TOTP", async ({
    page,
    browser,
  }) => {
    const person = ACCOUNT_PEOPLE.endedElsewhere;
    await signInToAccount(page, person);
    const { codes } = await enrolTotp(page);

    const other = await browser.newContext();
    try {
      const second = await other.newPage();
      await second.goto(`${appUrl()}/account`);
      await logIn(second, person);
      await secondStep(second, codes[0]!);
      await onPath(second, "/account");
      await expect(second.locator("#totp-remove")).toBeVisible();

      // The first browser's sign-in had no second step (there was none then): it is asked for one first.
      await page.click("#sign-out-everywhere");
      await logIn(page, person);
      await secondStep(page, codes[1]!);
      await onPath(page, "/account/confirm");
      await page.click("#reauth-confirm");
      await expect(page.getByRole("heading", { name: "You are signed out" })).toBeVisible();

      // The second browser's page is still open; its next post finds its session ended.
      await second.click("#totp-remove");
      await expect(second.getByRole("heading", { name: "You are not signed in" })).toBeVisible();
      await second.goto(`${appUrl()}/account`);
      await expect(second.getByRole("heading", { name: "Please log in" })).toBeVisible();
      // TOTP is still on: signing in asks for the second step.
      await logIn(second, person);
      await secondStep(second, codes[2]!);
      await onPath(second, "/account");
      await expect(second.locator("#totp-status")).toContainText("On since");
    } finally {
      await other.close();
    }
  });

  test("a remembered login older than ACCOUNT_REAUTH_AFTER is sent through Hydra again before removing TOTP", async ({
    page,
  }) => {
    test.setTimeout((REAUTH_AFTER_SECONDS + 120) * 1000);
    const person = ACCOUNT_PEOPLE.oldSignIn;
    await signInToAccount(page, person, true);
    const { codes } = await enrolTotp(page);
    await page.click("#sign-out");

    // Hydra remembers the login, but it had no second step: the account area asks again, password and code.
    await page.goto(`${appUrl()}/account`);
    await logIn(page, { ...person, remember: true });
    await secondStep(page, codes[0]!);
    await onPath(page, "/account");

    // Time passes: the remembered login (Hydra's and ours) grows older than the limit.
    await page.waitForTimeout((REAUTH_AFTER_SECONDS + 2) * 1000);
    await page.goto(`${appUrl()}/account`);
    await expect(page.locator("#totp-remove")).toBeVisible();
    await page.click("#totp-remove");
    // max_age makes Hydra ask again although it remembers the login.
    await logIn(page, person);
    await secondStep(page, codes[1]!);
    await onPath(page, "/account/confirm");
    await expect(page.getByRole("heading", { name: "Confirm the change" })).toBeVisible();
    await page.click("#reauth-confirm");
    await onPath(page, "/account");
    await expect(page.getByRole("status")).toContainText("The authenticator app is off");
    await expect(page.locator("#totp-status")).toContainText("Not set up.");
  });

  test("a reload after each account action posts nothing twice", async ({ page }) => {
    const person = ACCOUNT_PEOPLE.reloads;
    const posts: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST") posts.push(new URL(request.url()).pathname);
    });
    /** Runs an action, checks it ended on a GET page, reloads it, and checks the reload posted nothing. */
    async function actThenReload(action: () => Promise<void>, expectedPath: string) {
      await action();
      await page.waitForURL((url) => url.pathname === expectedPath);
      await page.waitForLoadState("load");
      const before = posts.length;
      await page.reload();
      await page.waitForLoadState("load");
      expect(posts.slice(before)).toEqual([]);
      expect(new URL(page.url()).pathname).toBe(expectedPath);
    }

    await signInToAccount(page, person);

    // A refused password change: the refusal is shown once, and the reload shows the plain page.
    await actThenReload(async () => {
      await page.fill("#current-password", "not-the-password");
      await page.fill("#new-password", "a long enough new password");
      await page.fill("#new-password-repeat", "a long enough new password");
      await page.click("#change-password");
      await expect(page.locator("#form-error")).toContainText("The current password is not correct.");
    }, "/account");
    await expect(page.locator("#form-error")).toHaveCount(0);

    // Then a successful password change: shown once, and a reload changes nothing.
    const next = "annie's brand-new passphrase";
    await actThenReload(async () => {
      await page.fill("#current-password", person.password);
      await page.fill("#new-password", next);
      await page.fill("#new-password-repeat", next);
      await page.click("#change-password");
      await expect(page.getByRole("status")).toContainText("Your password is changed.");
    }, "/account");
    await expect(page.getByRole("status")).toHaveCount(0);

    // The TOTP set-up: start, a wrong code, the right code; the recovery codes survive a reload unchanged.
    await actThenReload(() => page.click("#totp-enroll"), "/account");
    const secret = (await page.locator("#totp-secret").getAttribute("data-secret"))!;
    await actThenReload(async () => {
      await page.fill("#totp-code", "000000");
      await page.click("#totp-confirm");
      await expect(page.locator("#form-error")).toBeVisible();
    }, "/account");
    await expect(page.locator("#totp-secret")).toHaveAttribute("data-secret", secret);
    await page.fill("#totp-code", currentTotp(secret));
    await page.click("#totp-confirm");
    await onPath(page, "/account/recovery-codes");
    const codes = await page.locator("#recovery-codes li").allTextContents();
    expect(codes).toHaveLength(10);
    await actThenReload(async () => undefined, "/account/recovery-codes");
    expect(await page.locator("#recovery-codes li").allTextContents()).toEqual(codes);
    await actThenReload(() => page.click("#recovery-saved"), "/account");

    // Each action posted exactly once.
    expect(posts.filter((path) => path.startsWith("/account"))).toEqual([
      "/account/password",
      "/account/password",
      "/account/totp/start",
      "/account/totp/confirm",
      "/account/totp/confirm",
      "/account/recovery-codes/saved",
    ]);
  });
});
