import { expect, test, type Browser, type Page, type Response } from "@playwright/test";
import { currentTotp } from "../src/identity/factors/totp.js";
import { readAccounts, startFederation, type Federation } from "./harness/federation.js";
import {
  authorizeUrl,
  callbackUrl,
  codeFromCallback,
  createClient,
  decodeJwt,
  exchangeCode,
  giveConsent,
  logIn,
  type OAuthEndpoints,
  type TestClient,
} from "./support/oauth.js";

// Sign-in with another OpenID Connect provider (issue 23) through two real OAuth2 servers: the upstream is a second
// Hydra whose login and consent pages are a second instance of this app with its own users file. The spec has its
// own two stacks; its tests run in order in one worker (Hydra's in-memory store takes one flow at a time). Each test
// makes several round trips through both servers: twice the usual time.
test.describe.configure({ mode: "default", timeout: 60_000 });

/** Provider "upstream" makes accounts for strangers; "partner" only links to an account its owner proves. */
const CREATE = { id: "upstream", name: "Upstream Hydra", link: "create" } as const;
const EXISTING = { id: "partner", name: "Partner Hydra", link: "existing" } as const;

const LOCAL = {
  linda: { id: "local-linda", email: "linda@example.test", password: "linda-local-password-2026" },
  sam: { id: "local-sam", email: "sam@example.test", password: "sam-local-password-2026" },
  mia: { id: "local-mia", email: "mia@example.test", password: "mia-local-password-2026" },
  paul: { id: "local-paul", email: "paul@example.test", password: "paul-local-password-2026" },
  rita: { id: "local-rita", email: "rita@example.test", password: "rita-local-password-2026" },
} as const;

const UPSTREAM = {
  nora: { id: "up-nora", email: "nora@upstream.test", password: "nora-upstream-password-2026" },
  linda: { id: "up-linda", email: "linda.work@upstream.test", password: "linda-upstream-password-2026" },
  max: { id: "up-max", email: "max@upstream.test", password: "max-upstream-password-2026" },
  // The same address as a local account, which this person does not own.
  sam: { id: "up-sam", email: LOCAL.sam.email, password: "sam-upstream-password-2026" },
  rita: { id: "up-rita", email: "rita.work@upstream.test", password: "rita-upstream-password-2026" },
} as const;

let federation: Federation;
let endpoints: OAuthEndpoints;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  federation = await startFederation({
    upstreamPeople: Object.values(UPSTREAM),
    localPeople: Object.values(LOCAL),
    providers: [CREATE, EXISTING],
  });
  endpoints = {
    hydraPublicUrl: federation.main.hydra.publicUrl,
    hydraAdminUrl: federation.main.hydra.adminUrl,
    callbackUrl: callbackUrl(),
  };
});

test.afterAll(async () => {
  await federation?.stop();
});

const mainApp = () => federation.main.appPublicUrl;
const upstreamApp = () => federation.upstream.appPublicUrl;
const providerCallback = (id: string) => `${mainApp()}/login/provider/${id}/callback`;

/** Every request that hands the main Hydra an accepted login, as it happens. */
function mainLoginVerifiers(page: Page): string[] {
  const verifiers: string[] = [];
  page.on("request", (request) => {
    if (request.url().startsWith(federation.main.hydra.publicUrl) && request.url().includes("login_verifier=")) {
      verifiers.push(request.url());
    }
  });
  return verifiers;
}

const callbackResponse = (page: Page, id: string): Promise<Response> =>
  page.waitForResponse((response) => response.url().startsWith(providerCallback(id)));

/** A client of the main Hydra; its authorization request, up to our login page with the provider buttons. */
async function openMainLogin(page: Page, params: Record<string, string> = {}): Promise<TestClient> {
  const client = await createClient({}, endpoints);
  await page.goto(authorizeUrl(client, { scope: "openid email", ...params }, endpoints));
  await expect(page.getByRole("heading", { name: "Please log in" })).toBeVisible();
  expect(page.url().startsWith(mainApp())).toBe(true);
  return client;
}

