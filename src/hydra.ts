import type { IncomingHttpHeaders } from "node:http";
import type {
  AcceptOAuth2ConsentRequest,
  AcceptOAuth2LoginRequest,
  OAuth2ConsentRequest,
  OAuth2ConsentSession,
  OAuth2LoginRequest,
  OAuth2LogoutRequest,
  RejectOAuth2Request,
} from "@ory/client";
import { createPool } from "./undici-pool.js";

export type { OAuth2ConsentRequest, OAuth2ConsentSession, OAuth2LoginRequest, OAuth2LogoutRequest };

/** What the flows need from Hydra's admin API; every method throws `HydraError` on failure. */
export interface HydraAdmin {
  getLoginRequest(challenge: string): Promise<OAuth2LoginRequest>;
  acceptLoginRequest(challenge: string, body: AcceptOAuth2LoginRequest): Promise<string>;
  rejectLoginRequest(challenge: string, body: RejectOAuth2Request): Promise<string>;
  getConsentRequest(challenge: string): Promise<OAuth2ConsentRequest>;
  acceptConsentRequest(challenge: string, body: AcceptOAuth2ConsentRequest): Promise<string>;
  rejectConsentRequest(challenge: string, body: RejectOAuth2Request): Promise<string>;
  getLogoutRequest(challenge: string): Promise<OAuth2LogoutRequest>;
  acceptLogoutRequest(challenge: string): Promise<string>;
  rejectLogoutRequest(challenge: string): Promise<void>;
  /** Hydra ≥ v25.4 only. */
  acceptUserCode(challenge: string, userCode: string): Promise<string>;
  /** Every consent a subject has granted (all pages, up to `MAX_CONSENT_SESSION_PAGES` of them). */
  listConsentSessions(subject: string): Promise<OAuth2ConsentSession[]>;
  /** Withdraws a subject's consent to one client and revokes that client's tokens for the subject. */
  revokeConsentSessions(subject: string, clientId: string): Promise<void>;
  /** Withdraws every consent a subject has granted, to every client, and revokes those clients' tokens for it. */
  revokeAllConsentSessions(subject: string): Promise<void>;
  /** Ends every login session (the "remember me" of Hydra) a subject has; tokens stay valid. */
  revokeLoginSessions(subject: string): Promise<void>;
  /** For readiness checks: true when the admin API answers. */
  isReachable(): Promise<boolean>;
}

export interface HydraAdminOptions {
  adminUrl: string;
  timeoutMs: number;
  bearerToken?: string | undefined;
  mockTlsTermination?: boolean;
  /** Called after every admin call (each page of a list is one call), for metrics. */
  onCall?: (operation: string, seconds: number, outcome: string) => void;
}

interface HttpFailure {
  response?: { status: number; data?: unknown };
  code?: string;
}

/** A non-2xx answer from the admin API, shaped like the failures `hydraErrorOf` reads. */
export class HydraHttpError extends Error {
  readonly response: { status: number; data: unknown };

  constructor(status: number, data: unknown) {
    super(`Hydra answered HTTP ${status}`);
    this.name = "HydraHttpError";
    this.response = { status, data };
  }
}

/** A 2xx answer whose body is not what the API promises: as bad as no answer. */
class HydraBodyError extends Error {
  readonly code = "EHYDRABODY";
}

function asHttpFailure(error: unknown): HttpFailure | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  if ("response" in error || "code" in error) return error as HttpFailure;
  return undefined;
}

