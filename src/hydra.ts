import http from "node:http";
import https from "node:https";
import {
  Configuration,
  OAuth2Api,
  type AcceptOAuth2ConsentRequest,
  type AcceptOAuth2LoginRequest,
  type OAuth2ConsentRequest,
  type OAuth2LoginRequest,
  type OAuth2LogoutRequest,
  type RejectOAuth2Request,
} from "@ory/client";
import { AppError } from "./errors.js";

export type { OAuth2ConsentRequest, OAuth2LoginRequest, OAuth2LogoutRequest };

/** What the flows need from Hydra's admin API; every method throws `AppError` on failure. */
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
  /** For readiness checks: true when the admin API answers. */
  isReachable(): Promise<boolean>;
}

export interface HydraAdminOptions {
  adminUrl: string;
  timeoutMs: number;
  bearerToken?: string | undefined;
  mockTlsTermination?: boolean;
  /** Called after every admin call, for metrics. */
  onCall?: (operation: string, seconds: number, outcome: string) => void;
}

interface HttpFailure {
  response?: { status: number; data?: unknown };
  code?: string;
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

/** Turns an admin API failure into what a person should see. Exported for unit tests. */
export function toAppError(error: unknown, operation: string): AppError {
  const failure = asHttpFailure(error);
  const status = failure?.response?.status;
  const message = `Hydra ${operation} failed: ${status ?? failure?.code ?? String(error)}`;
  if (status === undefined || status >= 500 || status === 429) {
    return new AppError({
      status: 503,
      titleKey: "error.unavailable.title",
      detailKey: "error.unavailable.detail",
      message,
      cause: error,
    });
  }
  if (status === 410) {
    const redirectTo = redirectToOf(failure?.response?.data);
    if (redirectTo !== undefined) {
      return new AppError({
        status: 410,
        titleKey: "error.badRequest.title",
        detailKey: "error.challenge.unknown",
        redirectTo,
        message,
      });
    }
    return new AppError({ status: 410, titleKey: "error.badRequest.title", detailKey: "error.back", message });
  }
  if (status === 401) {
    return new AppError({
      status: 401,
      titleKey: "error.challenge.expired.title",
      detailKey: "error.challenge.expired",
      message,
    });
  }
  if (status === 404) {
    return new AppError({
      status: 404,
      titleKey: "error.badRequest.title",
      detailKey: "error.challenge.unknown",
      message,
    });
  }
  // 400, 403, 409 and friends: the request cannot go on, and starting again is the way out.
  return new AppError({
    status: status === 409 ? 409 : 400,
    titleKey: "error.badRequest.title",
    detailKey: "error.challenge.invalid",
    message,
  });
}

/** Builds the admin client once per process: one keep-alive agent, a timeout on every call. */
export function createHydraAdmin(options: HydraAdminOptions): HydraAdmin & { close(): void } {
  const agentOptions = { keepAlive: true, maxSockets: 128, maxFreeSockets: 32 };
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);
  const headers: Record<string, string> = {};
  if (options.mockTlsTermination) headers["X-Forwarded-Proto"] = "https";
  const api = new OAuth2Api(
    new Configuration({
      basePath: options.adminUrl,
      accessToken: options.bearerToken,
      baseOptions: { timeout: options.timeoutMs, httpAgent, httpsAgent, headers, maxRedirects: 0 },
    }),
  );

  async function call<T>(operation: string, run: () => Promise<{ data: T }>): Promise<T> {
    const started = process.hrtime.bigint();
    let outcome = "ok";
    try {
      return (await run()).data;
    } catch (error) {
      const mapped = toAppError(error, operation);
      outcome = String(asHttpFailure(error)?.response?.status ?? "network");
      throw mapped;
    } finally {
      options.onCall?.(operation, Number(process.hrtime.bigint() - started) / 1e9, outcome);
    }
  }

  return {
    getLoginRequest: (loginChallenge) => call("getLoginRequest", () => api.getOAuth2LoginRequest({ loginChallenge })),
    acceptLoginRequest: async (loginChallenge, body) =>
      (
        await call("acceptLoginRequest", () =>
          api.acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: body }),
        )
      ).redirect_to,
    rejectLoginRequest: async (loginChallenge, body) =>
      (
        await call("rejectLoginRequest", () =>
          api.rejectOAuth2LoginRequest({ loginChallenge, rejectOAuth2Request: body }),
        )
      ).redirect_to,
    getConsentRequest: (consentChallenge) =>
      call("getConsentRequest", () => api.getOAuth2ConsentRequest({ consentChallenge })),
    acceptConsentRequest: async (consentChallenge, body) =>
      (
        await call("acceptConsentRequest", () =>
          api.acceptOAuth2ConsentRequest({ consentChallenge, acceptOAuth2ConsentRequest: body }),
        )
      ).redirect_to,
    rejectConsentRequest: async (consentChallenge, body) =>
      (
        await call("rejectConsentRequest", () =>
          api.rejectOAuth2ConsentRequest({ consentChallenge, rejectOAuth2Request: body }),
        )
      ).redirect_to,
    getLogoutRequest: (logoutChallenge) =>
      call("getLogoutRequest", () => api.getOAuth2LogoutRequest({ logoutChallenge })),
    acceptLogoutRequest: async (logoutChallenge) =>
      (await call("acceptLogoutRequest", () => api.acceptOAuth2LogoutRequest({ logoutChallenge }))).redirect_to,
    rejectLogoutRequest: async (logoutChallenge) => {
      await call("rejectLogoutRequest", () => api.rejectOAuth2LogoutRequest({ logoutChallenge }));
    },
    acceptUserCode: async (deviceChallenge, userCode) =>
      (
        await call("acceptUserCode", () =>
          api.acceptUserCodeRequest({ deviceChallenge, acceptDeviceUserCodeRequest: { user_code: userCode } }),
        )
      ).redirect_to,
    isReachable: async () => {
      try {
        // Any HTTP answer proves the admin API is up; only network failures and 5xx count as down.
        await api.getOAuth2LoginRequest({ loginChallenge: "readiness-probe" });
        return true;
      } catch (error) {
        const status = asHttpFailure(error)?.response?.status;
        return status !== undefined && status < 500;
      }
    },
    close: () => {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