/** Our provider button, then the upstream's own login page (the second app), signed in there. */
async function signInUpstream(page: Page, providerId: string, person: { email: string; password: string }) {
  await page.click(`#provider-${providerId}`);
  await page.waitForURL((url) => url.toString().startsWith(upstreamApp()));
  await logIn(page, person);
}

async function tokensAfterConsent(page: Page, client: TestClient) {
  await giveConsent(page, { scopes: ["openid", "email"] });
  const tokens = await exchangeCode(client, await codeFromCallback(page), endpoints);
  return decodeJwt(tokens.id_token!);
}

const localAccountsWithEmail = (email: string) =>
  readAccounts(federation.mainUsersFile).filter((account) => account.email === email);

/** Which of the main app's accounts hold a link to this upstream identity (the users file's provider_links). */
const linkHolders = (provider: string, subject: string) =>
  readAccounts(federation.mainUsersFile)
    .filter((account) =>
      ((account.provider_links ?? []) as Array<{ provider: string; subject: string }>).some(
        (link) => link.provider === provider && link.subject === subject,
      ),
    )
    .map((account) => account.id);

/** The account page of the main app, signed in with a local password (and a code when given; no remember). */
async function openAccountWithPassword(page: Page, person: { email: string; password: string }, code?: string) {
  await page.goto(`${mainApp()}/account`);
  await logIn(page, person);
  if (code !== undefined) {
    await page.fill("#code", code);
    await page.click("#accept");
  }
  await page.waitForURL(`${mainApp()}/account`);
}

/** Turns on an authenticator app for a local account; returns its secret and recovery codes. */
async function enrolTotp(page: Page, person: { email: string; password: string }) {
  await openAccountWithPassword(page, person);
  await page.click("#totp-enroll");
  const secret = await page.locator("#totp-secret").getAttribute("data-secret");
  expect(secret).toMatch(/^[A-Z2-7]+=*$/);
  await page.fill("#totp-code", currentTotp(secret!));
  await page.click("#totp-confirm");
  await expect(page.locator("#recovery-codes li")).toHaveCount(10);
  const recoveryCodes = (await page.locator("#recovery-codes li").allTextContents()).map((code) => code.trim());
  await page.click("#sign-out");
  return { secret: secret!, recoveryCodes };
}

/** Our page asking for a local account's password before a link: #email shown or filled, #password, #accept. */
async function proveLocalAccount(page: Page, person: { email: string; password: string }) {
  await page.waitForURL((url) => url.toString().startsWith(`${mainApp()}/login/link-provider`));
  await expect(page.locator("#password")).toBeVisible();
  const email = page.locator("#email");
  await expect(email).toBeVisible();
  if (await email.isEditable()) await email.fill(person.email);
  else await expect(email).toHaveValue(person.email);
  await page.fill("#password", person.password);
  await page.click("#accept");
}

/**
 * The upstream's answer to our callback, held back from the app (its code stays unused). Playwright routes only the
 * first request of a redirect chain, here the sign-in POST at the upstream app; its redirects (through the upstream
 * Hydra, its consent, back to Hydra) are followed with the browser's own cookies until the one that names our callback.
 */
async function captureCallback(page: Page, providerId: string): Promise<string> {
  let captured: (url: string) => void = () => undefined;
  const url = new Promise<string>((resolve) => (captured = resolve));
  await page.route(
    (url) => url.href.startsWith(`${upstreamApp()}/login`),
    async (route) => {
      if (route.request().method() !== "POST") return route.fallback();
      let response = await route.fetch({ maxRedirects: 0 });
      let location = response.headers().location;
      while (location !== undefined && !location.startsWith(`${providerCallback(providerId)}?`)) {
        response = await page.request.get(new URL(location, response.url()).href, { maxRedirects: 0 });
        location = response.headers().location;
      }
      if (location === undefined) throw new Error(`no redirect to our callback; last ${response.url()}`);
      captured(location);
      await route.fulfill({ contentType: "text/html", body: "<!doctype html><title>held</title><h1>held</h1>" });
    },
  );
  return url;
}

