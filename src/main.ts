import http, { type Server } from "node:http";
import type { RedisClientType } from "redis";
import { createApp } from "./app.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { createHydraAdmin } from "./hydra.js";
import { createLogger } from "./http/logging.js";
import { createHttpServer } from "./http/server.js";
import { createUserStore } from "./identity/create-store.js";
import { prepareDummyHash } from "./identity/passwords.js";
import { createMetrics, metricsServerHandler } from "./observability/metrics.js";

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

function listen(server: Server, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  for (const warning of config.warnings) logger.warn(warning);

  const metrics = createMetrics({ processMetrics: true });
  const hydra = createHydraAdmin({
    ...config.hydra,
    onCall: (operation, seconds, outcome) => metrics.hydraCalls.observe({ operation, outcome }, seconds),
  });
  const accounts = await createUserStore(config, logger);
  const users = accounts.store;
  logger.info({ accounts: accounts.describe }, "user store ready");
  for (const provider of config.upstreamProviders) {
    // What to register at each provider; never its secret.
    logger.info(
      { provider: provider.id, issuer: provider.issuer, link: provider.link, redirectUri: provider.redirectUri },
      `identity provider ${provider.id}: register the redirect URI ${provider.redirectUri}`,
    );
  }
  if (config.env === "production" && config.mfa.encryptionKey === undefined && (await users.anyFactors())) {
    process.stderr.write(
      "Invalid configuration:\n  - MFA_ENCRYPTION_KEY: required in production once any account has a second factor\n",
    );
    process.exit(78);
  }

  let redis: RedisClientType | undefined;
  let sessionStore: ReturnType<typeof import("./redis.js").redisSessionStore> | undefined;
  let signInStores: Parameters<typeof createApp>[1]["signInStores"];
  const readiness: Record<string, () => Promise<boolean>> = {};
  if (accounts.isReady !== undefined)
    readiness[config.ldap.url === undefined ? "users" : "directory"] = accounts.isReady;
  if (config.redisUrl !== undefined) {
    // Loaded only when configured: the redis client's modules weigh about 20 MB of memory.
    const { connectRedis, redisIsReady, redisSessionStore } = await import("./redis.js");
    const { redisSignInStores } = await import("./sign-in/stores.js");
    const client = await connectRedis(config.redisUrl, logger);
    redis = client;
    readiness.redis = () => redisIsReady(client);
    sessionStore = redisSessionStore(client);
    signInStores = await redisSignInStores(client);
  }

  const app = createApp(config, {
    hydra,
    users,
    logger,
    metrics,
    readiness,
    sessionStore,
    signInStores,
    redis,
    accountAdmin: accounts.admin,
  });
  // The first unknown email must cost what every other one does: no lazily made dummy hash.
  await prepareDummyHash();
  const server = await listen(createHttpServer(app), config.port, config.host);
  server.keepAliveTimeout = 65_000;
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : config.port;
  logger.info(
    { host: config.host, port, env: config.env, hydraAdmin: config.hydra.adminUrl },
    `listening on http://${config.host}:${port}`,
  );

  let metricsServer: Server | undefined;
  if (config.metricsPort !== undefined) {
    metricsServer = await listen(http.createServer(metricsServerHandler(metrics)), config.metricsPort, config.host);
    logger.info({ port: config.metricsPort }, "metrics on their own port");
  }

  let stopping = false;
  /** Logging must never stand in the way of stopping (a closed stdout makes every write throw). */
  const tryLog = (write: () => void) => {
    try {
      write();
    } catch {
      // nothing to do: the log sink is gone
    }
  };
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => {
      tryLog(() => logger.error("requests still running after 10 s: exiting anyway"));
      process.exit(1);
    }, 10_000);
    force.unref();
    tryLog(() => logger.info({ signal }, "shutting down: finishing requests in flight"));
    metricsServer?.close();
    server.close(async () => {
      hydra.close();
      await users.close().catch(() => undefined);
      await redis?.quit().catch(() => undefined);
      tryLog(() => logger.info("stopped"));
      process.exit(0);
    });
    // Keep-alive connections turn idle once their request ends: close them as they do.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    sweep.unref();
    server.closeIdleConnections();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  process.stderr.write(`failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
