import { writeFileSync } from "node:fs";
import path from "node:path";
import request from "supertest";
import YAML from "yaml";
import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/http/logging.js";
import { mfaSecretBox } from "../../src/identity/factors/keys.js";
import { newTotpSecret, totpStep } from "../../src/identity/factors/totp.js";
import { hashPassword } from "../../src/identity/passwords.js";
import { UsersFileStore } from "../../src/identity/users-file.js";
import type { OAuth2LoginRequest } from "../../src/hydra.js";
import { SECRET } from "../support/app-under-test.js";
import { fakeHydra } from "../support/fake-hydra.js";
import { csrfTokenOf } from "../support/forms.js";
import { startOidcIssuer } from "../support/oidc-issuer.js";
import { usersFileIn } from "../support/users-file.js";

export const CLIENT = { id: "our-client", secret: "upstream-client-secret-1" };
export const LOCAL_PASSWORD = "local-password-1";
export const BASE_URL = "http://127.0.0.1:3999";

/**
 * Our app (its users in a real users file) on the fake Hydra, with one identity provider: a real OpenID Connect
 * issuer on 127.0.0.1 (support/oidc-issuer.ts), and REGISTRATION=open (`env` may turn it off). Accounts: local@corp.example (password), totp@corp.example
 * (password + authenticator app), gone@corp.example (disabled).
 */
export async function federation(
  provider: Record<string, unknown> = {},
  options: {
    loginRequest?: Partial<OAuth2LoginRequest>;
    env?: Record<string, string>;
    signInStores?: Parameters<typeof createApp>[1]["signInStores"];
    logger?: Parameters<typeof createApp>[1]["logger"];
  } = {},
) {
  const issuer = await startOidcIssuer(CLIENT);
  const hash = await hashPassword(LOCAL_PASSWORD);
  const totpSecret = newTotpSecret();
  const box = mfaSecretBox(undefined, SECRET);
  const { dir, file } = usersFileIn(
    "users.yaml",
    YAML.stringify([
      { id: "u-local", email: "local@corp.example", email_verified: true, password_hash: hash },
      {
        id: "u-totp",
        email: "totp@corp.example",
        email_verified: true,
        password_hash: hash,
        totp: {
          sealed_secret: box.seal(totpSecret),
          confirmed_at: new Date().toISOString(),
          last_used_step: totpStep() - 5,
        },
      },
      { id: "u-gone", email: "gone@corp.example", password_hash: hash, disabled: true },
    ]),
  );
  const providersFile = path.join(dir, "providers.yaml");
  writeFileSync(
    providersFile,
    YAML.stringify([
      {
        id: "corp",
        name: "Corp SSO",
        issuer: issuer.issuer,
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
        link: "create",
        ...provider,
      },
    ]),
  );
  const users = new UsersFileStore(file, createLogger("silent"), { watch: false });
  const base = fakeHydra();
  const hydra = {
    ...base,
    getLoginRequest: async (challenge: string) => ({
      ...(await base.getLoginRequest(challenge)),
      ...options.loginRequest,
    }),
  };
  const config = loadConfig({
    NODE_ENV: "test",
    SESSION_SECRET: SECRET,
    LOGIN_FAILURE_DELAY_MS: "0",
    BASE_URL,
    UPSTREAM_PROVIDERS_FILE: providersFile,
    // `link: create` makes accounts only where sign-up is open (which needs mail and a users file).
    REGISTRATION: "open",
    SMTP_URL: "smtp://127.0.0.1:1",
    USERS_FILE: file,
    ...options.env,
  });
  // Notices go to a stand-in mailer: what would have been sent is kept.
  const sent: Array<{ to: string; what: unknown }> = [];
  const mailer = {
    baseUrl: BASE_URL,
    close: () => undefined,
    send: async (email: { to: string; params: Record<string, unknown> }) => {
      sent.push({ to: email.to, what: email.params.what });
      return true;
    },
  };
  const app = createApp(config, {
    hydra,
    users,
    logger: options.logger ?? createLogger("silent"),
    accountAdmin: users,
    mailer,
    signInStores: options.signInStores,
  });
  const accepts = () => base.calls.filter((call) => call.operation === "acceptLoginRequest");
  return { app, hydra: base, users, issuer, totpSecret, accepts, sent, close: () => issuer.close() };
}

/** The login page, then the provider's button: the 303 to the provider. */
export async function startAtProvider(agent: request.Agent, challenge: string, fields: Record<string, string> = {}) {
  const page = await agent.get(`/login?login_challenge=${challenge}`).expect(200);
  const facts = /name="facts" value="([^"]+)"/.exec(page.text)?.[1] ?? "";
  return agent
    .post("/login/provider/corp")
    .type("form")
    .send({ _csrf: csrfTokenOf(page.text), challenge, facts, email: "", ...fields });
}

/** A whole trip: our button, the provider (which signs in at once), and the callback URL it sends the browser to. */
export async function callbackFromProvider(agent: request.Agent, challenge: string): Promise<string> {
  const started = await startAtProvider(agent, challenge);
  if (started.status !== 303) throw new Error(`the provider button answered ${started.status}: ${started.text}`);
  const atProvider = await fetch(started.headers.location!, { redirect: "manual" });
  const back = new URL(atProvider.headers.get("location")!);
  if (back.origin !== BASE_URL) throw new Error(`the provider sent the browser to ${back.href}`);
  return back.pathname + back.search;
}
