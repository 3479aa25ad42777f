/**
 * The local quickstart: Hydra (in memory), the app and Hydra's own demo OAuth2 client, all on 127.0.0.1.
 * Ctrl-C stops everything it started. Run through `npm run stack`, which builds what is missing first.
 */
import { startProcess, run } from "../e2e/harness/processes.js";
import { startStack } from "../e2e/harness/stack.js";

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ports = {
  app: port("APP_PORT", 3000),
  hydraPublic: port("HYDRA_PUBLIC_PORT", 4444),
  hydraAdmin: port("HYDRA_ADMIN_PORT", 4445),
};
const clientPort = port("CLIENT_PORT", 5555);

const stack = await startStack({
  storage: process.env.HYDRA_STORAGE === "postgres" ? "postgres" : "memory",
  ports,
  appEnv: { NODE_ENV: "development", LOG_LEVEL: process.env.LOG_LEVEL ?? "info" },
});

const created = JSON.parse(
  await run(stack.hydraBin, [
    "create",
    "oauth2-client",
    "--endpoint",
    stack.hydra.adminUrl,
    "--format",
    "json",
    "--name",
    "Demo client",
    "--grant-type",
    "authorization_code,refresh_token",
    "--response-type",
    "code",
    "--scope",
    "openid,offline_access,offline,email,profile",
    "--redirect-uri",
    `http://127.0.0.1:${clientPort}/callback`,
  ]),
) as { client_id: string; client_secret: string };

const client = startProcess(
  "demo-client",
  stack.hydraBin,
  [
    "perform",
    "authorization-code",
    "--client-id",
    created.client_id,
    "--client-secret",
    created.client_secret,
    "--endpoint",
    stack.hydra.publicUrl,
    "--port",
    String(clientPort),
    "--scope",
    "openid,offline_access,email,profile",
    "--no-open",
    "--no-shutdown",
  ],
  { PATH: process.env.PATH, HOME: process.env.HOME },
);

const line = "─".repeat(72);
console.log(`
${line}
  Hydra public   ${stack.hydra.publicUrl}      admin ${stack.hydra.adminUrl}
  Login app      ${stack.app.url}
  Demo client    ${created.client_id}

  Open  http://127.0.0.1:${clientPort}/  and sign in as foo@bar.com / foobar
  Logs: .cache/e2e-logs/{hydra,app,demo-client}.log        Ctrl-C stops everything.
${line}
`);

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log("\nStopping the demo client, the app and Hydra...");
  await client.stop();
  await stack.stop();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
client.child.once("exit", (code) => {
  if (!stopping) {
    console.error(`the demo client exited (${code}); see ${client.logFile}`);
    void shutdown();
  }
});
