import type { RequestHandler } from "express";
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

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

export function metricsHandler(metrics: Metrics): RequestHandler {
  return async (_req, res) => {
    res.setHeader("Content-Type", metrics.registry.contentType);
    res.setHeader("Cache-Control", "no-store");
    res.send(await metrics.registry.metrics());
  };
}