function redirectToOf(data: unknown): string | undefined {
  if (typeof data === "object" && data !== null && "redirect_to" in data) {
    const value = (data as { redirect_to: unknown }).redirect_to;
    if (typeof value === "string" && /^https?:\/\//.test(value)) return value;
  }
  return undefined;
}

/**
 * How an admin call failed, as the flows need to tell it apart: Hydra down or overloaded (`unavailable`), the
 * request expired (401), unknown (404), handled already (410, with Hydra's `redirect_to` when it gives one), or
 * refused for what we sent (400, 403, 409: `refused`).
 */
export type HydraFailure = "unavailable" | "expired" | "unknown" | "handled" | "refused";

/** The one error the admin client throws; the error handler chooses the page, a flow may read `failure`. */
export class HydraError extends Error {
  constructor(
    readonly operation: string,
    readonly failure: HydraFailure,
    readonly status: number | undefined,
    options: { redirectTo?: string; cause?: unknown } = {},
  ) {
    super(`Hydra ${operation} failed: ${status ?? "no answer"} (${failure})`, { cause: options.cause });
    this.name = "HydraError";
    this.redirectTo = options.redirectTo;
  }

  readonly redirectTo: string | undefined;
}

/** Classifies an admin API failure. Exported for unit tests. */
export function hydraErrorOf(error: unknown, operation: string): HydraError {
  if (error instanceof HydraError) return error;
  const failure = asHttpFailure(error);
  const status = failure?.response?.status;
  const failed = (kind: HydraFailure, redirectTo?: string) =>
    new HydraError(operation, kind, status, { redirectTo, cause: error });
  if (status === undefined || status >= 500 || status === 429) return failed("unavailable");
  if (status === 410) return failed("handled", redirectToOf(failure?.response?.data));
  if (status === 401) return failed("expired");
  if (status === 404) return failed("unknown");
  // 400, 403, 409 and friends: the request cannot go on, and starting again is the way out.
  return failed("refused");
}

/** Hydra pages consent sessions 250 at a time by default (1,000 at most); we ask for 250 a page. */
const CONSENT_SESSION_PAGE_SIZE = 250;
/** A bound on following `Link: <…>; rel="next"`, against a server that never stops paging. */
export const MAX_CONSENT_SESSION_PAGES = 50;
/** A bound on what one answer may weigh, against a misbehaving server. */
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/** The `page_token` of a `Link` header's rel="next" target (absolute or, as Hydra sends it, relative). */
export function nextPageToken(link: string | string[] | undefined): string | undefined {
  if (link === undefined) return undefined;
  for (const part of (Array.isArray(link) ? link.join(",") : link).split(",")) {
    const match = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (match === null || !/\brel\s*=\s*"?next"?/i.test(match[2]!)) continue;
    try {
      return new URL(match[1]!, "http://link.invalid").searchParams.get("page_token") ?? undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

type Method = "GET" | "PUT" | "DELETE";

interface Answer {
  data: unknown;
  headers: IncomingHttpHeaders;
}

/**
 * Builds the admin client once per process: one keep-alive undici pool for Hydra's origin, the timeout on every
 * call (connect, headers and body), redirects never followed, every answer read to its end so the socket goes
 * back to the pool.
 */
export function createHydraAdmin(options: HydraAdminOptions): HydraAdmin & { close(): Promise<void> } {
  const base = new URL(options.adminUrl);
  // Ory Network and reverse proxies may serve the admin API under a path prefix: keep it, without a final "/".
  const prefix = base.pathname.replace(/\/+$/, "");
  // undici runs headers and body timeouts on its coarse timers (about half a second of resolution): cheap per call,
  // and a timeout of seconds fires within a second of it. The connect timeout covers the TCP/TLS handshake.
  const pool = createPool(base.origin, {
    connections: 128,
    pipelining: 1,
    connect: { timeout: options.timeoutMs },
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    maxResponseSize: MAX_RESPONSE_BYTES,
  });

  const baseHeaders: Record<string, string> = { accept: "application/json" };
  if (options.bearerToken) baseHeaders.authorization = `Bearer ${options.bearerToken}`;
  if (options.mockTlsTermination) baseHeaders["x-forwarded-proto"] = "https";
  const jsonHeaders: Record<string, string> = { ...baseHeaders, "content-type": "application/json" };

  /** One HTTP exchange; throws `HydraHttpError` for a non-2xx answer and the transport's error otherwise. */
  async function exchange(method: Method, path: string, body?: unknown): Promise<Answer> {
    const response = await pool.request({
      method,
      path: prefix + path,
      headers: body === undefined ? baseHeaders : jsonHeaders,
      body: body === undefined ? null : JSON.stringify(body),
    });
    // Always read to the end: a half-read body would keep the socket from being reused.
    const text = await response.body.text();
    let data: unknown = text;
    if (text !== "") {
      try {
        data = JSON.parse(text);
      } catch {
        if (response.statusCode < 300) throw new HydraBodyError(`Hydra answered ${response.statusCode} with no JSON`);
      }
    } else {
      data = undefined;
    }
    if (response.statusCode < 200 || response.statusCode > 299) throw new HydraHttpError(response.statusCode, data);
    return { data, headers: response.headers };
  }

  async function call(operation: string, method: Method, path: string, body?: unknown): Promise<Answer> {
    const started = process.hrtime.bigint();
    let outcome = "ok";
    try {
      return await exchange(method, path, body);
    } catch (error) {
      outcome = String(asHttpFailure(error)?.response?.status ?? "network");
      throw hydraErrorOf(error, operation);
    } finally {
      options.onCall?.(operation, Number(process.hrtime.bigint() - started) / 1e9, outcome);
    }
  }

  async function redirectTo(operation: string, method: Method, path: string, body?: unknown): Promise<string> {
    const { data } = await call(operation, method, path, body);
    const to = (data as { redirect_to?: unknown } | undefined)?.redirect_to;
    if (typeof to !== "string") {
      throw hydraErrorOf(new HydraBodyError(`Hydra ${operation} answered without redirect_to`), operation);
    }
    return to;
  }

  const q = encodeURIComponent;
  const requests = "/admin/oauth2/auth/requests";
  const sessions = "/admin/oauth2/auth/sessions";

  return {
    getLoginRequest: async (challenge) =>
      (await call("getLoginRequest", "GET", `${requests}/login?login_challenge=${q(challenge)}`))
        .data as OAuth2LoginRequest,
    acceptLoginRequest: (challenge, body) =>
      redirectTo("acceptLoginRequest", "PUT", `${requests}/login/accept?login_challenge=${q(challenge)}`, body),
    rejectLoginRequest: (challenge, body) =>
      redirectTo("rejectLoginRequest", "PUT", `${requests}/login/reject?login_challenge=${q(challenge)}`, body),
    getConsentRequest: async (challenge) =>
      (await call("getConsentRequest", "GET", `${requests}/consent?consent_challenge=${q(challenge)}`))
        .data as OAuth2ConsentRequest,
    acceptConsentRequest: (challenge, body) =>
      redirectTo("acceptConsentRequest", "PUT", `${requests}/consent/accept?consent_challenge=${q(challenge)}`, body),
    rejectConsentRequest: (challenge, body) =>
      redirectTo("rejectConsentRequest", "PUT", `${requests}/consent/reject?consent_challenge=${q(challenge)}`, body),
    getLogoutRequest: async (challenge) =>
      (await call("getLogoutRequest", "GET", `${requests}/logout?logout_challenge=${q(challenge)}`))
        .data as OAuth2LogoutRequest,
    acceptLogoutRequest: (challenge) =>
      redirectTo("acceptLogoutRequest", "PUT", `${requests}/logout/accept?logout_challenge=${q(challenge)}`),
    rejectLogoutRequest: async (challenge) => {
      await call("rejectLogoutRequest", "PUT", `${requests}/logout/reject?logout_challenge=${q(challenge)}`);
    },
    acceptUserCode: (challenge, userCode) =>
      redirectTo("acceptUserCode", "PUT", `${requests}/device/accept?device_challenge=${q(challenge)}`, {
        user_code: userCode,
      }),
    listConsentSessions: async (subject) => {
      const all: OAuth2ConsentSession[] = [];
      const first = `${sessions}/consent?subject=${q(subject)}&page_size=${CONSENT_SESSION_PAGE_SIZE}`;
      let token: string | undefined;
      for (let page = 0; page < MAX_CONSENT_SESSION_PAGES; page++) {
        const path = token === undefined ? first : `${first}&page_token=${q(token)}`;
        const { data, headers } = await call("listConsentSessions", "GET", path);
        if (!Array.isArray(data)) {
          throw hydraErrorOf(new HydraBodyError("Hydra listConsentSessions answered no list"), "listConsentSessions");
        }
        all.push(...(data as OAuth2ConsentSession[]));
        const next = nextPageToken(headers.link);
        // Hydra sends a rel="next" even for an empty list: an empty page, like no or the same link, is the end.
        if (data.length === 0 || next === undefined || next === token) break;
        token = next;
      }
      return all;
    },
    revokeConsentSessions: async (subject, clientId) => {
      await call("revokeConsentSessions", "DELETE", `${sessions}/consent?subject=${q(subject)}&client=${q(clientId)}`);
    },
    revokeAllConsentSessions: async (subject) => {
      await call("revokeAllConsentSessions", "DELETE", `${sessions}/consent?subject=${q(subject)}&all=true`);
    },
    revokeLoginSessions: async (subject) => {
      await call("revokeLoginSessions", "DELETE", `${sessions}/login?subject=${q(subject)}`);
    },
    isReachable: async () => {
      try {
        // Any HTTP answer proves the admin API is up; only network failures and 5xx count as down.
        await exchange("GET", `${requests}/login?login_challenge=readiness-probe`);
        return true;
      } catch (error) {
        const status = asHttpFailure(error)?.response?.status;
        return status !== undefined && status < 500;
      }
    },
    close: () => pool.destroy().catch(() => undefined),
  };
}
