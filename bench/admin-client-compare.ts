/**
 * What one Hydra admin call costs the app's process, with the old client (@ory/client's OAuth2Api on axios and
 * node:http keep-alive agents) and with ours (src/hydra.ts: undici Pool).
 *
 *   node --import tsx bench/admin-client-compare.ts
 *
 * A child process runs a bare node:http server answering GET /admin/oauth2/auth/requests/login with a fixed
 * login request (about 1.5 KB of JSON, like Hydra's). For each client, a fresh child process makes
 * COMPARE_WARMUP unmeasured calls, then COMPARE_CALLS getLoginRequest calls from COMPARE_CONCURRENCY closed-loop
 * workers, and reports its own CPU (process.cpuUsage(): user + system, every thread) per call and the latency
 * percentiles. The clients take turns, COMPARE_ROUNDS times; the table shows the median round of each.
 *
 * Environment (defaults in brackets): COMPARE_CALLS [5000], COMPARE_CONCURRENCY [8], COMPARE_WARMUP [1000],
 * COMPARE_ROUNDS [3].
 */
import { fork, type ChildProcess } from "node:child_process";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
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
import { createHydraAdmin, hydraErrorOf, type HydraAdminOptions } from "../src/hydra.js";

const CALLS = Number(process.env.COMPARE_CALLS ?? 5000);
const CONCURRENCY = Number(process.env.COMPARE_CONCURRENCY ?? 8);
const WARMUP = Number(process.env.COMPARE_WARMUP ?? 1000);
const ROUNDS = Number(process.env.COMPARE_ROUNDS ?? 3);
const KINDS = ["axios", "undici"] as const;
type Kind = (typeof KINDS)[number];

// ---------------------------------------------------------------------------------------------------------------
// The old admin client, as src/hydra.ts had it before undici (kept here only to compare against).

interface HttpFailure {
  response?: { status: number; data?: unknown };
  code?: string;
}

function asHttpFailure(error: unknown): HttpFailure | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  if ("response" in error || "code" in error) return error as HttpFailure;
  return undefined;
}

