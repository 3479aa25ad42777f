import type { Request } from "express";
import { routeAt } from "../routes.js";
import { readChallenge } from "./challenge.js";

/**
 * "Try again": the page again, or for a failed form post the page the form came from, so the flow stays alive.
 * Always a path on our own origin, built from the declared route; never from the request's host (a request in
 * absolute form, `GET http://evil.example/login`, must not turn it into an off-site link).
 */
export function retryUrlFor(req: Pick<Request, "method" | "path" | "query" | "body">): string | undefined {
  const route = routeAt(req.path);
  if (route === undefined) return undefined;
  if (route.challengeQuery === undefined) return req.method === "GET" ? route.path : undefined;
  const raw = req.method === "GET" ? req.query[route.challengeQuery] : fieldOf(req.body, "challenge");
  const read = readChallenge(raw);
  const path = route.retryPath ?? route.path;
  return read.ok ? `${path}?${route.challengeQuery}=${encodeURIComponent(read.challenge)}` : undefined;
}

function fieldOf(body: unknown, name: string): unknown {
  return typeof body === "object" && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}