/** Our error page's way back to the sign-in ("Try again", as every error page words it, or "Back to sign-in"). */
const wayBack = (page: Page) => page.getByRole("link", { name: /^(Try again|Back to sign-in)$/ });

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

test.describe("federation with another Hydra (OpenID Connect), in Chromium", () => {
  test("first sign-in with a `link: create` provider makes an account; sub is our id, not the upstream's", async ({
    page,
  }) => {
    const verifiers = mainLoginVerifiers(page);
    const client = await openMainLogin(page);
    // The page contract: one button per provider, with its name, beside the password form.
    await expect(page.locator(`#provider-${CREATE.id}`)).toContainText(CREATE.name);
    await expect(page.locator(`#provider-${EXISTING.id}`)).toContainText(EXISTING.name);
    await expect(page.locator("#password")).toBeVisible();

    await signInUpstream(page, CREATE.id, UPSTREAM.nora);
    const idToken = await tokensAfterConsent(page, client);
    const created = localAccountsWithEmail(UPSTREAM.nora.email);
    expect(created).toHaveLength(1);
    expect(idToken.sub).toBe(created[0]!.id);
    expect(idToken.sub).not.toBe(UPSTREAM.nora.id);
    expect(idToken.sub).not.toBe(UPSTREAM.nora.email);
    expect(idToken.email).toBe(UPSTREAM.nora.email);
    // The upstream said the address is verified (its users file does), so the new account's is too.
    expect(created[0]!.email_verified).toBe(true);
    expect(linkHolders(CREATE.id, UPSTREAM.nora.id)).toEqual([created[0]!.id]);
    // The upstream signed in with a password and no second factor of ours was asked.
    expect(idToken.amr).toContain("pwd");
    expect(idToken.amr).not.toContain("otp");
    expect(idToken.acr).toBe("1");
    expect(verifiers).toHaveLength(1);
    // The harness's promise: each server's cookies under names no other server on that host uses.
    const cookies = await page.context().cookies();
    const namesOn = (host: string) => cookies.filter((cookie) => cookie.domain === host).map((cookie) => cookie.name);
    expect(namesOn("localhost")).toContain("hlc.csrf");
    expect(namesOn("127.0.0.1")).toContain("hlc.csrf");
    expect(namesOn("127.0.0.1").some((name) => name.startsWith("ory_hydra_login_csrf"))).toBe(true);
    expect(namesOn("127.0.0.1").some((name) => name.startsWith("upstream_hydra_login_csrf"))).toBe(true);

    // The next sign-in follows the link: the same account, no second one made. This client chooses the provider
    // itself (upstream=<id>), which skips our page, and its login_hint reaches the upstream's form.
    const again = await createClient({}, endpoints);
    await page.goto(
      authorizeUrl(again, { scope: "openid email", upstream: CREATE.id, login_hint: UPSTREAM.nora.email }, endpoints),
    );
    await page.waitForURL((url) => url.toString().startsWith(upstreamApp()));
    await expect(page.locator("#email")).toHaveValue(UPSTREAM.nora.email);
    await logIn(page, UPSTREAM.nora);
    expect((await tokensAfterConsent(page, again)).sub).toBe(created[0]!.id);
    expect(localAccountsWithEmail(UPSTREAM.nora.email)).toHaveLength(1);
  });

  test("first sign-in with a `link: existing` provider links to a local account only after its password and code", async ({
    page,
  }) => {
    const { secret, recoveryCodes } = await enrolTotp(page, LOCAL.linda);
    const verifiers = mainLoginVerifiers(page);
    const client = await openMainLogin(page);
    await signInUpstream(page, EXISTING.id, UPSTREAM.linda);
    await proveLocalAccount(page, LOCAL.linda);
    await expect(page.getByRole("heading", { name: "Confirm it is you" })).toBeVisible();
    expect(verifiers).toEqual([]);
    await page.fill("#code", currentTotp(secret, Date.now() + 30_000));
    await page.click("#accept");
    const idToken = await tokensAfterConsent(page, client);
    expect(idToken.sub).toBe(LOCAL.linda.id);
    expect(idToken.amr).toContain("otp");
    expect(idToken.acr).toBe("2");
    // No account was made for the upstream's address.
    expect(localAccountsWithEmail(UPSTREAM.linda.email)).toEqual([]);
    expect(linkHolders(EXISTING.id, UPSTREAM.linda.id)).toEqual([LOCAL.linda.id]);

    // The account page lists the link, with Remove; the other provider can be linked.
    // The next TOTP step may be outside the window yet (the enrolment and the link used two): a recovery code.
    await openAccountWithPassword(page, LOCAL.linda, recoveryCodes[0]);
    await expect(page.locator(`[data-provider-unlink="${EXISTING.id}"]`)).toBeVisible();
    await expect(page.locator(`[data-provider-link="${CREATE.id}"]`)).toBeVisible();
    await page.click("#sign-out");

    // Later sign-ins follow the link with no password: the upstream's password alone is acr 1, no code of ours...
    const later = await openMainLogin(page);
    await signInUpstream(page, EXISTING.id, UPSTREAM.linda);
    const plain = await tokensAfterConsent(page, later);
    expect(plain.sub).toBe(LOCAL.linda.id);
    expect(plain.acr).toBe("1");
    expect(plain.amr).not.toContain("otp");
    // ...and acr_values=2 asks our own second factor (step-up), since the upstream proved one factor.
    const stepUp = await openMainLogin(page, { acr_values: "2" });
    await signInUpstream(page, EXISTING.id, UPSTREAM.linda);
    await expect(page.getByRole("heading", { name: "Confirm it is you" })).toBeVisible();
    await page.fill("#code", recoveryCodes[1]!);
    await page.click("#accept");
    const stepped = await tokensAfterConsent(page, stepUp);
    expect(stepped.sub).toBe(LOCAL.linda.id);
    expect(stepped.acr).toBe("2");
  });

  test("a later sign-in follows the link after the upstream email changed, even to a local account's address", async ({
    page,
  }) => {
    const first = await openMainLogin(page);
    await signInUpstream(page, CREATE.id, UPSTREAM.max);
    const firstToken = await tokensAfterConsent(page, first);
    const maxAccount = localAccountsWithEmail(UPSTREAM.max.email);
    expect(maxAccount).toHaveLength(1);
    expect(firstToken.sub).toBe(maxAccount[0]!.id);

    // The upstream now gives this person the address of another local account (Mia's): the link decides, not the
    // address, so no password is asked and Mia's account is never the subject.
    await federation.changeUpstreamEmail(UPSTREAM.max.id, LOCAL.mia.email);
    const later = await openMainLogin(page);
    await signInUpstream(page, CREATE.id, { email: LOCAL.mia.email, password: UPSTREAM.max.password });
    await expect(page.getByRole("heading", { name: "An application requests access to your data!" })).toBeVisible();
    const laterToken = await tokensAfterConsent(page, later);
    expect(laterToken.sub).toBe(firstToken.sub);
    expect(laterToken.sub).not.toBe(LOCAL.mia.id);
    expect(localAccountsWithEmail(LOCAL.mia.email).map((account) => account.id)).toEqual([LOCAL.mia.id]);
    expect(linkHolders(CREATE.id, UPSTREAM.max.id)).toEqual([firstToken.sub]);
  });

  test("a provider error (denied at the upstream) ends on our page with a way back to the sign-in", async ({
    page,
  }) => {
    const verifiers = mainLoginVerifiers(page);
    const client = await openMainLogin(page);
    await page.click(`#provider-${CREATE.id}`);
    await page.waitForURL((url) => url.toString().startsWith(upstreamApp()));
    await expect(page.getByRole("heading", { name: "Please log in" })).toBeVisible();
    const answer = callbackResponse(page, CREATE.id);
    await page.click("#reject");
    const response = await answer;
    expect(new URL(response.url()).searchParams.get("error")).toBe("access_denied");
    expect(response.status()).toBeGreaterThanOrEqual(400);
    expect(response.status()).toBeLessThan(500);
    expect(page.url().startsWith(mainApp())).toBe(true);
    expect(verifiers).toEqual([]);

    await wayBack(page).click();
    await expect(page.getByRole("heading", { name: "Please log in" })).toBeVisible();
    await expect(page.locator(`#provider-${CREATE.id}`)).toBeVisible();
    // The same flow goes on with a password.
    await logIn(page, LOCAL.paul);
    expect((await tokensAfterConsent(page, client)).sub).toBe(LOCAL.paul.id);
  });

  test("a forged callback state is refused (400), nothing accepted; the sign-in can start again", async ({ page }) => {
    const verifiers = mainLoginVerifiers(page);
    const client = await openMainLogin(page);
    const genuine = captureCallback(page, CREATE.id);
    await signInUpstream(page, CREATE.id, UPSTREAM.nora);
    const forged = new URL(await genuine);
    expect(forged.searchParams.get("code")).toBeTruthy();
    forged.searchParams.set("state", `${forged.searchParams.get("state")}x`);
    await page.unrouteAll();
    const refused = await page.goto(forged.toString());
    expect(refused!.status()).toBe(400);
    await expect(page.getByRole("heading", { name: "Sign-in with another provider did not work" })).toBeVisible();
    expect(verifiers).toEqual([]);

    // A state that matches no flow names no sign-in to go back to: the person starts again from the application.
    await page.goto(authorizeUrl(client, { scope: "openid email" }, endpoints));
    await signInUpstream(page, CREATE.id, UPSTREAM.nora);
    const idToken = await tokensAfterConsent(page, client);
    expect(idToken.sub).toBe(localAccountsWithEmail(UPSTREAM.nora.email)[0]!.id);
    expect(verifiers).toHaveLength(1);
  });

  test("a callback replayed into another browser is refused, before and after its own browser used it", async ({
    page,
    browser,
  }) => {
    const client = await openMainLogin(page);
    const unused = captureCallback(page, CREATE.id);
    await signInUpstream(page, CREATE.id, UPSTREAM.nora);
    const unusedUrl = await unused;
    await page.unrouteAll();

    // Another browser (an attacker holding the victim's callback, code unused): refused, nothing accepted.
    const other = await newPage(browser);
    const otherVerifiers = mainLoginVerifiers(other);
    const replayed = await other.goto(unusedUrl);
    expect(replayed!.status()).toBe(400);
    expect(otherVerifiers).toEqual([]);
    await expect(other.getByRole("heading", { name: "An application requests access to your data!" })).toHaveCount(0);

    // Its own browser signs in afresh; that callback, replayed elsewhere after use, is refused as well.
    await page.goto(authorizeUrl(client, { scope: "openid email" }, endpoints));
    const used = page.waitForRequest((request) => request.url().startsWith(`${providerCallback(CREATE.id)}?`));
    await signInUpstream(page, CREATE.id, UPSTREAM.nora);
    const usedUrl = (await used).url();
    const idToken = await tokensAfterConsent(page, client);
    expect(idToken.sub).toBe(localAccountsWithEmail(UPSTREAM.nora.email)[0]!.id);
    const replayedAfterUse = await other.goto(usedUrl);
    expect(replayedAfterUse!.status()).toBe(400);
    expect(otherVerifiers).toEqual([]);
    await other.context().close();
  });

  test("an upstream account with a local account's email and no proof is refused; no link, no second account", async ({
    page,
  }) => {
    const verifiers = mainLoginVerifiers(page);
    const client = await openMainLogin(page);
    await signInUpstream(page, CREATE.id, UPSTREAM.sam);
    // Asked for the local account's password: the upstream's person does not know it.
    await page.waitForURL((url) => url.toString().startsWith(`${mainApp()}/login/link-provider`));
    await expect(page.locator("#email")).toHaveValue(LOCAL.sam.email);
    await page.fill("#password", UPSTREAM.sam.password);
    const refused = page.waitForResponse(
      (response) =>
        response.url().startsWith(`${mainApp()}/login/link-provider`) && response.request().method() === "POST",
    );
    await page.click("#accept");
    expect((await refused).status()).toBe(401);
    await expect(page.getByRole("alert")).toBeVisible();
    expect(verifiers).toEqual([]);
    expect(localAccountsWithEmail(LOCAL.sam.email).map((account) => account.id)).toEqual([LOCAL.sam.id]);
    expect(linkHolders(CREATE.id, UPSTREAM.sam.id)).toEqual([]);

    // No link was made: the next sign-in with that upstream account asks for the password again.
    await openMainLogin(page);
    await signInUpstream(page, CREATE.id, UPSTREAM.sam);
    await page.waitForURL((url) => url.toString().startsWith(`${mainApp()}/login/link-provider`));
    await expect(page.locator("#password")).toBeVisible();
    expect(verifiers).toEqual([]);

    // Sam's own password still signs Sam in, and Sam's account page shows no link to that provider.
    await page.goto(authorizeUrl(client, { scope: "openid email" }, endpoints));
    await logIn(page, LOCAL.sam);
    expect((await tokensAfterConsent(page, client)).sub).toBe(LOCAL.sam.id);
    await openAccountWithPassword(page, LOCAL.sam);
    await expect(page.locator(`[data-provider-link="${CREATE.id}"]`)).toBeVisible();
    await expect(page.locator(`[data-provider-unlink="${CREATE.id}"]`)).toHaveCount(0);
    expect(linkHolders(CREATE.id, UPSTREAM.sam.id)).toEqual([]);
  });

  test("the account page links a provider and removes the link again", async ({ page }) => {
    await openAccountWithPassword(page, LOCAL.rita);
    await expect(page.locator(`[data-provider-unlink="${EXISTING.id}"]`)).toHaveCount(0);
    await page.click(`[data-provider-link="${EXISTING.id}"]`);
    await page.waitForURL((url) => url.toString().startsWith(upstreamApp()));
    await logIn(page, UPSTREAM.rita);
    await page.waitForURL((url) => url.toString().startsWith(`${mainApp()}/account`));
    await expect(page.locator(`[data-provider-unlink="${EXISTING.id}"]`)).toBeVisible();
    expect(linkHolders(EXISTING.id, UPSTREAM.rita.id)).toEqual([LOCAL.rita.id]);
    await page.click("#sign-out");

    // Linked: a sign-in with the partner follows the link with no password of ours.
    const client = await openMainLogin(page);
    await signInUpstream(page, EXISTING.id, UPSTREAM.rita);
    expect((await tokensAfterConsent(page, client)).sub).toBe(LOCAL.rita.id);

    // Removed: the partner's sign-in asks for the local password again.
    await openAccountWithPassword(page, LOCAL.rita);
    await page.click(`[data-provider-unlink="${EXISTING.id}"]`);
    await expect(page.locator(`[data-provider-unlink="${EXISTING.id}"]`)).toHaveCount(0);
    await expect(page.locator(`[data-provider-link="${EXISTING.id}"]`)).toBeVisible();
    expect(linkHolders(EXISTING.id, UPSTREAM.rita.id)).toEqual([]);
    await page.click("#sign-out");
    const after = await openMainLogin(page);
    await signInUpstream(page, EXISTING.id, UPSTREAM.rita);
    await proveLocalAccount(page, LOCAL.rita);
    expect((await tokensAfterConsent(page, after)).sub).toBe(LOCAL.rita.id);
  });
});
