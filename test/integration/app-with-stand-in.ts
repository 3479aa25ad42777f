import type { Express } from "express";
import request from "supertest";
import { createApp, type AppDeps } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createHydraAdmin } from "../../src/hydra.js";
import { createLogger } from "../../src/http/logging.js";
import { demoAccount, MemoryUserStore } from "../../src/identity/memory-store.js";
import { csrfTokenOf } from "../support/forms.js";
import { HydraAdminStandIn } from "../support/hydra-admin-stand-in.js";

export interface Harness {
  app: Express;
  hydra: HydraAdminStandIn;
  close(): Promise<void>;
}

/**
 * The real app and the real admin client, talking HTTP to a stand-in of Hydra's admin API; `deps` replaces the
 * demo-account store or the silent logger.
 */
export async function appWithStandIn(
  env: Record<string, string> = {},
  deps: Partial<Pick<AppDeps, "users" | "logger">> = {},
): Promise<Harness> {
  const hydra = await new HydraAdminStandIn().start();
  const config = loadConfig({
    NODE_ENV: "test",
    SESSION_SECRET: "integration-tests-session-secret-0123456789",
    HYDRA_ADMIN_URL: hydra.url,
    HYDRA_TIMEOUT_MS: "500",
    LOGIN_FAILURE_DELAY_MS: "0",
    ...env,
  });
  const admin = createHydraAdmin(config.hydra);
  const app = createApp(config, {
    hydra: admin,
    users: new MemoryUserStore([await demoAccount()]),
    logger: createLogger("silent"),
    ...deps,
  });
  return {
    app,
    hydra,
    close: async () => {
      admin.close();
      await hydra.stop();
    },
  };
}

/** GETs a page with an agent (cookies kept) and returns its CSRF token. */
export async function formToken(agent: request.Agent, url: string): Promise<string> {
  const page = await agent.get(url);
  if (page.status !== 200) throw new Error(`GET ${url} answered ${page.status}`);
  return csrfTokenOf(page.text);
}
