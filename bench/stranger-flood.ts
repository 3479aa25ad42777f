/**
 * A flood of strangers: `node --import tsx bench/stranger-flood.ts` sends FLOOD_REQUESTS (250,000) cookie-less
 * requests, spread over every flow route (pages with a challenge, without one, and refused form posts), to the
 * built app run as `npm start` runs it (production, no Redis, the same V8 and malloc settings), against a stand-in
 * of Hydra's admin API that knows every challenge. It prints the app's RSS and V8 heap as it goes and fails if the
 * process dies, answers 5xx, or sets a session cookie. Needs `npm run build` first.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "undici";
import { startApp } from "../e2e/harness/app.js";
import { freePort } from "../e2e/harness/processes.js";
import { STRANGER_REQUESTS } from "../test/support/stranger-requests.js";
import { rssMb } from "./cpu.js";

const TOTAL = Number(process.env.FLOOD_REQUESTS ?? 250_000);
const CONCURRENCY = Number(process.env.FLOOD_CONCURRENCY ?? 32);

const client = { client_id: "flood-client", client_name: "Flood" };
const answers: Record<string, unknown> = {
  login: {
    challenge: "x",
    client,
    request_url: "http://h/oauth2/auth",
    requested_scope: ["openid"],
    skip: false,
    subject: "",
  },
  consent: { challenge: "x", client, requested_scope: ["openid", "email"], skip: false, subject: "someone" },
  logout: { challenge: "x", client, subject: "someone" },
};

/** Hydra's admin API as far as strangers reach it: every GET of a challenge answers 200. */
function startHydraStandIn(): Promise<{ url: string; close(): void }> {
  const server = http.createServer((req, res) => {
    const kind = /\/requests\/(login|consent|logout)$/.exec((req.url ?? "").split("?")[0]!)?.[1];
    req.resume();
    res.writeHead(kind ? 200 : 404, { "Content-Type": "application/json" });
    res.end(JSON.stringify(kind ? answers[kind] : { error: "not_found" }));
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() }),
    ),
  );
}

async function heapMb(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  return Math.round(Number(/^nodejs_heap_size_used_bytes (\S+)/m.exec(text)?.[1] ?? NaN) / 2 ** 20);
}

const hydra = await startHydraStandIn();
const metricsPort = await freePort();
const port = await freePort();
const app = await startApp(port, {
  NODE_ENV: "production",
  HYDRA_ADMIN_URL: hydra.url,
  SESSION_SECRET: "flood-session-secret-flood-session-secret",
  METRICS_PORT: String(metricsPort),
  LOG_LEVEL: "warn",
});
const pid = app.process.child.pid!;
const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
const statuses = new Map<number, number>();
let sessionCookies = 0;
let sent = 0;
const started = Date.now();
console.log(`flood: ${TOTAL} cookie-less requests, ${CONCURRENCY} at a time, app pid ${pid}`);
console.log(`start  rss ${rssMb(pid)} MB, heap ${await heapMb(metricsUrl)} MB`);
let nextReport = TOTAL / 10;

async function worker(): Promise<void> {
  while (sent < TOTAL) {
    const route = STRANGER_REQUESTS[sent++ % STRANGER_REQUESTS.length]!;
    const answer = await request(`${app.url}${route.path}`, {
      method: route.method,
      headers: route.body ? { "content-type": "application/x-www-form-urlencoded" } : {},
      body: route.body,
    });
    await answer.body.dump();
    statuses.set(answer.statusCode, (statuses.get(answer.statusCode) ?? 0) + 1);
    const cookies = answer.headers["set-cookie"];
    if ([cookies].flat().some((cookie) => typeof cookie === "string" && cookie.startsWith("hlc.sid=")))
      sessionCookies++;
    if (sent >= nextReport) {
      nextReport += TOTAL / 10;
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `${String(sent).padStart(7)}  rss ${rssMb(pid)} MB, heap ${await heapMb(metricsUrl)} MB, ${Math.round(sent / seconds)} req/s`,
      );
    }
  }
}

let failed = false;
try {
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
} catch (error) {
  failed = true;
  console.error(`requests failed: ${String(error)}`);
}
const alive = app.process.child.exitCode === null;
const health = alive ? (await fetch(`${app.url}/health/alive`)).status : 0;
console.log(
  `end    rss ${rssMb(pid)} MB, heap ${await heapMb(metricsUrl)} MB after ${Math.round((Date.now() - started) / 1000)} s`,
);
console.log(`statuses ${JSON.stringify(Object.fromEntries(statuses))}; session cookies set: ${sessionCookies}`);
const fivexx = [...statuses.entries()].filter(([status]) => status >= 500).reduce((sum, [, count]) => sum + count, 0);
console.log(`process alive: ${alive} (health ${health}); 5xx answers: ${fivexx}`);
await app.stop();
hydra.close();
if (failed || !alive || health !== 200 || fivexx > 0 || sessionCookies > 0) process.exit(1);
