import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../e2e/harness/processes.js";
import { startStack } from "../../e2e/harness/stack.js";
import { createHydraAdmin, type HydraAdmin } from "../../src/hydra.js";
import { hashPassword } from "../../src/identity/passwords.js";
import { CookieJar, send } from "../http.js";
import { runEach } from "../stats.js";
import { expectRedirect, type Flow } from "./flows.js";
import { ask, forkChild } from "./processes.js";
import { CALLBACK, LIGHT_EMAIL, lightHash, LOG_LEVEL, WORKERS } from "./settings.js";

/** Everything the stages share: the stack, the bench's own processes, a client at Hydra, ways to start flows. */
export type Bench = Awaited<ReturnType<typeof startBench>>;

/**
 * Writes the users file (one account with the app's hash, one with the light hash), starts PostgreSQL, Hydra and
 * the app (production mode, metrics on their own port), forks the floor server and the admin/password child, and
 * registers a client at Hydra. `stop()` ends them all; a failure here ends what was already started.
 */
export async function startBench() {
  const usersFile = path.join(os.tmpdir(), `bench-users-${process.pid}.json`);
  const appHash = await hashPassword("bench-password");
  const lightAccountHash = await lightHash("bench-password");
  writeFileSync(
    usersFile,
    JSON.stringify([
      {
        id: "bench-user-1",
        email: "bench@example.test",
        email_verified: true,
        password_hash: appHash,
        claims: { name: "Bench User" },
      },
      {
        id: "bench-user-light",
        email: LIGHT_EMAIL,
        email_verified: true,
        password_hash: lightAccountHash,
        claims: { name: "Bench User (light hash)" },
      },
    ]),
  );
  const metricsPort = await freePort();
  const stack = await startStack({
    storage: "postgres",
    // Production refuses a plain-http Hydra for the account area; the bench measures the flows without it.
    accountArea: false,
    appEnv: {
      NODE_ENV: "production",
      SESSION_SECRET: randomBytes(32).toString("hex"),
      LOG_LEVEL,
      USERS_FILE: usersFile,
      // /metrics on a port of its own: production no longer serves it on the app port without a token.
      METRICS_PORT: String(metricsPort),
      // Every virtual user signs in as the same account, many at once: the bench measures cost, not the limits
      // (which refuse more than 10 checks in flight for one account).
      LOGIN_MAX_FAILURES_PER_ACCOUNT: "1000",
      LOGIN_MAX_FAILURES_PER_IP: "100000",
    },
    // BENCH_PROFILE=dir writes a CPU profile of the app there (open it in Chrome's DevTools).
    // BENCH_NODE_ARGS adds node flags to the app, to try V8 settings.
    appNodeArgs: [
      ...(process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
      ...(process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
    ],
  });
  const loadAverageAtStart = os.loadavg()[0] ?? NaN;
  const floorServer = forkChild("floor-server.ts");
  const child = forkChild("child.ts");
  try {
    const floorInfo = await ask<{ port: number; bytes: number }>(floorServer);
    const floorUrl = `http://127.0.0.1:${floorInfo.port}/`;
    const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    const appPid = stack.app.process.child.pid!;
    const clientSecret = randomBytes(16).toString("hex");
    const created = await fetch(`${stack.hydra.adminUrl}/admin/clients`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        client_secret: clientSecret,
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        scope: "openid offline_access email profile",
        redirect_uris: [CALLBACK],
      }),
    });
    const client = (await created.json()) as { client_id: string };
    const hydra: HydraAdmin & { close(): void } = createHydraAdmin({
      adminUrl: stack.hydra.adminUrl,
      timeoutMs: 10_000,
    });
    const authUrl = () =>
      `${stack.hydra.publicUrl}/oauth2/auth?${new URLSearchParams({
        client_id: client.client_id,
        response_type: "code",
        redirect_uri: CALLBACK,
        scope: "openid offline_access",
        state: randomBytes(8).toString("hex"),
      })}`;
    const prepare = async <T>(what: string, items: readonly T[], step: (item: T) => Promise<void>) => {
      const run = await runEach(WORKERS, items, step);
      if (run.errors.length > 0) console.warn(`${what}: ${run.errors.length} failed (first: ${run.errors[0]})`);
      return run.errors.length;
    };
    const newFlows = async (howMany: number): Promise<Flow[]> => {
      const flows: Flow[] = Array.from({ length: howMany }, () => ({ jar: new CookieJar(), loginUrl: "" }));
      await prepare("starting flows at Hydra", flows, async (flow) => {
        flow.loginUrl = expectRedirect(await send(flow.jar, authUrl()), "/login?");
      });
      return flows;
    };
    const stop = async () => {
      floorServer.disconnect();
      child.disconnect();
      await stack.stop();
    };
    return {
      stack,
      floorServer,
      child,
      floorInfo,
      floorUrl,
      metricsUrl,
      appPid,
      hydra,
      authUrl,
      prepare,
      newFlows,
      appHash,
      lightAccountHash,
      loadAverageAtStart,
      stop,
    };
  } catch (error) {
    floorServer.disconnect();
    child.disconnect();
    await stack.stop();
    throw error;
  }
}
