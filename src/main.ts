import type { Server } from "node:http";
import { createApp } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import { createHydraAdmin } from "./hydra.js";
import { createLogger } from "./http/logging.js";
import { demoAccount, MemoryUserStore } from "./identity/memory-store.js";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  for (const warning of config.warnings) logger.warn(warning);

  const hydra = createHydraAdmin(config.hydra);
  const users = new MemoryUserStore(config.demoAccount ? [await demoAccount()] : []);
  if (!config.demoAccount) logger.warn("no user store is configured and the demo account is off: nobody can sign in");

  const app = createApp(config, { hydra, users, logger });
  const server: Server = app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : config.port;
    logger.info(
      { host: config.host, port, env: config.env, hydraAdmin: config.hydra.adminUrl },
      `listening on http://${config.host}:${port}`,
    );
  });
  server.keepAliveTimeout = 65_000;

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: finishing requests in flight");
    const force = setTimeout(() => {
      logger.error("requests still running after 10 s: exiting anyway");
      process.exit(1);
    }, 10_000);
    force.unref();
    server.close(async () => {
      hydra.close();
      await users.close();
      logger.info("stopped");
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

void main();
