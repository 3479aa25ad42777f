import type { Express } from "express";
import request from "supertest";
import { expect } from "vitest";
import type { AccountOidc, SignInDemand } from "../../src/account/oidc.js";
import type { AppDeps } from "../../src/app.js";
import { BoundedMemoryStore } from "../../src/http/session-store.js";
import { mfaSecretBox } from "../../src/identity/factors/keys.js";
import { newTotpSecret } from "../../src/identity/factors/totp.js";
import { demoAccount, MemoryUserStore } from "../../src/identity/memory-store.js";
import type { User } from "../../src/identity/user.js";
import { appUnderTest, SECRET } from "../support/app-under-test.js";

export const ACCOUNT_ENV = {
  BASE_URL: "http://login.test",
  HYDRA_PUBLIC_URL: "http://hydra.test",
  ACCOUNT_CLIENT_ID: "account-area",
  ACCOUNT_CLIENT_SECRET: "account-area-secret",
};

/** What the next sign-in at the stand-in Hydra proves: who, how long ago, and with which acr. */
export interface NextSignIn {
  subject: string;
  ageSeconds: number;
  acr: string | undefined;
}

export type FakeOidc = AccountOidc & { finished: number; demands: (SignInDemand | undefined)[]; next: NextSignIn };

/**
 * Stands in for Hydra's public side: each start gets its own state and records what it asked for (max_age,
 * acr_values, prompt); each callback with the right state signs in as `next` says.
 */
export function fakeOidc(): FakeOidc {
  const oidc: FakeOidc = {
    finished: 0,
    demands: [],
    next: { subject: "foo@bar.com", ageSeconds: 0, acr: "1" },
    start: async (demand) => {
      oidc.demands.push(demand);
      const state = `st${oidc.demands.length}`;
      const url = new URL("http://hydra.test/oauth2/auth?client_id=account-area");
      url.searchParams.set("state", state);
      if (demand?.maxAgeSeconds !== undefined) url.searchParams.set("max_age", String(demand.maxAgeSeconds));
      if (demand?.acrValues !== undefined) url.searchParams.set("acr_values", demand.acrValues);
      if (demand?.promptLogin === true) url.searchParams.set("prompt", "login");
      return { url: url.href, pending: { state, nonce: "n", verifier: "v" } };
    },
    finish: async (url, pending) => {
      if (url.searchParams.get("state") !== pending.state) throw new Error("state mismatch");
      expect(url.origin).toBe("http://login.test");
      oidc.finished += 1;
      return {
        subject: oidc.next.subject,
        idToken: "id-token",
        authTime: Math.floor(Date.now() / 1000) - oidc.next.ageSeconds,
        acr: oidc.next.acr,
      };
    },
    endSessionUrl: async (idToken) => `http://hydra.test/oauth2/sessions/logout?id_token_hint=${idToken}`,
  };
  return oidc;
}

/** A user store whose accounts can be disabled or removed while someone is signed in. */
export class SwitchableUserStore extends MemoryUserStore {
  readonly disabledIds = new Set<string>();
  readonly removedIds = new Set<string>();
  override async findById(id: string): Promise<User | undefined> {
    if (this.removedIds.has(id)) return undefined;
    const user = await super.findById(id);
    return user !== undefined && this.disabledIds.has(id) ? { ...user, disabled: true } : user;
  }
}

/** Turns on an authenticator app for the account, sealed with the key the app under test uses. */
export async function giveTotp(users: MemoryUserStore, userId = "foo@bar.com"): Promise<string> {
  const secret = newTotpSecret();
  await users.setTotp(userId, {
    sealedSecret: mfaSecretBox(undefined, SECRET).seal(secret),
    confirmedAt: new Date().toISOString(),
    lastUsedStep: 0,
  });
  return secret;
}

/** Follows a redirect into the stand-in Hydra back to our callback, as the browser would after signing in. */
export function callbackFor(agent: ReturnType<typeof request.agent>, hydraLocation: string) {
  const state = new URL(hydraLocation).searchParams.get("state");
  return agent.get(`/account/callback?code=abc&state=${state}`);
}

/** An app with the account area on the stand-ins, and the demo account signed in to it. */
export async function accountApp(options: { env?: Record<string, string>; deps?: Partial<AppDeps> } = {}) {
  const users =
    (options.deps?.users as SwitchableUserStore | undefined) ?? new SwitchableUserStore([await demoAccount()]);
  const sessionStore =
    (options.deps?.sessionStore as BoundedMemoryStore | undefined) ??
    new BoundedMemoryStore({ maxSessions: 100, ttlMs: 60_000 });
  const oidc = fakeOidc();
  const { app, hydra } = await appUnderTest(
    { ...ACCOUNT_ENV, ...options.env },
    { ...options.deps, users, sessionStore, accountOidc: oidc },
  );
  return { app, hydra, users, sessionStore, oidc };
}

/** A browser signed in to /account of this app: through the stand-in Hydra and back. */
export async function signInTo(app: Express) {
  const agent = request.agent(app);
  const start = await agent.get("/account").expect(303);
  expect(start.headers.location).toContain("http://hydra.test/oauth2/auth");
  let back = await callbackFor(agent, start.headers.location!);
  // An account with a second factor and a weak first answer is asked once more; the stand-in answers the same.
  if (back.status === 303 && back.headers.location!.startsWith("http://hydra.test/")) {
    back = await callbackFor(agent, back.headers.location!);
  }
  expect(back.status).toBe(303);
  expect(back.headers.location).toBe("/account");
  const page = await agent.get("/account").expect(200);
  return { agent, page };
}
