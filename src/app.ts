import path from "node:path";
import { fileURLToPath } from "node:url";
import csurf from "csurf";
import express, { type Express, type RequestHandler } from "express";
import type session from "express-session";
import type { Logger } from "pino";
import type { Config } from "./config.js";
import { AppError } from "./errors.js";
import { consentRoutes } from "./flows/consent.js";
import { deviceRoutes } from "./flows/device.js";
import { errorPageRoutes } from "./flows/error.js";
import { loginRoutes } from "./flows/login.js";
import { logoutRoutes } from "./flows/logout.js";
import type { FlowDeps } from "./flows/deps.js";
import type { HydraAdmin } from "./hydra.js";
import { errorHandler, notFoundHandler } from "./http/error-handler.js";
import { requestLogger } from "./http/logging.js";
import { createRenderer } from "./http/render.js";
import { noStore, securityHeaders } from "./http/security.js";
import { sessionMiddleware } from "./http/session.js";
import { createLoginThrottle, type LoginThrottle } from "./identity/login-throttle.js";
import type { UserStore } from "./identity/store.js";
import { createAudit } from "./observability/audit.js";
import { createMetrics, metricsHandler, type Metrics } from "./observability/metrics.js";

export interface AppDeps {
  hydra: HydraAdmin;
  users: UserStore;
  logger: Logger;
  /** express-session store; memory when absent (one instance only). */
  sessionStore?: session.Store;
  /** Failed sign-in counters; in memory from the config when absent. */
  throttle?: LoginThrottle;
  metrics?: Metrics;
  /** Extra readiness checks beside Hydra's (Redis, the user database), by name. */
  readiness?: Record<string, () => Promise<boolean>>;
  /** Serve /metrics on the app's own port (false when main serves it on METRICS_PORT). */
  serveMetrics?: boolean;
}

/** The project folder, from src/ (tsx, vitest) and from dist/src/ (the build) alike. */
function findRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.basename(path.dirname(here)) === "dist" ? path.resolve(here, "../..") : path.resolve(here, "..");
}

const FLOW_PATHS = ["/login", "/consent", "/logout", "/device", "/error"];

const methodNotAllowed: RequestHandler = (req, _res, next) => {
  const flow = FLOW_PATHS.some((prefix) => req.path === prefix || req.path.startsWith(`${prefix}/`));
  if (flow && req.method !== "GET" && req.method !== "HEAD" && req.method !== "POST") {
    next(
      new AppError({
        status: 405,
        titleKey: "error.method.title",
        detailKey: "error.method.detail",
        message: `${req.method} not allowed`,
      }),
    );
    return;
  }
  next();
};

/** Builds the whole app without listening, so tests can mount it directly. */
export function createApp(config: Config, deps: AppDeps): Express {
  const root = findRoot();
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", config.trustProxy);
  app.set("query parser", "simple"); // repeated parameters become arrays, brackets stay literal

  const render = createRenderer(path.join(root, "views"), { watch: config.env === "development" });
  const metrics = deps.metrics ?? createMetrics({ processMetrics: false });
  const flowDeps: FlowDeps = {
    config,
    hydra: deps.hydra,
    users: deps.users,
    render,
    audit: createAudit(deps.logger, metrics),
    throttle: deps.throttle ?? createLoginThrottle(config.bruteForce),
    metrics,
  };
  const readiness: Record<string, () => Promise<boolean>> = {
    hydra: () => deps.hydra.isReachable(),
    ...deps.readiness,
  };

  app.use(requestLogger(deps.logger));
  app.use(securityHeaders({ hsts: config.secureCookies }));
  app.use("/public", express.static(path.join(root, "public"), { maxAge: "1d", index: false, fallthrough: false }));

  app.get("/health/alive", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/health/ready", async (_req, res) => {
    const names = Object.keys(readiness);
    const results = await Promise.all(names.map((name) => readiness[name]!().catch(() => false)));
    const checks = Object.fromEntries(names.map((name, index) => [name, results[index]]));
    const ready = results.every(Boolean);
    res.status(ready ? 200 : 503).json({ status: ready ? "ok" : "unavailable", checks });
  });
  if (deps.serveMetrics !== false) app.get("/metrics", metricsHandler(metrics));

  app.use(noStore);
  app.use(methodNotAllowed);
  app.use(express.urlencoded({ extended: false, limit: "32kb", parameterLimit: 100 }));
  app.use(
    sessionMiddleware({ secrets: config.sessionSecrets, secure: config.secureCookies, store: deps.sessionStore }),
  );
  const csrf = csurf({ cookie: false });

  app.get("/", (_req, res) => render(res, 200, "index"));
  app.use(loginRoutes(flowDeps, csrf));
  app.use(consentRoutes(flowDeps, csrf));
  app.use(logoutRoutes(flowDeps, csrf));
  app.use(deviceRoutes(flowDeps, csrf));
  app.use(errorPageRoutes(flowDeps));

  app.use(notFoundHandler);
  app.use(errorHandler({ render, logger: deps.logger, showStack: config.env === "development" }));
  return app;
}
