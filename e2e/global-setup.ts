import type { FullConfig } from "@playwright/test";
import { startCallbackServer, writeUsersFile } from "./harness/fixtures.js";
import { startStack } from "./harness/stack.js";
import { startMailpit } from "../test/support/mailpit.js";
import { mailpitBinary } from "./harness/mailpit.js";

export const TRUSTED_CLIENT_ID = "e2e-trusted-client";
/** A second account whose stable id differs from its email, to prove the subject is the id. */
export const ADA = {
  id: "0f6c1d2e-5b7a-4c39-8e21-9d4b7a6c3e10",
  email: "ada@example.test",
  password: "analytical-engine",
};

/** Accounts of the account-area tests, one per test so that parallel workers never share a remembered login. */
export const ACCOUNT_PEOPLE = {
  a11y: { id: "e2e-alan", email: "alan@example.test", password: "alan-password-2026" },
  totp: { id: "e2e-katherine", email: "katherine@example.test", password: "katherine-password-2026" },
  stepUp: { id: "e2e-dorothy", email: "dorothy@example.test", password: "dorothy-password-2026" },
  passkey: { id: "e2e-radia", email: "radia@example.test", password: "radia-password-2026" },
  signIn: { id: "e2e-ida", email: "ida@example.test", password: "ida-password-2026" },
  revoke: { id: "e2e-lin", email: "lin@example.test", password: "lin-password-2026" },
  everywhere: { id: "e2e-hopper", email: "hopper@example.test", password: "hopper-password-2026" },
  password: { id: "e2e-grace", email: "grace@example.test", password: "grace-password-2026" },
  keyboard: { id: "e2e-barbara", email: "barbara@example.test", password: "barbara-password-2026" },
  a11yFactor: { id: "e2e-frances", email: "frances@example.test", password: "frances-password-2026" },
  // e2e/account-reauth.spec.ts: sessions ended elsewhere, a sign-in too old to change factors, reloads.
  endedElsewhere: { id: "e2e-mary", email: "mary@example.test", password: "mary-password-2026" },
  oldSignIn: { id: "e2e-edith", email: "edith@example.test", password: "edith-password-2026" },
  reloads: { id: "e2e-annie", email: "annie@example.test", password: "annie-password-2026" },
  passkeyReplay: { id: "e2e-jemison", email: "jemison@example.test", password: "jemison-password-2026" },
  // e2e/recovery.spec.ts: forgot password through a real mail server.
  recovery: { id: "e2e-joan", email: "joan@example.test", password: "joan-password-2026" },
  // e2e/recovery.spec.ts: an authenticator app still asked for after a reset.
  recoveryTotp: { id: "e2e-sophie", email: "sophie@example.test", password: "sophie-password-2026" },
  // e2e/email-sign-in.spec.ts: sign in with a code sent by email.
  emailSignIn: { id: "e2e-hedy", email: "hedy@example.test", password: "hedy-password-2026" },
  // e2e/verify.spec.ts: an address proved by an emailed link.
  verify: { id: "e2e-iris", email: "iris@example.test", password: "iris-password-2026", emailVerified: false },
} as const;

/** The accounts the e2e app signs in against, in a real users file. foo@bar.com keeps the demo's id and claims. */
const writeE2eUsersFile = () =>
  writeUsersFile([
    {
      id: "foo@bar.com",
      email: "foo@bar.com",
      password: "foobar",
      claims: { name: "Foo Bar", given_name: "Foo", family_name: "Bar", preferred_username: "foo", locale: "en" },
    },
    {
      ...ADA,
      emailVerified: false,
      claims: {
        name: "Ada Lovelace",
        phone_number: "+44 20 7946 0000",
        address: { country: "GB", locality: "London" },
      },
    },
    // Some tests share an account (passkeyReplay and endedElsewhere are both e2e-mary): each id is written once.
    ...new Map(Object.values(ACCOUNT_PEOPLE).map((person) => [person.id, person])).values(),
  ]);

export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  // Parallel workers mean concurrent flows, which Hydra's in-memory store cannot take.
  const storage = process.env.E2E_HYDRA_STORAGE === "memory" ? "memory" : "postgres";
  // A real mail catcher: the app's emails (forgot password, notices) are read through its API.
  const mailpit = await startMailpit({ bin: mailpitBinary() });
  const usersFile = await writeE2eUsersFile();
  // A stack that fails to start must not leave the mail catcher behind.
  const stack = await startStack({
    storage,
    appEnv: {
      NODE_ENV: "development",
      TRUSTED_CLIENT_IDS: TRUSTED_CLIENT_ID,
      SESSION_SECRET: "e2e-session-secret-e2e-session-secret-0123",
      // Short, so that the test of an account sign-in older than the limit waits seconds, not minutes.
      ACCOUNT_REAUTH_AFTER: "30",
      LOG_LEVEL: "info",
      USERS_FILE: usersFile,
      // The operator's brand, as a deployment would set it: e2e/brand.spec.ts checks it, axe checks its contrast.
      BRAND_NAME: "Example Corp",
      BRAND_PRIMARY_COLOR: "#0b6e4f",
      BRAND_LOGO_URL: "/public/favicon.svg",
      BRAND_PRIVACY_URL: "https://example.test/privacy",
      BRAND_HELP_URL: "https://example.test/help",
      SMTP_URL: mailpit.smtpUrl,
      EMAIL_SIGN_IN: "true",
    },
  }).catch(async (error: unknown) => {
    await mailpit.stop();
    throw error;
  });
  const callback = await startCallbackServer();
  process.env.E2E_APP_URL = stack.appPublicUrl;
  process.env.E2E_HYDRA_PUBLIC_URL = stack.hydra.publicUrl;
  process.env.E2E_HYDRA_ADMIN_URL = stack.hydra.adminUrl;
  process.env.E2E_CALLBACK_URL = callback.url;
  process.env.E2E_ACCOUNT_REAUTH_AFTER = "30";
  process.env.E2E_HYDRA_STORAGE_IN_USE = storage;
  process.env.E2E_MAILPIT_URL = mailpit.apiUrl;
  // For the accounts command run by a test (e2e/verify.spec.ts: an invitation), on the app's own store and mail.
  process.env.E2E_USERS_FILE = usersFile;
  process.env.E2E_SMTP_URL = mailpit.smtpUrl;
  return async () => {
    callback.close();
    await stack.stop();
    await mailpit.stop();
  };
}
