import { randomBytes, randomUUID } from "node:crypto";
import { expect, type Page } from "@playwright/test";

function required(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run the e2e tests through Playwright (globalSetup starts the stack)`);
  return value;
}

export const appUrl = () => required("E2E_APP_URL");
export const hydraPublicUrl = () => required("E2E_HYDRA_PUBLIC_URL");
export const hydraAdminUrl = () => required("E2E_HYDRA_ADMIN_URL");
export const callbackUrl = () => required("E2E_CALLBACK_URL");

/** Where a flow runs: the shared stack by default; a spec with its own Hydra passes its own. */
export interface OAuthEndpoints {
  hydraPublicUrl: string;
  hydraAdminUrl: string;
  callbackUrl: string;
}

const sharedStack = (): OAuthEndpoints => ({
  hydraPublicUrl: hydraPublicUrl(),
  hydraAdminUrl: hydraAdminUrl(),
  callbackUrl: callbackUrl(),
});

export interface TestClient {
  client_id: string;
  client_secret: string;
  [key: string]: unknown;
}

/** Registers a fresh OAuth2 client in Hydra, so no test shares remembered sessions with another. */
export async function createClient(
  overrides: Record<string, unknown> = {},
  endpoints: OAuthEndpoints = sharedStack(),
): Promise<TestClient> {
  const secret = randomBytes(16).toString("hex");
  const response = await fetch(`${endpoints.hydraAdminUrl}/admin/clients`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      client_id: `e2e-${randomUUID()}`,
      client_name: "E2E Test App",
      client_secret: secret,
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      scope: "openid offline_access email profile phone address",
      redirect_uris: [endpoints.callbackUrl],
      token_endpoint_auth_method: "client_secret_basic",
      ...overrides,
    }),
  });
  const body = (await response.json()) as TestClient;
  if (response.status !== 201) throw new Error(`creating client failed: ${response.status} ${JSON.stringify(body)}`);
  return { ...body, client_secret: secret };
}

export function authorizeUrl(
  client: TestClient,
  params: Record<string, string> = {},
  endpoints: OAuthEndpoints = sharedStack(),
): string {
  const url = new URL(`${endpoints.hydraPublicUrl}/oauth2/auth`);
  url.search = new URLSearchParams({
    client_id: client.client_id,
    response_type: "code",
    redirect_uri: endpoints.callbackUrl,
    scope: "openid offline_access",
    state: randomBytes(12).toString("hex"),
    nonce: randomBytes(12).toString("hex"),
    ...params,
  }).toString();
  return url.toString();
}

function basicAuth(client: TestClient): string {
  const encode = (value: string) => encodeURIComponent(value);
  return "Basic " + Buffer.from(`${encode(client.client_id)}:${encode(client.client_secret)}`).toString("base64");
}

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  scope: string;
  token_type: string;
}

async function tokenRequest(
  client: TestClient,
  form: Record<string, string>,
  endpoints: OAuthEndpoints = sharedStack(),
): Promise<TokenResponse> {
  const response = await fetch(`${endpoints.hydraPublicUrl}/oauth2/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: basicAuth(client) },
    body: new URLSearchParams(form),
  });
  const body = (await response.json()) as TokenResponse & { error?: string };
  if (!response.ok) throw new Error(`token request failed: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

export const exchangeCode = (client: TestClient, code: string, endpoints: OAuthEndpoints = sharedStack()) =>
  tokenRequest(client, { grant_type: "authorization_code", code, redirect_uri: endpoints.callbackUrl }, endpoints);

export const refreshTokens = (client: TestClient, refreshToken: string) =>
  tokenRequest(client, { grant_type: "refresh_token", refresh_token: refreshToken });

export interface Introspection {
  active: boolean;
  sub?: string;
  scope?: string;
  client_id?: string;
  aud?: string[];
  ext?: Record<string, unknown>;
}

export async function introspect(token: string): Promise<Introspection> {
  const response = await fetch(`${hydraAdminUrl()}/admin/oauth2/introspect`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token }),
  });
  if (!response.ok) throw new Error(`introspection failed: ${response.status}`);
  return (await response.json()) as Introspection;
}

export function decodeJwt(token: string): Record<string, unknown> {
  const payload = token.split(".")[1];
  if (payload === undefined) throw new Error("not a JWT");
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
}

/** The query of the callback the browser landed on. */
export async function waitForCallback(page: Page): Promise<URLSearchParams> {
  await page.waitForURL((url) => url.toString().startsWith(callbackUrl()));
  return new URL(page.url()).searchParams;
}

export async function codeFromCallback(page: Page): Promise<string> {
  const params = await waitForCallback(page);
  expect(params.get("error"), `callback error: ${params.get("error_description")}`).toBeNull();
  const code = params.get("code");
  expect(code).toBeTruthy();
  return code!;
}

export const DEMO = { email: "foo@bar.com", password: "foobar" } as const;

export async function logIn(
  page: Page,
  options: { email?: string; password?: string; remember?: boolean } = {},
): Promise<void> {
  await expect(page.getByRole("heading", { name: "Please log in" })).toBeVisible();
  await page.fill("#email", options.email ?? DEMO.email);
  await page.fill("#password", options.password ?? DEMO.password);
  if (options.remember) await page.check("#remember");
  await page.click("#accept");
}

export async function giveConsent(page: Page, options: { scopes: string[]; remember?: boolean }): Promise<void> {
  await expect(page.getByRole("heading", { name: "An application requests access to your data!" })).toBeVisible();
  for (const scope of options.scopes) await page.check(`#${scope}`);
  if (options.remember) await page.check("#remember");
  await page.click("#accept");
}
