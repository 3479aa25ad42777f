import type { Request } from "express";
import { routeAt } from "../routes.js";
import { readChallenge } from "./challenge.js";

type RequestFacts = Pick<Request, "method" | "path" | "query" | "body">;

/** A page to go back to: a declared route's path and, for a flow, the query parameter that carries its challenge. */
export interface RetryTarget {
  path: string;
  challenge?: { name: string; value: string };
}

/**
 * The page again, or for a failed form post the page the form came from, so the flow stays alive. Always a declared
 * route, never the request's own path or host (`GET //evil.example/x`, `GET http://evil.example/login`).
 */
export function retryTargetFor(req: RequestFacts): RetryTarget | undefined {
  const route = routeAt(req.path);
  if (route === undefined) return undefined;
  if (route.challengeQuery === undefined) return req.method === "GET" ? { path: route.path } : undefined;
  const raw = req.method === "GET" ? req.query[route.challengeQuery] : fieldOf(req.body, "challenge");
  const read = readChallenge(raw);
  if (!read.ok) return undefined;
  return { path: route.retryPath ?? route.path, challenge: { name: route.challengeQuery, value: read.challenge } };
}

/** "Try again": the retry target as a same-origin URL. */
export function retryUrlFor(req: RequestFacts): string | undefined {
  const target = retryTargetFor(req);
  if (target?.challenge === undefined) return target?.path;
  return `${target.path}?${target.challenge.name}=${encodeURIComponent(target.challenge.value)}`;
}

function fieldOf(body: unknown, name: string): unknown {
  return typeof body === "object" && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}
