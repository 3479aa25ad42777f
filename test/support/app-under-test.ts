import type { Express } from "express";
import { createApp, type AppDeps } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/http/logging.js";
import { demoAccount, MemoryUserStore } from "../../src/identity/memory-store.js";
import { fakeHydra } from "./fake-hydra.js";

export const SECRET = "hardening-tests-session-secret-0123456789";

/** An app on the in-memory Hydra fake with the demo account; env and deps override the defaults. */
export async function appUnderTest(
  env: Record<string, string> = {},
  deps: Partial<AppDeps> = {},
): Promise<{ app: Express; hydra: ReturnType<typeof fakeHydra> }> {
  const hydra = fakeHydra();
  const config = loadConfig({ NODE_ENV: "test", SESSION_SECRET: SECRET, LOGIN_FAILURE_DELAY_MS: "0", ...env });
  const app = createApp(config, {
    hydra,
    users: new MemoryUserStore([await demoAccount()]),
    logger: createLogger("silent"),
    ...deps,
  });
  return { app, hydra };
}
