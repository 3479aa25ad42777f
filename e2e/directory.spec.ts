import { spawnSync } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import {
  LDAP_ADMIN_DN,
  LDAP_ADMIN_PASSWORD,
  LDAP_PEOPLE,
  LDAP_USERS,
  startLdapServer,
  type LdapServer,
} from "../test/support/ldap-server.js";
import { writeUsersFile } from "./harness/fixtures.js";
import { startStack, type Stack } from "./harness/stack.js";
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
} from "./support/oauth.js";

// Accounts from a directory (issue 24) through a real Hydra and a real slapd. The spec has its own directory and its
// own stack (it stops the directory in one test), so the shared stack's workers never notice it. Its tests run in
// order in one worker: one slapd, one Hydra, one app.
test.describe.configure({ mode: "default" });

let ldap: LdapServer;
let stack: Stack;
let endpoints: OAuthEndpoints;

test.beforeAll(async () => {
  test.setTimeout(60_000);
  ldap = await startLdapServer();
  stack = await startStack({
    storage: "memory",
    accountArea: false,
    appEnv: {
      // Development allows plain ldap:// to the throw-away directory (production would refuse it).
      NODE_ENV: "development",
      SESSION_SECRET: "e2e-directory-session-secret-0123456789ab",
      LDAP_URL: ldap.url,
      LDAP_BIND_DN: "cn=reader,dc=example,dc=test",
      LDAP_BIND_PASSWORD: "reader-secret",
      LDAP_USER_BASE: LDAP_PEOPLE,
      LDAP_TIMEOUT_MS: "2000",
      // The local store keeps the directory accounts' second factors; it has no accounts of its own.
      USERS_FILE: await writeUsersFile([]),
    },
  });
  endpoints = {
    hydraPublicUrl: stack.hydra.publicUrl,
    hydraAdminUrl: stack.hydra.adminUrl,
    // The shared callback stand-in answers any client's redirect; it is only a URL for this Hydra.
    callbackUrl: callbackUrl(),
  };
});

test.afterAll(async () => {
  await stack?.stop();
  await ldap?.destroy();
});

/** The entry's entryUUID as the directory itself reports it, read as its manager: the oracle for `sub`. */
function entryUuidOf(dn: string): string {
  const result = spawnSync(
    "ldapsearch",
    ["-x", "-LLL", "-H", ldap.url, "-D", LDAP_ADMIN_DN, "-w", LDAP_ADMIN_PASSWORD, "-s", "base", "-b", dn, "entryUUID"],
    { encoding: "utf8" },
  );
  const uuid = /^entryUUID: (\S+)$/m.exec(result.stdout)?.[1];
  if (result.status !== 0 || uuid === undefined) throw new Error(`no entryUUID for ${dn}: ${result.stderr}`);
  return uuid;
}

/** An accepted login sends the browser back to Hydra with a login_verifier: every such request, as it happens. */
function loginVerifiersSeenBy(page: Page): string[] {
  const verifiers: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("login_verifier=")) verifiers.push(request.url());
  });
  return verifiers;
}

const loginPost = (page: Page) =>
  page.waitForResponse((response) => response.url().endsWith("/login") && response.request().method() === "POST");

test.describe("accounts from an LDAP directory through Hydra", () => {
  test("a directory password signs in; sub is the entryUUID, email the directory's mail", async ({ page }) => {
    const client = await createClient({}, endpoints);
    await page.goto(authorizeUrl(client, { scope: "openid email" }, endpoints));
    const verifiers = loginVerifiersSeenBy(page);
    await logIn(page, { email: LDAP_USERS.bob.email, password: LDAP_USERS.bob.password });
    await giveConsent(page, { scopes: ["openid", "email"] });
    const tokens = await exchangeCode(client, await codeFromCallback(page), endpoints);
    expect(verifiers).toHaveLength(1);
    const idToken = decodeJwt(tokens.id_token!);
    const bobDn = `uid=bob,${LDAP_PEOPLE}`;
    expect(idToken.sub).toBe(entryUuidOf(bobDn));
    expect(idToken.sub).not.toBe(bobDn);
    expect(idToken.sub).not.toBe(LDAP_USERS.bob.email);
    expect(idToken.email).toBe(LDAP_USERS.bob.email);
  });

  test("a wrong directory password: the login page's 401 message, and Hydra accepts nothing", async ({ page }) => {
    const client = await createClient({}, endpoints);
    await page.goto(authorizeUrl(client, { scope: "openid" }, endpoints));
    const verifiers = loginVerifiersSeenBy(page);
    const wrong = loginPost(page);
    await logIn(page, { email: LDAP_USERS.alice.email, password: "not-her-directory-password" });
    expect((await wrong).status()).toBe(401);
    await expect(page.getByRole("alert")).toHaveText("The email or password is not correct. Please try again.");
    await expect(page.locator("#email")).toHaveValue(LDAP_USERS.alice.email);
    // Still the login page of this app: no consent screen, no redirect to the client.
    await expect(page.getByRole("heading", { name: "Please log in" })).toBeVisible();
    expect(page.url().startsWith(stack.appPublicUrl)).toBe(true);
    expect(page.url().startsWith(callbackUrl())).toBe(false);
    expect(verifiers).toEqual([]);
  });

  test("the directory stopped mid-flow: our 503 page with Try again, which works once it is back", async ({ page }) => {
    const client = await createClient({}, endpoints);
    await page.goto(authorizeUrl(client, { scope: "openid" }, endpoints));
    await expect(page.getByRole("heading", { name: "Please log in" })).toBeVisible();
    await ldap.stop();
    try {
      const down = loginPost(page);
      await logIn(page, { email: LDAP_USERS.alice.email, password: LDAP_USERS.alice.password });
      expect((await down).status()).toBe(503);
      await expect(page.getByRole("heading", { name: "The sign-in service is not available" })).toBeVisible();
      await expect(page.getByRole("link", { name: "Try again" })).toBeVisible();
      expect((await fetch(`${stack.app.url}/health/ready`)).status).toBe(503);
    } finally {
      await ldap.start();
    }
    await page.getByRole("link", { name: "Try again" }).click();
    await logIn(page, { email: LDAP_USERS.alice.email, password: LDAP_USERS.alice.password });
    await giveConsent(page, { scopes: ["openid"] });
    const tokens = await exchangeCode(client, await codeFromCallback(page), endpoints);
    expect(decodeJwt(tokens.id_token!).sub).toBe(entryUuidOf(`uid=alice,${LDAP_PEOPLE}`));
  });
});
