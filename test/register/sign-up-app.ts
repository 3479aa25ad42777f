import { pino } from "pino";
import request from "supertest";
import type { AppDeps } from "../../src/app.js";
import type { AccountAdmin } from "../../src/identity/account-admin.js";
import type { UserStore } from "../../src/identity/store.js";
import type { User } from "../../src/identity/user.js";
import { UsersFileStore } from "../../src/identity/users-file.js";
import { appUnderTest } from "../support/app-under-test.js";
import { csrfTokenOf } from "../support/forms.js";
import { usersFileIn } from "../support/users-file.js";

/** Email on (the rules want it with REGISTRATION), nothing ever sent: no SMTP server listens there. */
export const SIGN_UP_ENV = {
  REGISTRATION: "open",
  BASE_URL: "http://127.0.0.1:3000",
  SMTP_URL: "smtp://127.0.0.1:9",
  USERS_FILE: "/unused/the-test-passes-its-own-store",
  // Sign-ups from many addresses at once are told apart by X-Forwarded-For.
  TRUST_PROXY: "true",
};

export const STRONG = "violet-harbour-lantern-42";

/** A store both the app and the test read: a users file, or PostgreSQL (the same object serves both roles). */
export type AdminStore = UserStore & AccountAdmin;

export function usersFileStore(): UsersFileStore {
  const { file } = usersFileIn("users.json", "[]");
  return new UsersFileStore(file, pino({ level: "silent" }));
}

/** The app on the Hydra fake, signing up into `store`; verification sends and audit lines are recorded. */
export async function signUpApp(store: AdminStore, env: Record<string, string> = {}, deps: Partial<AppDeps> = {}) {
  const sent: Array<{ user: User; lang: string }> = [];
  /** Every other email the app sends (sign-up must send none: the verification link goes through `sent`). */
  const mailed: unknown[] = [];
  const lines: string[] = [];
  const { app, hydra } = await appUnderTest(
    { ...SIGN_UP_ENV, ...env },
    {
      users: store,
      accountAdmin: store,
      sendVerification: async (user, lang) => {
        sent.push({ user, lang });
      },
      logger: pino({ level: "info" }, { write: (line: string) => lines.push(line) }),
      mailer: {
        baseUrl: SIGN_UP_ENV.BASE_URL,
        send: async (email) => {
          mailed.push(email);
          return true;
        },
        close: () => undefined,
      },
      ...deps,
    },
  );
  const audit = () =>
    lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.audit !== undefined);
  return { app, hydra, sent, mailed, audit };
}

export interface SignUpForm {
  email: string;
  name?: string;
  password?: string;
  password_repeat?: string;
}

/** Opens /register (with the challenge, when given) in a fresh browser and posts the form from it. */
export async function signUp(
  app: Parameters<typeof request.agent>[0],
  form: SignUpForm,
  options: { challenge?: string; ip?: string } = {},
) {
  const agent = request.agent(app);
  const query = options.challenge === undefined ? "" : `?login_challenge=${options.challenge}`;
  const page = await agent.get(`/register${query}`).set("X-Forwarded-For", options.ip ?? "198.51.100.7");
  if (page.status !== 200) throw new Error(`GET /register answered ${page.status}`);
  const facts = /name="facts" value="([^"]+)"/.exec(page.text)?.[1];
  return agent
    .post("/register")
    .set("X-Forwarded-For", options.ip ?? "198.51.100.7")
    .type("form")
    .send({
      _csrf: csrfTokenOf(page.text),
      ...(options.challenge === undefined ? {} : { challenge: options.challenge }),
      ...(facts === undefined ? {} : { facts }),
      password: STRONG,
      password_repeat: form.password ?? STRONG,
      ...form,
    });
}
