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
import { projectRoot, run } from "../e2e/harness/processes.js";
import { createHydraAdmin, type HydraAdmin } from "../src/hydra.js";
import { hashPassword, verifyPassword } from "../src/identity/passwords.js";
import { CookieJar, hiddenField, send } from "./http.js";
import { round, runConcurrently, Series } from "./stats.js";

const USERS = Number(process.env.BENCH_USERS ?? 50);
const FLOWS = Number(process.env.BENCH_FLOWS ?? 2500); // 4 app hops a flow: 10,000 hops
const WARMUP = Number(process.env.BENCH_WARMUP ?? 200);
const CALLBACK = "http://127.0.0.1:9/callback"; // never fetched: the bench stops at the redirect

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return round(kb / 1024, 1);
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

    const hops = {
      "GET /login": new Series(),
      "POST /login": new Series(),
      "GET /consent": new Series(),
      "POST /consent": new Series(),
      "whole flow (app)": new Series(),
    };
    const floors = {
      getLoginRequest: new Series(),
      acceptLoginRequest: new Series(),
      getConsentRequest: new Series(),
      "getConsentRequest + acceptConsentRequest": new Series(),
      "whole flow (Hydra only)": new Series(),
    };

    /** A person's browser through our app: every hop timed. */
    async function appFlow(record: boolean): Promise<void> {
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
      if (!record) return;
      hops["GET /login"].record(loginPage.ms);
      hops["POST /login"].record(loginPost.ms);
      hops["GET /consent"].record(consentPage.ms);
      hops["POST /consent"].record(consentPost.ms);
      hops["whole flow (app)"].record(performance.now() - began);
    }

    /** The same flow with the bench playing the login app: only Hydra's own work. */
    async function hydraOnlyFlow(record: boolean): Promise<void> {
      const jar = new CookieJar();
      const began = performance.now();
      const time = async <T>(series: Series, call: () => Promise<T>): Promise<T> => {
        const start = performance.now();
        const result = await call();
        if (record) series.record(performance.now() - start);
        return result;
      };
      const loginChallenge = param(expectRedirect(await send(jar, authUrl()), "/login?"), "login_challenge");
      await time(floors.getLoginRequest, () => hydra.getLoginRequest(loginChallenge));
      const afterLogin = await time(floors.acceptLoginRequest, () =>
        hydra.acceptLoginRequest(loginChallenge, { subject: "bench-user-1", remember: false, acr: "1", amr: ["pwd"] }),
      );
      const consentChallenge = param(expectRedirect(await send(jar, afterLogin), "/consent?"), "consent_challenge");
      await time(floors.getConsentRequest, () => hydra.getConsentRequest(consentChallenge));
      const afterConsent = await time(floors["getConsentRequest + acceptConsentRequest"], async () => {
        const request = await hydra.getConsentRequest(consentChallenge);
        return hydra.acceptConsentRequest(consentChallenge, {
          grant_scope: request.requested_scope ?? [],
          grant_access_token_audience: [],
          session: { id_token: {} },
        });
      });
      const callback = expectRedirect(await send(jar, afterConsent), CALLBACK);
      if (param(callback, "code") === "") throw new Error(`no code in ${callback}`);
      if (record) floors["whole flow (Hydra only)"].record(performance.now() - began);
    }

    const appPid = stack.app.process.child.pid!;
    console.log(`warming up: ${WARMUP} flows each way`);
    const warmErrors = [
      ...(await runConcurrently(USERS, WARMUP, () => appFlow(false))).errors,
      ...(await runConcurrently(USERS, WARMUP, () => hydraOnlyFlow(false))).errors,
    ];
    if (warmErrors.length > 0) throw new Error(`warm-up failed: ${warmErrors[0]}`);
    const rssBefore = rssMb(appPid);

    console.log(`measuring: ${FLOWS} flows through the app from ${USERS} virtual users`);
    const appRun = await runConcurrently(USERS, FLOWS, () => appFlow(true));
    const rssAfter = rssMb(appPid);
    console.log(`measuring: ${FLOWS} Hydra-only flows from ${USERS} virtual users`);
    const floorRun = await runConcurrently(USERS, FLOWS, () => hydraOnlyFlow(true));

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
      ...hops[name].summary(appRun.seconds),
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
        hydra: (await run(stack.hydraBin, ["version"])).split("\n")[0]?.trim() ?? "",
        hydra_storage: "postgres",
      },
      settings: { virtual_users: USERS, flows: FLOWS, warmup_flows: WARMUP },
      hops: hopRows,
      floors: Object.fromEntries(
        Object.entries(floors).map(([name, series]) => [name, series.summary(floorRun.seconds)]),
      ),
      whole_flow_vs_hydra_only_without_password: round(
        p50(hops["whole flow (app)"]) / p50(floors["whole flow (Hydra only)"]),
      ),
      password_check: passwordCheck.summary(1),
      errors: {
        app_flows: appRun.errors.length,
        hydra_only_flows: floorRun.errors.length,
        first: appRun.errors[0] ?? floorRun.errors[0],
      },
      rss_mb: { before: rssBefore, after: rssAfter, growth: round(rssAfter - rssBefore, 1), hops: FLOWS * 4 },
      throughput: {
        app_flows_per_second: round(FLOWS / appRun.seconds),
        hydra_only_flows_per_second: round(FLOWS / floorRun.seconds),
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

function markdown(result: {
  date: string;
  machine: Record<string, unknown>;
  settings: Record<string, number>;
  hops: Array<Record<string, unknown>>;
  floors: Record<string, { count: number; p50_ms: number; p99_ms: number; per_second: number }>;
  whole_flow_vs_hydra_only_without_password: number;
  password_check: { p50_ms: number; p99_ms: number };
  errors: { app_flows: number; hydra_only_flows: number };
  rss_mb: { before: number; after: number; growth: number; hops: number };
  throughput: { app_flows_per_second: number; hydra_only_flows_per_second: number };
}): string {
  const m = result.machine;
  const lines = [
    "# Benchmark: what the app costs on top of Hydra",
    "",
    `Made by \`npm run bench\` on ${result.date.slice(0, 10)}: ${m.cores} × ${m.cpu}, ${m.memory_gb} GiB, Node ${m.node}, ` +
      `Hydra ${m.hydra} on PostgreSQL, all on 127.0.0.1. ${result.settings.virtual_users} virtual users, ` +
      `${result.settings.flows} measured flows each way after ${result.settings.warmup_flows} warm-up flows. ` +
      "The app runs with NODE_ENV=production, a users file and in-memory sessions.",
    "",
    "## Hops through the app, against their floor",
    "",
    "The floor of a hop is the Hydra admin calls the hop makes, called directly with the same client in the same run " +
      "(POST /login adds one password check, measured alone; the whole flow's floor is the same flow with the bench " +
      "accepting at Hydra directly, plus one password check).",
    "",
    "| hop | p50 ms | p99 ms | per second | floor p50 ms | ratio | target | met |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: |",
    ...result.hops.map(
      (row) =>
        `| ${row.hop} | ${row.p50_ms} | ${row.p99_ms} | ${row.per_second} | ${row.floor_p50_ms} | ${row.ratio_p50}× | ≤ ${row.target_ratio}× | ${row.met ? "yes" : "no"} |`,
    ),
    "",
    "## Floors (Hydra alone)",
    "",
    "| call | p50 ms | p99 ms | per second |",
    "| --- | ---: | ---: | ---: |",
    ...Object.entries(result.floors).map(
      ([name, row]) => `| ${name} | ${row.p50_ms} | ${row.p99_ms} | ${row.per_second} |`,
    ),
    "",
    "## The rest",
    "",
    `- Password check (argon2id, 19 MiB, t=2), alone: p50 ${result.password_check.p50_ms} ms, p99 ${result.password_check.p99_ms} ms.`,
    `- Whole flow through the app vs. Hydra alone, without counting the password check: ${result.whole_flow_vs_hydra_only_without_password}×.`,
    `- Errors: ${result.errors.app_flows} in app flows, ${result.errors.hydra_only_flows} in Hydra-only flows.`,
    `- App RSS: ${result.rss_mb.before} MB after warm-up, ${result.rss_mb.after} MB after ${result.rss_mb.hops} hops (growth ${result.rss_mb.growth} MB).`,
    `- Throughput: ${result.throughput.app_flows_per_second} whole flows/s through the app, ${result.throughput.hydra_only_flows_per_second} flows/s with Hydra alone.`,
    "",
  ];
  return lines.join("\n");
}

await main();
