/**
 * npm run bench: what the app costs on top of Hydra, hop by hop. Starts Hydra on PostgreSQL and the app in
 * production mode, warms up, then runs whole login + consent flows from 50 virtual users through the app, and
 * the same flows with the bench accepting directly at Hydra's admin API (the floor). Writes
 * bench/results/latest.json and docs/benchmark.md.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startStack } from "../e2e/harness/stack.js";
import { projectRoot } from "../e2e/harness/processes.js";
import { createHydraAdmin, type HydraAdmin } from "../src/hydra.js";
import { hashPassword, verifyPassword } from "../src/identity/passwords.js";
import { CookieJar, hiddenField, send } from "./http.js";
import { round, runConcurrently, Series } from "./stats.js";

/** Latency is measured below saturation, where a ratio says what each hop adds rather than how long queues are. */
const LATENCY_USERS = Number(process.env.BENCH_LATENCY_USERS ?? 1);
const LATENCY_FLOWS = Number(process.env.BENCH_LATENCY_FLOWS ?? 400);
/** Load: errors, throughput and memory at 50 concurrent flows. */
const USERS = Number(process.env.BENCH_USERS ?? 50);
const FLOWS = Number(process.env.BENCH_FLOWS ?? 2500); // 4 app hops a flow: 10,000 hops
const WARMUP = Number(process.env.BENCH_WARMUP ?? 200);
const CALLBACK = "http://127.0.0.1:9/callback"; // never fetched: the bench stops at the redirect

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return round(kb / 1024, 1);
}

/** Our Hydra build reports itself as "master"; the version is the one e2e/hydra/go.mod requires. */
function hydraVersion(): string {
  const goMod = readFileSync(path.join(projectRoot, "e2e/hydra/go.mod"), "utf8");
  return /github\.com\/ory\/hydra\/v2 (v\S+)/.exec(goMod)?.[1] ?? "unknown";
}

