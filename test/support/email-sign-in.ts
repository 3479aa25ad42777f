import request from "supertest";
import { createApp, type AppDeps } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/http/logging.js";
import { demoAccount, MemoryUserStore } from "../../src/identity/memory-store.js";
import { hashPassword } from "../../src/identity/passwords.js";
import type { UserWithPassword } from "../../src/identity/user.js";
import { fakeHydra } from "./fake-hydra.js";
import { csrfTokenOf } from "./forms.js";
import type { MailpitClient } from "./mailpit.js";

export const SECRET = "email-sign-in-tests-session-secret-01234";

/** An account beside the demo one (foo@bar.com), German-speaking, that tests may disable. */
export async function ada(overrides: Partial<UserWithPassword> = {}): Promise<UserWithPassword> {
  return {
    id: "ada",
    email: "ada@example.com",
    emailVerified: true,
    profile: { locale: "de" },
    disabled: false,
    passwordHash: await hashPassword("ada-original-password-1815"),
    ...overrides,
  };
}

/** The app with EMAIL_SIGN_IN on, sending through a real Mailpit, on the in-memory Hydra fake. */
export async function emailSignInApp(
  smtpUrl: string,
  options: { env?: Record<string, string>; users?: UserWithPassword[]; deps?: Partial<AppDeps> } = {},
) {
  const hydra = fakeHydra();
  const config = loadConfig({
    NODE_ENV: "test",
    SESSION_SECRET: SECRET,
    LOGIN_FAILURE_DELAY_MS: "0",
    BASE_URL: "http://127.0.0.1:3000",
    SMTP_URL: smtpUrl,
    MAIL_FROM: "sign-in@example.test",
    SMTP_TIMEOUT_MS: "2000",
    EMAIL_SIGN_IN: "true",
    ...options.env,
  });
  const users = new MemoryUserStore([await demoAccount(), ...(options.users ?? [await ada()])]);
  const app = createApp(config, { hydra, users, logger: createLogger("silent"), ...options.deps });
  return { app, hydra, users };
}

/** The login page's "Email me a sign-in code", as a browser posts it (the whole login form, to /login/email). */
export async function askForCode(agent: request.Agent, email: string, challenge: string, extra = {}) {
  const login = await agent.get(`/login?login_challenge=${challenge}`).expect(200);
  const facts = /name="facts" value="([^"]+)"/.exec(login.text)?.[1];
  return agent
    .post("/login/email")
    .type("form")
    .send({ _csrf: csrfTokenOf(login.text), challenge, facts, email, password: "", ...extra });
}

/** Types a code on the code page (`page` is that page, for its CSRF token). */
export function postCode(agent: request.Agent, page: string, challenge: string, code: string) {
  return agent
    .post("/login/email/code")
    .type("form")
    .send({ _csrf: csrfTokenOf(page), challenge, code });
}

/** The code and the link path of the newest sign-in email to an address. */
export async function codeIn(mailpit: MailpitClient, to: string, count = 1): Promise<{ code: string; link: string }> {
  await mailpit.waitFor(to, count);
  const newest = (await mailpit.messagesTo(to))[0]!;
  const message = await mailpit.message(newest.ID);
  const code = /^(\d{6})$/m.exec(message.Text)?.[1];
  const link = /https?:\/\/[^/\s]+(\/login\/email\/[A-Za-z0-9_-]{43})/.exec(message.Text)?.[1];
  if (code === undefined || link === undefined) throw new Error(`no code or link in:\n${message.Text}`);
  return { code, link };
}

/** A wrong code for `code`: the same length, another value. */
export const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

export const acceptsOf = (hydra: ReturnType<typeof fakeHydra>) =>
  hydra.calls.filter((call) => call.operation === "acceptLoginRequest");
