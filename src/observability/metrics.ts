import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestHandler } from "express";
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { ENDPOINTS } from "../routes.js";

/** Prometheus metrics of one app instance; each app gets its own registry so tests do not share counters. */
export interface Metrics {
  registry: Registry;
  flowOutcomes: Counter<"flow" | "outcome">;
  lockouts: Counter<"scope">;
  hydraCalls: Histogram<"operation" | "outcome">;
}

export function createMetrics(options: { processMetrics: boolean }): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    flowOutcomes: new Counter({
      name: "login_consent_flow_outcomes_total",
      help: "Outcomes of sign-in, consent, logout and device steps",
      labelNames: ["flow", "outcome"],
      registers: [registry],
    }),
    lockouts: new Counter({
      name: "login_lockouts_total",
      help: "Sign-ins refused because an account or client IP is locked after repeated failures",
      labelNames: ["scope"],
      registers: [registry],
    }),
    hydraCalls: new Histogram({
      name: "hydra_admin_request_duration_seconds",
      help: "Latency of calls to Hydra's admin API",
      labelNames: ["operation", "outcome"],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  };
}

/** Whether an Authorization header carries the bearer token, compared in constant time. */
function hasBearer(header: string | undefined, token: string): boolean {
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(header ?? "");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** /metrics for a plain node:http server (METRICS_PORT) and for express alike. */
async function writeMetrics(metrics: Metrics, res: ServerResponse): Promise<void> {
  const body = await metrics.registry.metrics();
  res.writeHead(200, { "Content-Type": metrics.registry.contentType, "Cache-Control": "no-store" });
  res.end(body);
}

/** /metrics on the app's port; with a token, only for a request that shows it. */
export function metricsHandler(metrics: Metrics, token: string | undefined): RequestHandler {
  return async (req, res, next) => {
    if (token !== undefined && !hasBearer(req.headers.authorization, token)) {
      res.setHeader("WWW-Authenticate", 'Bearer realm="metrics"');
      res.status(401).type("text/plain").send("metrics need a bearer token\n");
      return;
    }
    await writeMetrics(metrics, res).catch(next);
  };
}

/** The handler of the separate metrics server: /metrics and nothing else, no framework headers. */
export function metricsServerHandler(metrics: Metrics): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    if (req.method !== "GET" || req.url?.split("?")[0] !== ENDPOINTS.metrics.path) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
      return;
    }
    writeMetrics(metrics, res).catch(() => res.writeHead(500).end());
  };
}