function createAxiosHydraAdmin(options: HydraAdminOptions) {
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
      const mapped = hydraErrorOf(error, operation);
      outcome = String(asHttpFailure(error)?.response?.status ?? "network");
      throw mapped;
    } finally {
      options.onCall?.(operation, Number(process.hrtime.bigint() - started) / 1e9, outcome);
    }
  }

  return {
    getLoginRequest: (loginChallenge: string): Promise<OAuth2LoginRequest> =>
      call("getLoginRequest", () => api.getOAuth2LoginRequest({ loginChallenge })),
    acceptLoginRequest: async (loginChallenge: string, body: AcceptOAuth2LoginRequest) =>
      (
        await call("acceptLoginRequest", () =>
          api.acceptOAuth2LoginRequest({ loginChallenge, acceptOAuth2LoginRequest: body }),
        )
      ).redirect_to,
    rejectLoginRequest: async (loginChallenge: string, body: RejectOAuth2Request) =>
      (
        await call("rejectLoginRequest", () =>
          api.rejectOAuth2LoginRequest({ loginChallenge, rejectOAuth2Request: body }),
        )
      ).redirect_to,
    getConsentRequest: (consentChallenge: string): Promise<OAuth2ConsentRequest> =>
      call("getConsentRequest", () => api.getOAuth2ConsentRequest({ consentChallenge })),
    acceptConsentRequest: async (consentChallenge: string, body: AcceptOAuth2ConsentRequest) =>
      (
        await call("acceptConsentRequest", () =>
          api.acceptOAuth2ConsentRequest({ consentChallenge, acceptOAuth2ConsentRequest: body }),
        )
      ).redirect_to,
    rejectConsentRequest: async (consentChallenge: string, body: RejectOAuth2Request) =>
      (
        await call("rejectConsentRequest", () =>
          api.rejectOAuth2ConsentRequest({ consentChallenge, rejectOAuth2Request: body }),
        )
      ).redirect_to,
    getLogoutRequest: (logoutChallenge: string): Promise<OAuth2LogoutRequest> =>
      call("getLogoutRequest", () => api.getOAuth2LogoutRequest({ logoutChallenge })),
    acceptLogoutRequest: async (logoutChallenge: string) =>
      (await call("acceptLogoutRequest", () => api.acceptOAuth2LogoutRequest({ logoutChallenge }))).redirect_to,
    rejectLogoutRequest: async (logoutChallenge: string) => {
      await call("rejectLogoutRequest", () => api.rejectOAuth2LogoutRequest({ logoutChallenge }));
    },
    acceptUserCode: async (deviceChallenge: string, userCode: string) =>
      (
        await call("acceptUserCode", () =>
          api.acceptUserCodeRequest({ deviceChallenge, acceptDeviceUserCodeRequest: { user_code: userCode } }),
        )
      ).redirect_to,
    isReachable: async () => {
      try {
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

// ---------------------------------------------------------------------------------------------------------------
// The server: a fixed login request, like the one Hydra answers (about 1.5 KB).

function loginRequestJson(): string {
  const challenge = "a".repeat(32) + "b".repeat(32);
  return JSON.stringify({
    challenge,
    client: {
      client_id: "2f6c1a1e-0c7d-4a8e-9a55-3f2b0b9a6d11",
      client_name: "Photo Printer",
      client_uri: "https://photos.example.test",
      logo_uri: "https://photos.example.test/logo.png",
      policy_uri: "https://photos.example.test/privacy",
      tos_uri: "https://photos.example.test/terms",
      redirect_uris: ["https://photos.example.test/callback", "https://photos.example.test/silent-callback"],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      scope: "openid offline_access email profile photos.read",
      audience: ["https://api.photos.example.test"],
      owner: "",
      contacts: ["ops@photos.example.test"],
      token_endpoint_auth_method: "client_secret_basic",
      subject_type: "public",
      skip_consent: false,
      skip_logout_consent: false,
      metadata: {},
      created_at: "2026-01-12T09:41:02Z",
      updated_at: "2026-01-12T09:41:02Z",
    },
    oidc_context: { ui_locales: ["en", "de"], acr_values: [] },
    request_url:
      "http://127.0.0.1:4444/oauth2/auth?audience=&client_id=2f6c1a1e-0c7d-4a8e-9a55-3f2b0b9a6d11" +
      "&max_age=0&nonce=sQmD8tLh3nWwV0rXy7kPq2aZ&prompt=&redirect_uri=https%3A%2F%2Fphotos.example.test%2F" +
      "callback&response_type=code&scope=openid+offline_access+email+profile+photos.read&state=Vq2pZk8sR1xT" +
      "y4mN0cB7dF5gH3jL9wE",
    requested_scope: ["openid", "offline_access", "email", "profile", "photos.read"],
    requested_access_token_audience: ["https://api.photos.example.test"],
    session_id: "6d2e7c9a-41b0-4b0f-8d6e-5a3c2f1e0b9d",
    skip: false,
    subject: "",
  });
}

function runServer(): void {
  const body = loginRequestJson();
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => {
    process.send!({ port: (server.address() as AddressInfo).port, bytes: Buffer.byteLength(body) });
  });
  process.on("disconnect", () => process.exit(0));
}

// ---------------------------------------------------------------------------------------------------------------
// A client process: warm up, then measure its own CPU over CALLS calls at CONCURRENCY.

interface ClientResult {
  kind: Kind;
  calls: number;
  cpu_us_per_call: number;
  user_us_per_call: number;
  system_us_per_call: number;
  p50_ms: number;
  p99_ms: number;
  calls_per_second: number;
  rss_mb: number;
}

async function runClient(kind: Kind, adminUrl: string): Promise<void> {
  const options = { adminUrl, timeoutMs: 10_000 };
  const admin = kind === "axios" ? createAxiosHydraAdmin(options) : createHydraAdmin(options);
  const challenge = "a".repeat(32) + "b".repeat(32);

  async function drive(total: number, latencies?: Float64Array): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < total) {
        const index = next++;
        const started = process.hrtime.bigint();
        const request = await admin.getLoginRequest(challenge);
        if (request.challenge !== challenge) throw new Error("wrong answer");
        if (latencies) latencies[index] = Number(process.hrtime.bigint() - started) / 1e6;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  }

  await drive(WARMUP);
  const latencies = new Float64Array(CALLS);
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await drive(CALLS, latencies);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  latencies.sort();
  const at = (p: number) => latencies[Math.min(CALLS - 1, Math.floor((p / 100) * CALLS))]!;
  const result: ClientResult = {
    kind,
    calls: CALLS,
    cpu_us_per_call: round((used.user + used.system) / CALLS),
    user_us_per_call: round(used.user / CALLS),
    system_us_per_call: round(used.system / CALLS),
    p50_ms: round(at(50), 3),
    p99_ms: round(at(99), 3),
    calls_per_second: round(CALLS / seconds, 0),
    rss_mb: round(process.memoryUsage().rss / 2 ** 20, 1),
  };
  await admin.close();
  process.send!(result);
}

// ---------------------------------------------------------------------------------------------------------------
// The driver.

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const self = fileURLToPath(import.meta.url);

function child(args: string[]): ChildProcess {
  return fork(self, args, { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
}

function firstMessage<T>(process: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    process.once("message", (message) => resolve(message as T));
    process.once("exit", (code) => reject(new Error(`child exited (${code}) before answering`)));
  });
}

async function main(): Promise<void> {
  const server = child(["server"]);
  try {
    const { port, bytes } = await firstMessage<{ port: number; bytes: number }>(server);
    const adminUrl = `http://127.0.0.1:${port}`;
    console.log(
      `${CALLS} getLoginRequest calls (${bytes} B of JSON each) at concurrency ${CONCURRENCY}, after ${WARMUP} ` +
        `warm-up calls, ${ROUNDS} rounds; node ${process.version}, a fresh client process per run`,
    );
    const results: Record<Kind, ClientResult[]> = { axios: [], undici: [] };
    for (let r = 0; r < ROUNDS; r++) {
      for (const kind of KINDS) {
        const run = child(["client", kind, adminUrl]);
        const result = await firstMessage<ClientResult>(run);
        results[kind].push(result);
        console.log(
          `  round ${r + 1} ${kind.padEnd(6)} ${String(result.cpu_us_per_call).padStart(6)} µs CPU/call, ` +
            `p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms, ${result.calls_per_second}/s`,
        );
      }
    }
    const median = (kind: Kind) =>
      [...results[kind]].sort((a, b) => a.cpu_us_per_call - b.cpu_us_per_call)[Math.floor(ROUNDS / 2)]!;
    console.log("\nclient  CPU µs/call (user+sys)  user  sys   p50 ms  p99 ms  calls/s  RSS MB   (median round)");
    for (const kind of KINDS) {
      const m = median(kind);
      console.log(
        `${kind.padEnd(7)} ${String(m.cpu_us_per_call).padStart(20)}  ${String(m.user_us_per_call).padStart(5)} ` +
          `${String(m.system_us_per_call).padStart(4)}  ${String(m.p50_ms).padStart(7)} ${String(m.p99_ms).padStart(7)}` +
          `  ${String(m.calls_per_second).padStart(7)}  ${String(m.rss_mb).padStart(6)}`,
      );
    }
    const saved = 1 - median("undici").cpu_us_per_call / median("axios").cpu_us_per_call;
    console.log(`\nundici uses ${round(saved * 100)}% less client CPU per call than axios/@ory/client.`);
  } finally {
    server.kill();
  }
}

const [role, kind, url] = process.argv.slice(2);
if (role === "server") runServer();
else if (role === "client") await runClient(kind as Kind, url!);
else await main();