/** V8's own view of the app's memory, from its Prometheus metrics, to tell the heap from the rest of RSS. */
async function heapMb(appUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${appUrl}/metrics`)).text();
  const read = (name: string) => round(Number(new RegExp(`^${name} (\\S+)`, "m").exec(text)?.[1] ?? NaN) / 2 ** 20, 1);
  return {
    heap_used: read("nodejs_heap_size_used_bytes"),
    heap_total: read("nodejs_heap_size_total_bytes"),
    external: read("nodejs_external_memory_bytes"),
  };
}

function expectRedirect(answer: { status: number; location: string | undefined; body: string }, to: string): string {
  if (answer.status < 300 || answer.status > 399 || answer.location === undefined || !answer.location.includes(to)) {
    throw new Error(
      `expected a redirect to ${to}, got ${answer.status} ${answer.location ?? answer.body.slice(0, 200)}`,
    );
  }
  return answer.location;
}

const param = (url: string, name: string) => new URL(url).searchParams.get(name) ?? "";

async function main(): Promise<void> {
  const usersFile = path.join(os.tmpdir(), `bench-users-${process.pid}.json`);
  writeFileSync(
    usersFile,
    JSON.stringify([
      {
        id: "bench-user-1",
        email: "bench@example.test",
        email_verified: true,
        password_hash: await hashPassword("bench-password"),
        claims: { name: "Bench User" },
      },
    ]),
  );
  const stack = await startStack({
    storage: "postgres",
    appEnv: {
      NODE_ENV: "production",
      SESSION_SECRET: randomBytes(32).toString("hex"),
      LOG_LEVEL: "warn",
      USERS_FILE: usersFile,
    },
    // BENCH_PROFILE=dir writes a CPU profile of the app there (open it in Chrome's DevTools).
    // BENCH_NODE_ARGS adds node flags to the app, to try V8 settings.
    appNodeArgs: [
      ...(process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
      ...(process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
    ],
  });
  try {
    const clientSecret = randomBytes(16).toString("hex");
    const created = await fetch(`${stack.hydra.adminUrl}/admin/clients`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        client_secret: clientSecret,
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        scope: "openid offline_access email profile",
        redirect_uris: [CALLBACK],
      }),
    });
    const client = (await created.json()) as { client_id: string };
    const hydra: HydraAdmin = createHydraAdmin({ adminUrl: stack.hydra.adminUrl, timeoutMs: 10_000 });
    const authUrl = () =>
      `${stack.hydra.publicUrl}/oauth2/auth?${new URLSearchParams({
        client_id: client.client_id,
        response_type: "code",
        redirect_uri: CALLBACK,
        scope: "openid offline_access",
        state: randomBytes(8).toString("hex"),
      })}`;

    const newHops = () => ({
      "GET /login": new Series(),
      "POST /login": new Series(),
      "GET /consent": new Series(),
      "POST /consent": new Series(),
      "whole flow (app)": new Series(),
    });
    const newFloors = () => ({
      getLoginRequest: new Series(),
      acceptLoginRequest: new Series(),
      getConsentRequest: new Series(),
      "getConsentRequest + acceptConsentRequest": new Series(),
      "whole flow (Hydra only)": new Series(),
    });
    type Hops = ReturnType<typeof newHops>;
    type Floors = ReturnType<typeof newFloors>;

    /** A person's browser through our app: every hop timed. */
    async function appFlow(hops: Hops | undefined): Promise<void> {
      const jar = new CookieJar();
      const began = performance.now();
      const toLogin = expectRedirect(await send(jar, authUrl()), "/login?");
      const loginPage = await send(jar, toLogin);
      if (loginPage.status !== 200) throw new Error(`GET /login answered ${loginPage.status}`);
      const loginPost = await send(jar, `${stack.app.url}/login`, {
        method: "POST",
        form: {
          _csrf: hiddenField(loginPage.body, "_csrf"),
          challenge: hiddenField(loginPage.body, "challenge"),
          email: "bench@example.test",
          password: "bench-password",
          action: "accept",
        },
      });
      const afterLogin = expectRedirect(loginPost, "login_verifier=");
      const toConsent = expectRedirect(await send(jar, afterLogin), "/consent?");
      const consentPage = await send(jar, toConsent);
      if (consentPage.status !== 200) throw new Error(`GET /consent answered ${consentPage.status}`);
      const consentPost = await send(jar, `${stack.app.url}/consent`, {
        method: "POST",
        form: {
          _csrf: hiddenField(consentPage.body, "_csrf"),
          challenge: hiddenField(consentPage.body, "challenge"),
          grant_scope: ["openid", "offline_access"],
          action: "accept",
        },
      });
      const afterConsent = expectRedirect(consentPost, "consent_verifier=");
      const callback = expectRedirect(await send(jar, afterConsent), CALLBACK);
      if (param(callback, "code") === "") throw new Error(`no code in ${callback}`);
      if (hops === undefined) return;
      hops["GET /login"].record(loginPage.ms);
      hops["POST /login"].record(loginPost.ms);
      hops["GET /consent"].record(consentPage.ms);
      hops["POST /consent"].record(consentPost.ms);
      hops["whole flow (app)"].record(performance.now() - began);
    }

    /** The same flow with the bench playing the login app: only Hydra's own work. */
    async function hydraOnlyFlow(floors: Floors | undefined): Promise<void> {
      const jar = new CookieJar();
      const began = performance.now();
      const unused = newFloors();
      const time = async <T>(series: Series, call: () => Promise<T>): Promise<T> => {
        const start = performance.now();
        const result = await call();
        if (floors !== undefined) series.record(performance.now() - start);
        return result;
      };
      const loginChallenge = param(expectRedirect(await send(jar, authUrl()), "/login?"), "login_challenge");
      const into = floors ?? unused;
      await time(into.getLoginRequest, () => hydra.getLoginRequest(loginChallenge));
      const afterLogin = await time(into.acceptLoginRequest, () =>
        hydra.acceptLoginRequest(loginChallenge, { subject: "bench-user-1", remember: false, acr: "1", amr: ["pwd"] }),
      );
      const consentChallenge = param(expectRedirect(await send(jar, afterLogin), "/consent?"), "consent_challenge");
      await time(into.getConsentRequest, () => hydra.getConsentRequest(consentChallenge));
      const afterConsent = await time(into["getConsentRequest + acceptConsentRequest"], async () => {
        const request = await hydra.getConsentRequest(consentChallenge);
        return hydra.acceptConsentRequest(consentChallenge, {
          grant_scope: request.requested_scope ?? [],
          grant_access_token_audience: [],
          session: { id_token: {} },
        });
      });
      const callback = expectRedirect(await send(jar, afterConsent), CALLBACK);
      if (param(callback, "code") === "") throw new Error(`no code in ${callback}`);
      floors?.["whole flow (Hydra only)"].record(performance.now() - began);
    }

    const appPid = stack.app.process.child.pid!;
    console.log(`warming up: ${WARMUP} flows each way`);
    const warmErrors = [
      ...(await runConcurrently(USERS, WARMUP, () => appFlow(undefined))).errors,
      ...(await runConcurrently(USERS, WARMUP, () => hydraOnlyFlow(undefined))).errors,
    ];
    if (warmErrors.length > 0) throw new Error(`warm-up failed: ${warmErrors[0]}`);

    console.log(`latency: ${LATENCY_FLOWS} flows each way from ${LATENCY_USERS} virtual users`);
    const hops = newHops();
    const floors = newFloors();
    const latencyApp = await runConcurrently(LATENCY_USERS, LATENCY_FLOWS, () => appFlow(hops));
    const latencyFloor = await runConcurrently(LATENCY_USERS, LATENCY_FLOWS, () => hydraOnlyFlow(floors));
    // The cost of any page of ours with no Hydra call in it: what a hop adds at the least.
    const bareHop = new Series();
    await runConcurrently(LATENCY_USERS, LATENCY_FLOWS, async () => {
      const answer = await send(new CookieJar(), `${stack.app.url}/`);
      if (answer.status !== 200) throw new Error(`GET / answered ${answer.status}`);
      bareHop.record(answer.ms);
    });

    const rssBefore = rssMb(appPid);
    console.log(`load: ${FLOWS} flows through the app from ${USERS} virtual users`);
    const loadHops = newHops();
    const loadApp = await runConcurrently(USERS, FLOWS, () => appFlow(loadHops));
    const rssAfter = rssMb(appPid);
    const heapAfter = await heapMb(stack.app.url);
    console.log(`load: ${FLOWS} Hydra-only flows from ${USERS} virtual users`);
    const loadFloors = newFloors();
    const loadFloor = await runConcurrently(USERS, FLOWS, () => hydraOnlyFlow(loadFloors));

    const hash = await hashPassword("bench-password");
    const passwordCheck = new Series();
    for (let index = 0; index < 100; index += 1) {
      const start = performance.now();
      await verifyPassword(hash, "bench-password");
      passwordCheck.record(performance.now() - start);
    }

    const p50 = (series: Series) => series.percentileMs(50);
    const floorOf: Record<keyof typeof hops, number> = {
      "GET /login": p50(floors.getLoginRequest),
      "POST /login": p50(floors.acceptLoginRequest) + p50(passwordCheck),
      "GET /consent": p50(floors.getConsentRequest),
      "POST /consent": p50(floors["getConsentRequest + acceptConsentRequest"]),
      "whole flow (app)": p50(floors["whole flow (Hydra only)"]) + p50(passwordCheck),
    };
    const targets: Record<keyof typeof hops, number> = {
      "GET /login": 1.2,
      "POST /login": 1.2,
      "GET /consent": 1.2,
      "POST /consent": 1.2,
      "whole flow (app)": 1.1,
    };
    const hopRows = (Object.keys(hops) as Array<keyof typeof hops>).map((name) => ({
      hop: name,
      ...hops[name].summary(latencyApp.seconds),
      floor_p50_ms: round(floorOf[name]),
      ratio_p50: round(p50(hops[name]) / floorOf[name]),
      target_ratio: targets[name],
      met: p50(hops[name]) / floorOf[name] <= targets[name],
    }));
    const result = {
      date: new Date().toISOString(),
      machine: {
        cpu: os.cpus()[0]?.model ?? "unknown",
        cores: os.cpus().length,
        memory_gb: round(os.totalmem() / 2 ** 30, 1),
        node: process.version,
        hydra: hydraVersion(),
        hydra_storage: "postgres",
      },
      settings: {
        latency_virtual_users: LATENCY_USERS,
        latency_flows: LATENCY_FLOWS,
        load_virtual_users: USERS,
        load_flows: FLOWS,
        warmup_flows: WARMUP,
      },
      hops: hopRows,
      floors: Object.fromEntries(
        Object.entries(floors).map(([name, series]) => [name, series.summary(latencyFloor.seconds)]),
      ),
      load: {
        hops: Object.fromEntries(
          Object.entries(loadHops).map(([name, series]) => [name, series.summary(loadApp.seconds)]),
        ),
        floors: Object.fromEntries(
          Object.entries(loadFloors).map(([name, series]) => [name, series.summary(loadFloor.seconds)]),
        ),
      },
      bare_hop: bareHop.summary(1),
      whole_flow_vs_hydra_only_without_password: round(
        p50(hops["whole flow (app)"]) / p50(floors["whole flow (Hydra only)"]),
      ),
      password_check: passwordCheck.summary(1),
      errors: {
        app_flows: latencyApp.errors.length + loadApp.errors.length,
        hydra_only_flows: latencyFloor.errors.length + loadFloor.errors.length,
        first: [...latencyApp.errors, ...loadApp.errors, ...latencyFloor.errors, ...loadFloor.errors][0],
      },
      rss_mb: {
        before: rssBefore,
        after: rssAfter,
        growth: round(rssAfter - rssBefore, 1),
        hops: FLOWS * 4,
        v8_after: heapAfter,
      },
      throughput: {
        app_flows_per_second: round(FLOWS / loadApp.seconds),
        hydra_only_flows_per_second: round(FLOWS / loadFloor.seconds),
      },
    };
    mkdirSync(path.join(projectRoot, "bench/results"), { recursive: true });
    writeFileSync(path.join(projectRoot, "bench/results/latest.json"), JSON.stringify(result, null, 2) + "\n");
    writeFileSync(path.join(projectRoot, "docs/benchmark.md"), markdown(result));
    console.log(markdown(result));
  } finally {
    await stack.stop();
  }
}

type Row = { count: number; p50_ms: number; p99_ms: number; per_second: number };

function markdown(result: {
  date: string;
  machine: Record<string, unknown>;
  settings: Record<string, number>;
  hops: Array<Record<string, unknown>>;
  floors: Record<string, Row>;
  load: { hops: Record<string, Row>; floors: Record<string, Row> };
  whole_flow_vs_hydra_only_without_password: number;
  bare_hop: { p50_ms: number; p99_ms: number };
  password_check: { p50_ms: number; p99_ms: number };
  errors: { app_flows: number; hydra_only_flows: number; first?: string };
  rss_mb: { before: number; after: number; growth: number; hops: number; v8_after: Record<string, number> };
  throughput: { app_flows_per_second: number; hydra_only_flows_per_second: number };
}): string {
  const m = result.machine;
  const set = result.settings;
  const table = (rows: Record<string, Row>) => [
    "| step | p50 ms | p99 ms | per second |",
    "| --- | ---: | ---: | ---: |",
    ...Object.entries(rows).map(([name, row]) => `| ${name} | ${row.p50_ms} | ${row.p99_ms} | ${row.per_second} |`),
  ];
  return [
    "# Benchmark: what the app costs on top of Hydra",
    "",
    `Made by \`npm run bench\` on ${result.date.slice(0, 10)}: ${m.cores} × ${m.cpu}, ${m.memory_gb} GiB, Node ${m.node}, ` +
      `Hydra ${m.hydra} on PostgreSQL; Hydra, PostgreSQL, the app and the load generator share those ${m.cores} cores ` +
      "on 127.0.0.1. The app runs with NODE_ENV=production, a users file and in-memory sessions. Each virtual user " +
      "keeps its own cookies and fills in the forms parsed from the real pages, as a browser would.",
    "",
    `## Latency per hop (${set.latency_virtual_users} virtual users, ${set.latency_flows} flows each way, after ${set.warmup_flows} warm-up flows)`,
    "",
    "The floor of a hop is the Hydra admin calls the hop makes, called directly with the same client in the same run " +
      "(POST /login adds one password check, measured alone). The whole flow's floor is the same flow with the bench " +
      "accepting at Hydra's admin API itself, plus one password check. A hop through the app also includes the HTTP " +
      "round trip from the browser to the app, which its floor does not.",
    "",
    "| hop | p50 ms | p99 ms | per second | floor p50 ms | ratio | target | met |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: |",
    ...result.hops.map(
      (row) =>
        `| ${row.hop} | ${row.p50_ms} | ${row.p99_ms} | ${row.per_second} | ${row.floor_p50_ms} | ${row.ratio_p50}× | ≤ ${row.target_ratio}× | ${row.met ? "yes" : "no"} |`,
    ),
    "",
    `A page of ours that calls no Hydra (GET /) costs p50 ${result.bare_hop.p50_ms} ms, p99 ${result.bare_hop.p99_ms} ms ` +
      "from the same client: the HTTP round trip, headers, logging and rendering that every hop adds to its floor.",
    "",
    "Floors:",
    "",
    ...table(result.floors),
    "",
    `## Load (${set.load_virtual_users} concurrent flows, ${set.load_flows} flows each way)`,
    "",
    "Through the app:",
    "",
    ...table(result.load.hops),
    "",
    "Hydra alone:",
    "",
    ...table(result.load.floors),
    "",
    "## The rest",
    "",
    `- Errors: ${result.errors.app_flows} in flows through the app, ${result.errors.hydra_only_flows} in Hydra-only flows${result.errors.first ? ` (first: ${result.errors.first})` : ""}.`,
    `- Throughput at ${set.load_virtual_users} concurrent flows: ${result.throughput.app_flows_per_second} whole flows/s through the app, ${result.throughput.hydra_only_flows_per_second} flows/s with Hydra alone.`,
    `- App RSS: ${result.rss_mb.before} MB before the load, ${result.rss_mb.after} MB after ${result.rss_mb.hops} hops (growth ${result.rss_mb.growth} MB); of it V8's heap: ${result.rss_mb.v8_after.heap_used} MB used of ${result.rss_mb.v8_after.heap_total} MB, external ${result.rss_mb.v8_after.external} MB.`,
    `- Password check (argon2id, 19 MiB, t=2), alone: p50 ${result.password_check.p50_ms} ms, p99 ${result.password_check.p99_ms} ms.`,
    `- Whole flow through the app vs. Hydra alone, without counting the password check: ${result.whole_flow_vs_hydra_only_without_password}×.`,
    "",
  ].join("\n");
}

await main();
