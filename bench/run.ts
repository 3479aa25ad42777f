/**
 * npm run bench: what each page of ours costs in CPU, measured per request, beside its floors in the same run.
 *
 * Starts PostgreSQL, Hydra and the app (production mode, metrics on their own port), plus two processes of the
 * bench's own: a bare node:http server answering a fixed page (the floor of any Node page) and a child that makes
 * the Hydra admin calls of each hop with our client, or checks passwords (what those cost alone). Each hop is
 * then driven alone, BENCH_REQUESTS times from BENCH_WORKERS closed-loop workers, each request from its own
 * virtual user (a cookie jar, forms parsed from the real pages), after BENCH_WARMUP unmeasured ones. The CPU of
 * a process over a stage is utime + stime from /proc/<pid>/stat (see cpu.ts), divided by the requests.
 *
 * Environment (defaults in brackets): BENCH_REQUESTS [4000] per hop, BENCH_PAGE_REQUESTS [4 × that] for GET /
 * and the bare page, BENCH_WORKERS [8], BENCH_WARMUP [2000], BENCH_ROUNDS [3] of GET /, its floor, GET /login,
 * the light-hash POST /login and GET /consent (their median decides), BENCH_PASSWORD_CHECKS [200], BENCH_FLOWS [500]
 * whole flows at BENCH_WORKERS, BENCH_LOAD_USERS [50] and BENCH_LOAD_FLOWS [2500] (4 hops each: the memory
 * figure), BENCH_LOG_LEVEL [warn], BENCH_PROFILE=dir (a CPU profile of the app), BENCH_NODE_ARGS (app flags).
 *
 * Writes bench/results/latest.json (not tracked) and prints the tables; `npm run bench -- --write` also rewrites
 * docs/benchmark.md.
 */
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, projectRoot } from "../e2e/harness/processes.js";
import { startStack } from "../e2e/harness/stack.js";
import { createHydraAdmin, type HydraAdmin } from "../src/hydra.js";
import argon2 from "argon2";
import { hashPassword } from "../src/identity/passwords.js";
import type { AdminCall, ChildReply, ChildRequest } from "./child.js";
import { cpuSample, cpuSince, machine, microsPer, rssMb } from "./cpu.js";
import { CookieJar, hiddenField, send } from "./http.js";
import { round, runConcurrently, runEach, Series } from "./stats.js";

function count(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a whole number, not ${process.env[name]}`);
  return value;
}
const REQUESTS = count("BENCH_REQUESTS", 4000);
const PAGE_REQUESTS = count("BENCH_PAGE_REQUESTS", 4 * REQUESTS);
const WORKERS = Math.max(1, count("BENCH_WORKERS", 8));
// V8 compiles the request path on helper threads during a hop's first thousand or so requests; with 200 of them,
// about a fifth of GET /login's measured CPU was that compiling. The warm-up's own cost is reported beside.
const WARMUP = count("BENCH_WARMUP", 2000);
// On a machine shared with Hydra and PostgreSQL, one stage's CPU per request moves by 15–20% from one run to the
// next; the hops whose targets sit near their line are measured in this many rounds spread over the run, and each
// target reads the median round.
const ROUNDS = Math.max(1, count("BENCH_ROUNDS", 3));
const PASSWORD_CHECKS = Math.max(1, count("BENCH_PASSWORD_CHECKS", 200));
const FLOWS = count("BENCH_FLOWS", 500);
const LOAD_USERS = Math.max(1, count("BENCH_LOAD_USERS", 50));
const LOAD_FLOWS = count("BENCH_LOAD_FLOWS", 2500);
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? "warn";
const WRITE_DOC = process.argv.includes("--write");
const CALLBACK = "http://127.0.0.1:9/callback"; // never fetched: the bench stops at the redirect
/** As `npm start` and the Dockerfile run the app; the bench's own processes get the same, to compare alike. */
const CHILD_ENV = {
  PATH: process.env.PATH,
  MALLOC_ARENA_MAX: "1",
  NODE_OPTIONS: "--max-semi-space-size=4 --max-old-space-size=96",
};
const TARGETS = { rootVsBare: 2, getCpuUs: 800, throughputShare: 0.6, rssMb: 120, postLoginRestUs: 800 };

/** Our Hydra build reports itself as "master"; the version is the one e2e/hydra/go.mod requires. */
function hydraVersion(): string {
  const goMod = readFileSync(path.join(projectRoot, "e2e/hydra/go.mod"), "utf8");
  return /github\.com\/ory\/hydra\/v2 (v\S+)/.exec(goMod)?.[1] ?? "unknown";
}

/** V8's own view of the app's memory, from its Prometheus metrics on METRICS_PORT. */
async function heapMb(metricsUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(metricsUrl)).text();
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

/** The login form's hidden fields, as a browser posts them (the sealed facts spare the app a Hydra call). */
const loginFormOf = (html: string) => ({
  _csrf: hiddenField(html, "_csrf"),
  challenge: hiddenField(html, "challenge"),
  facts: hiddenField(html, "facts"),
});

const param = (url: string, name: string) => new URL(url).searchParams.get(name) ?? "";

/** A forked process of the bench's own, with the app's memory settings and its pid for /proc. */
function forkChild(file: string): ChildProcess {
  return fork(path.join(import.meta.dirname, file), [], {
    execArgv: ["--import", "tsx"],
    env: CHILD_ENV,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}

function ask<T>(child: ChildProcess, message?: ChildRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`a bench child exited with ${code}`));
    child.once("exit", onExit);
    child.once("message", (reply: T | { error: string }) => {
      child.off("exit", onExit);
      if (typeof reply === "object" && reply !== null && "error" in reply) reject(new Error(reply.error));
      else resolve(reply as T);
    });
    if (message !== undefined) child.send(message);
  });
}

/** One measured stage: requests, wall time, CPU of the process that served them, latencies. */
interface Stage {
  count: number;
  seconds: number;
  ticks: number;
  mainTicks: number;
  /** CPU over the unmeasured warm-up requests (V8 still compiling), and how many there were. */
  warmupTicks?: number;
  warmupCount?: number;
  /** CPU per request of every round, when the stage is the median of several. */
  roundsCpuUs?: number[];
  series: Series;
  errors: string[];
}

function stageSummary(stage: Stage) {
  return {
    requests: stage.count,
    cpu_us: round(microsPer(stage.ticks, stage.count), 0),
    main_thread_us: round(microsPer(stage.mainTicks, stage.count), 0),
    rounds_cpu_us: stage.roundsCpuUs?.join(" / ") ?? "—",
    warmup_cpu_us: stage.warmupCount ? round(microsPer(stage.warmupTicks ?? 0, stage.warmupCount), 0) : "—",
    cpu_ticks: stage.ticks,
    p50_ms: round(stage.series.percentileMs(50)),
    p99_ms: round(stage.series.percentileMs(99)),
    per_second: round(stage.count / stage.seconds, 0),
    errors: stage.errors.length,
  };
}
type StageSummary = ReturnType<typeof stageSummary>;

/** Runs `hop` on the first `warmup` items unmeasured, then on the rest while reading `pid`'s CPU. */
async function measure<T>(
  pid: number,
  items: readonly T[],
  hop: (item: T) => Promise<number>,
  warmup = WARMUP,
): Promise<Stage> {
  const warmItems = items.slice(0, warmup);
  const warmBefore = cpuSample(pid);
  const warm = await runEach(WORKERS, warmItems, async (item) => void (await hop(item)));
  const warmupTicks = cpuSince(pid, warmBefore).ticks;
  const measured = items.slice(warmup);
  const series = new Series();
  const before = cpuSample(pid);
  const run = await runEach(WORKERS, measured, async (item) => series.record(await hop(item)));
  const cpu = cpuSince(pid, before);
  return {
    count: measured.length,
    seconds: run.seconds,
    ...cpu,
    warmupTicks,
    warmupCount: warmItems.length,
    series,
    errors: [...warm.errors, ...run.errors],
  };
}

/** The round with the median CPU per request (its latency and throughput with it), the first round's warm-up. */
function medianRound(rounds: readonly Stage[]): Stage {
  const perRequest = (stage: Stage) => stage.ticks / stage.count;
  const sorted = [...rounds].sort((a, b) => perRequest(a) - perRequest(b));
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return {
    ...median,
    warmupTicks: rounds[0]?.warmupTicks,
    warmupCount: rounds[0]?.warmupCount,
    roundsCpuUs: rounds.map((stage) => round(microsPer(stage.ticks, stage.count), 0)),
    errors: rounds.flatMap((stage) => stage.errors),
  };
}

function fromChild(reply: ChildReply): Stage {
  const series = new Series();
  for (const ms of reply.latenciesMs) series.record(ms);
  return { ...reply, series };
}

/** One virtual user's way through one flow, filled in stage by stage. */
interface Flow {
  jar: CookieJar;
  loginUrl: string;
  loginForm?: Record<string, string>;
  afterLogin?: string;
  consentUrl?: string;
  consentForm?: Record<string, string>;
  afterConsent?: string;
}

const need = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`skipped: ${what} failed earlier`);
  return value;
};

/**
 * The rest of POST /login, measured directly: an account whose stored hash is argon2id at its smallest (8 KiB, one
 * pass), so that the check costs next to nothing and what the app spends besides it shows alone. The app verifies
 * with the parameters a hash carries, so nothing else changes.
 */
const LIGHT_EMAIL = "light@example.test";
const lightHash = (password: string) =>
  argon2.hash(password, { type: argon2.argon2id, memoryCost: 8, timeCost: 1, parallelism: 1 });

async function main(): Promise<void> {
  const usersFile = path.join(os.tmpdir(), `bench-users-${process.pid}.json`);
  const appHash = await hashPassword("bench-password");
  const lightAccountHash = await lightHash("bench-password");
  writeFileSync(
    usersFile,
    JSON.stringify([
      {
        id: "bench-user-1",
        email: "bench@example.test",
        email_verified: true,
        password_hash: appHash,
        claims: { name: "Bench User" },
      },
      {
        id: "bench-user-light",
        email: LIGHT_EMAIL,
        email_verified: true,
        password_hash: lightAccountHash,
        claims: { name: "Bench User (light hash)" },
      },
    ]),
  );
  const metricsPort = await freePort();
  const stack = await startStack({
    storage: "postgres",
    // Production refuses a plain-http Hydra for the account area; the bench measures the flows without it.
    accountArea: false,
    appEnv: {
      NODE_ENV: "production",
      SESSION_SECRET: randomBytes(32).toString("hex"),
      LOG_LEVEL,
      USERS_FILE: usersFile,
      // /metrics on a port of its own: production no longer serves it on the app port without a token.
      METRICS_PORT: String(metricsPort),
      // Every virtual user signs in as the same account, many at once: the bench measures cost, not the limits
      // (which refuse more than 10 checks in flight for one account).
      LOGIN_MAX_FAILURES_PER_ACCOUNT: "1000",
      LOGIN_MAX_FAILURES_PER_IP: "100000",
    },
    // BENCH_PROFILE=dir writes a CPU profile of the app there (open it in Chrome's DevTools).
    // BENCH_NODE_ARGS adds node flags to the app, to try V8 settings.
    appNodeArgs: [
      ...(process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
      ...(process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
    ],
  });
  const loadAverageAtStart = os.loadavg()[0] ?? NaN;
  const floorServer = forkChild("floor-server.ts");
  const child = forkChild("child.ts");
  try {
    const floorInfo = await ask<{ port: number; bytes: number }>(floorServer);
    const floorUrl = `http://127.0.0.1:${floorInfo.port}/`;
    const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    const appPid = stack.app.process.child.pid!;
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
    const hydra: HydraAdmin & { close(): void } = createHydraAdmin({
      adminUrl: stack.hydra.adminUrl,
      timeoutMs: 10_000,
    });
    const authUrl = () =>
      `${stack.hydra.publicUrl}/oauth2/auth?${new URLSearchParams({
        client_id: client.client_id,
        response_type: "code",
        redirect_uri: CALLBACK,
        scope: "openid offline_access",
        state: randomBytes(8).toString("hex"),
      })}`;
    const prepare = async <T>(what: string, items: readonly T[], step: (item: T) => Promise<void>) => {
      const run = await runEach(WORKERS, items, step);
      if (run.errors.length > 0) console.warn(`${what}: ${run.errors.length} failed (first: ${run.errors[0]})`);
      return run.errors.length;
    };
    const newFlows = async (howMany: number): Promise<Flow[]> => {
      const flows: Flow[] = Array.from({ length: howMany }, () => ({ jar: new CookieJar(), loginUrl: "" }));
      await prepare("starting flows at Hydra", flows, async (flow) => {
        flow.loginUrl = expectRedirect(await send(flow.jar, authUrl()), "/login?");
      });
      return flows;
    };
    let preparationErrors = 0;

    // 1. GET / and its floor, a bare node:http page.
    const pages = Array.from({ length: WARMUP + PAGE_REQUESTS }, (_, index) => index);
    console.log(`GET /: ${PAGE_REQUESTS} requests from ${WORKERS} workers, and as many of the bare page`);
    const getPage = (url: string) => async () => {
      const answer = await send(new CookieJar(), url);
      if (answer.status !== 200) throw new Error(`GET ${url} answered ${answer.status}`);
      return answer.ms;
    };
    const bare = await measure(floorServer.pid!, pages, getPage(floorUrl));
    const root = await measure(appPid, pages, getPage(`${stack.app.url}/`));

    // 2. The four hops through the app, each alone, every request from its own virtual user.
    console.log(`hops through the app: ${REQUESTS} of each from ${WORKERS} workers`);
    const flows = await newFlows(WARMUP + REQUESTS);
    const getLoginHop = async (flow: Flow) => {
      const page = await send(flow.jar, flow.loginUrl);
      if (page.status !== 200) throw new Error(`GET /login answered ${page.status}`);
      flow.loginForm = loginFormOf(page.body);
      return page.ms;
    };
    const getLogin = await measure(appPid, flows, getLoginHop);
    const postLogin = await measure(appPid, flows, async (flow) => {
      const answer = await send(flow.jar, `${stack.app.url}/login`, {
        method: "POST",
        form: {
          ...need(flow.loginForm, "GET /login"),
          email: "bench@example.test",
          password: "bench-password",
          action: "accept",
        },
      });
      flow.afterLogin = expectRedirect(answer, "login_verifier=");
      return answer.ms;
    });
    // The same hop for an account with the light hash: its CPU is the rest of POST /login, shown alone.
    const lightFlows = await newFlows(WARMUP + REQUESTS);
    preparationErrors += await prepare("login pages for the light-hash account", lightFlows, async (flow) => {
      await getLoginHop(flow);
    });
    const postLoginLightHop = async (flow: Flow) => {
      const answer = await send(flow.jar, `${stack.app.url}/login`, {
        method: "POST",
        form: {
          ...need(flow.loginForm, "GET /login"),
          email: LIGHT_EMAIL,
          password: "bench-password",
          action: "accept",
        },
      });
      expectRedirect(answer, "login_verifier=");
      return answer.ms;
    };
    const postLoginLight = await measure(appPid, lightFlows, postLoginLightHop);
    preparationErrors += await prepare("login verifiers at Hydra", flows, async (flow) => {
      flow.consentUrl = expectRedirect(await send(flow.jar, need(flow.afterLogin, "POST /login")), "/consent?");
    });
    const getConsentHop = async (flow: Flow) => {
      const page = await send(flow.jar, need(flow.consentUrl, "the login verifier"));
      if (page.status !== 200) throw new Error(`GET /consent answered ${page.status}`);
      flow.consentForm = { _csrf: hiddenField(page.body, "_csrf"), challenge: hiddenField(page.body, "challenge") };
      return page.ms;
    };
    const getConsent = await measure(appPid, flows, getConsentHop);
    const postConsent = await measure(appPid, flows, async (flow) => {
      const answer = await send(flow.jar, `${stack.app.url}/consent`, {
        method: "POST",
        form: {
          ...need(flow.consentForm, "GET /consent"),
          grant_scope: ["openid", "offline_access"],
          action: "accept",
        },
      });
      flow.afterConsent = expectRedirect(answer, "consent_verifier=");
      return answer.ms;
    });
    // A sample of the flows is taken to the end, to prove they were real.
    preparationErrors += await prepare("consent verifiers at Hydra", flows.slice(-100), async (flow) => {
      const callback = expectRedirect(await send(flow.jar, need(flow.afterConsent, "POST /consent")), CALLBACK);
      if (param(callback, "code") === "") throw new Error(`no code in ${callback}`);
    });

    // 3. The same hops' Hydra admin calls alone, from the child, with our client.
    console.log(`Hydra admin calls alone: ${REQUESTS} of each hop's from ${WORKERS} workers`);
    const adminFlows = await newFlows(WARMUP + REQUESTS);
    const admin = async (calls: AdminCall[], challenges: string[]) =>
      ask<ChildReply>(child, {
        kind: "admin",
        adminUrl: stack.hydra.adminUrl,
        calls,
        challenges,
        warmup: WARMUP,
        workers: WORKERS,
      });
    const loginChallenges = adminFlows.map((flow) => param(flow.loginUrl, "login_challenge"));
    const getLoginRequest = await admin(["getLoginRequest"], loginChallenges);
    const acceptLoginRequest = await admin(["acceptLoginRequest"], loginChallenges);
    adminFlows.forEach((flow, index) => (flow.afterLogin = acceptLoginRequest.redirects[index] || undefined));
    preparationErrors += await prepare("login verifiers at Hydra (admin floor)", adminFlows, async (flow) => {
      flow.consentUrl = expectRedirect(await send(flow.jar, need(flow.afterLogin, "acceptLoginRequest")), "/consent?");
    });
    const consentChallenges = adminFlows.map((flow) => param(flow.consentUrl ?? "http://x/", "consent_challenge"));
    const getConsentRequest = await admin(["getConsentRequest"], consentChallenges);
    const getAndAcceptConsent = await admin(["getConsentRequest", "acceptConsentRequest"], consentChallenges);
    adminFlows.forEach((flow, index) => (flow.afterConsent = getAndAcceptConsent.redirects[index] || undefined));
    preparationErrors += await prepare(
      "consent verifiers at Hydra (admin floor)",
      adminFlows.slice(-100),
      async (flow) => {
        const callback = expectRedirect(
          await send(flow.jar, need(flow.afterConsent, "acceptConsentRequest")),
          CALLBACK,
        );
        if (param(callback, "code") === "") throw new Error(`no code in ${callback}`);
      },
    );

    // 4. The password check alone in the child: one at a time, and from as many workers as the hop had (two checks
    // at once on two cores slow each other down: shared caches and memory bandwidth), and the light hash's.
    console.log(`password check alone: ${PASSWORD_CHECKS} argon2id verifications, one at a time and at ${WORKERS}`);
    const checks = (hash: string, workers: number) =>
      ask<ChildReply>(child, {
        kind: "password",
        hash,
        password: "bench-password",
        count: PASSWORD_CHECKS,
        warmup: Math.min(WARMUP, 20),
        workers,
      }).then(fromChild);
    const password = await checks(appHash, 1);
    const passwordConcurrent = await checks(appHash, WORKERS);
    const passwordLight = await checks(lightAccountHash, WORKERS);

    // 4b. More rounds of the hops whose targets sit near their line, spread over the run (see ROUNDS). Already
    // warm, so nothing goes unmeasured. The consent pages' flows are signed in at Hydra's admin API by the bench
    // after the login page was shown (so the browser holds the app's CSRF cookie, as after a real sign-in): GET
    // /consent cannot tell the difference, and no password check slows the round down.
    const rounds = {
      bare: [bare],
      root: [root],
      getLogin: [getLogin],
      postLoginLight: [postLoginLight],
      getConsent: [getConsent],
    };
    for (let roundNumber = 2; roundNumber <= ROUNDS; roundNumber++) {
      console.log(
        `round ${roundNumber} of ${ROUNDS}: GET /, its floor, GET /login, POST /login (light hash), GET /consent`,
      );
      const roundPages = pages.slice(0, PAGE_REQUESTS);
      rounds.bare.push(await measure(floorServer.pid!, roundPages, getPage(floorUrl), 0));
      rounds.root.push(await measure(appPid, roundPages, getPage(`${stack.app.url}/`), 0));
      const loginFlows = await newFlows(REQUESTS);
      rounds.getLogin.push(await measure(appPid, loginFlows, getLoginHop, 0));
      rounds.postLoginLight.push(await measure(appPid, loginFlows, postLoginLightHop, 0));
      const consentFlows = await newFlows(REQUESTS);
      preparationErrors += await prepare("consent pages (signed in at Hydra)", consentFlows, async (flow) => {
        await getLoginHop(flow);
        const afterLogin = await hydra.acceptLoginRequest(param(flow.loginUrl, "login_challenge"), {
          subject: "bench-user-1",
          remember: false,
          acr: "1",
          amr: ["pwd"],
        });
        flow.consentUrl = expectRedirect(await send(flow.jar, afterLogin), "/consent?");
      });
      rounds.getConsent.push(await measure(appPid, consentFlows, getConsentHop, 0));
    }

    // 5. Whole flows at the same concurrency: through the app, and with the bench accepting at Hydra itself.
    async function appFlow(whole: Series | undefined): Promise<void> {
      const jar = new CookieJar();
      const began = performance.now();
      const loginPage = await send(jar, expectRedirect(await send(jar, authUrl()), "/login?"));
      if (loginPage.status !== 200) throw new Error(`GET /login answered ${loginPage.status}`);
      const loginPost = await send(jar, `${stack.app.url}/login`, {
        method: "POST",
        form: {
          ...loginFormOf(loginPage.body),
          email: "bench@example.test",
          password: "bench-password",
          action: "accept",
        },
      });
      const toConsent = expectRedirect(await send(jar, expectRedirect(loginPost, "login_verifier=")), "/consent?");
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
      whole?.record(performance.now() - began);
    }
    async function hydraOnlyFlow(whole: Series | undefined): Promise<void> {
      const jar = new CookieJar();
      const began = performance.now();
      const loginChallenge = param(expectRedirect(await send(jar, authUrl()), "/login?"), "login_challenge");
      await hydra.getLoginRequest(loginChallenge);
      const afterLogin = await hydra.acceptLoginRequest(loginChallenge, {
        subject: "bench-user-1",
        remember: false,
        acr: "1",
        amr: ["pwd"],
      });
      const consentChallenge = param(expectRedirect(await send(jar, afterLogin), "/consent?"), "consent_challenge");
      const request = await hydra.getConsentRequest(consentChallenge);
      const afterConsent = await hydra.acceptConsentRequest(consentChallenge, {
        grant_scope: request.requested_scope ?? [],
        grant_access_token_audience: [],
        session: { id_token: {} },
      });
      const callback = expectRedirect(await send(jar, afterConsent), CALLBACK);
      if (param(callback, "code") === "") throw new Error(`no code in ${callback}`);
      whole?.record(performance.now() - began);
    }
    console.log(`whole flows: ${FLOWS} each way from ${WORKERS} workers`);
    const wholeApp = new Series();
    const wholeBefore = cpuSample(appPid);
    const wholeAppRun = await runConcurrently(WORKERS, FLOWS, () => appFlow(wholeApp));
    const wholeCpu = cpuSince(appPid, wholeBefore);
    const wholeHydra = new Series();
    const wholeHydraRun = await runConcurrently(WORKERS, FLOWS, () => hydraOnlyFlow(wholeHydra));

    // 6. Memory under load: LOAD_FLOWS whole flows (4 hops each) from LOAD_USERS at once.
    const rssBefore = rssMb(appPid);
    console.log(`load: ${LOAD_FLOWS} flows through the app from ${LOAD_USERS} virtual users`);
    const loadApp = await runConcurrently(LOAD_USERS, LOAD_FLOWS, () => appFlow(undefined));
    const rssAfter = rssMb(appPid);
    const heapAfter = await heapMb(metricsUrl);
    console.log(`load: ${LOAD_FLOWS} Hydra-only flows from ${LOAD_USERS} virtual users`);
    const loadHydra = await runConcurrently(LOAD_USERS, LOAD_FLOWS, () => hydraOnlyFlow(undefined));
    hydra.close();

    const s = {
      bare: stageSummary(medianRound(rounds.bare)),
      root: stageSummary(medianRound(rounds.root)),
      getLogin: stageSummary(medianRound(rounds.getLogin)),
      postLogin: stageSummary(postLogin),
      getConsent: stageSummary(medianRound(rounds.getConsent)),
      postConsent: stageSummary(postConsent),
      getLoginRequest: stageSummary(fromChild(getLoginRequest)),
      acceptLoginRequest: stageSummary(fromChild(acceptLoginRequest)),
      getConsentRequest: stageSummary(fromChild(getConsentRequest)),
      getAndAcceptConsent: stageSummary(fromChild(getAndAcceptConsent)),
      password: stageSummary(password),
      passwordConcurrent: stageSummary(passwordConcurrent),
      passwordLight: stageSummary(passwordLight),
      postLoginLight: stageSummary(medianRound(rounds.postLoginLight)),
    };
    const hop = (name: string, app: StageSummary, floorName: string, floor: StageSummary, extraUs = 0) => ({
      hop: name,
      ...app,
      floor: floorName,
      floor_cpu_us: floor.cpu_us,
      floor_p50_ms: floor.p50_ms,
      floor_p99_ms: floor.p99_ms,
      floor_per_second: floor.per_second,
      // What is left once a bare page, our Hydra client's calls and (POST /login) the password check are taken out.
      own_cpu_us: round(
        app.cpu_us - (floorName === "bare node:http page" ? 0 : s.bare.cpu_us) - floor.cpu_us - extraUs,
        0,
      ),
    });
    const hops = [
      hop("GET /", s.root, "bare node:http page", s.bare),
      hop("GET /login", s.getLogin, "getLoginRequest", s.getLoginRequest),
      hop("POST /login", s.postLogin, "acceptLoginRequest", s.acceptLoginRequest, s.passwordConcurrent.cpu_us),
      hop(
        "POST /login, light hash",
        s.postLoginLight,
        "acceptLoginRequest",
        s.acceptLoginRequest,
        s.passwordLight.cpu_us,
      ),
      hop("GET /consent", s.getConsent, "getConsentRequest", s.getConsentRequest),
      hop("POST /consent", s.postConsent, "getConsentRequest + acceptConsentRequest", s.getAndAcceptConsent),
    ];
    // The rest of POST /login two ways: measured directly (the light hash's hop minus its tiny check), and by
    // subtraction (the real hop minus the check alone at the same concurrency). The direct one decides.
    const postLoginRest = round(s.postLoginLight.cpu_us - s.passwordLight.cpu_us, 0);
    const postLoginRestBySubtraction = round(s.postLogin.cpu_us - s.passwordConcurrent.cpu_us, 0);
    const share = (app: StageSummary, floor: StageSummary) => round(app.per_second / floor.per_second);
    const targets = [
      {
        target: `GET / app CPU ≤ ${TARGETS.rootVsBare}× the bare node:http page's`,
        measured: `${s.root.cpu_us} µs vs ${s.bare.cpu_us} µs (${round(s.root.cpu_us / s.bare.cpu_us, 2)}×)`,
        met: s.root.cpu_us <= TARGETS.rootVsBare * s.bare.cpu_us,
      },
      {
        target: `GET /login app CPU ≤ ${TARGETS.getCpuUs} µs`,
        measured: `${s.getLogin.cpu_us} µs`,
        met: s.getLogin.cpu_us <= TARGETS.getCpuUs,
      },
      {
        target: `GET /consent app CPU ≤ ${TARGETS.getCpuUs} µs`,
        measured: `${s.getConsent.cpu_us} µs`,
        met: s.getConsent.cpu_us <= TARGETS.getCpuUs,
      },
      {
        target: `POST /login CPU without the password check ≤ ${TARGETS.postLoginRestUs} µs`,
        measured:
          `${s.postLoginLight.cpu_us} − ${s.passwordLight.cpu_us} = ${postLoginRest} µs with the light hash ` +
          `(by subtraction: ${s.postLogin.cpu_us} − ${s.passwordConcurrent.cpu_us} = ${postLoginRestBySubtraction} µs)`,
        met: postLoginRest <= TARGETS.postLoginRestUs,
      },
      ...(
        [
          ["GET /", s.root, "the bare page", s.bare],
          ["GET /login", s.getLogin, "getLoginRequest alone", s.getLoginRequest],
          ["GET /consent", s.getConsent, "getConsentRequest alone", s.getConsentRequest],
        ] as const
      ).map(([name, app, floorName, floor]) => ({
        target: `${name} throughput at ${WORKERS} workers ≥ ${TARGETS.throughputShare * 100}% of ${floorName}`,
        measured: `${app.per_second}/s vs ${floor.per_second}/s (${Math.round(share(app, floor) * 100)}%)`,
        met: share(app, floor) >= TARGETS.throughputShare,
      })),
      {
        target: `App RSS ≤ ${TARGETS.rssMb} MB after ${LOAD_FLOWS * 4} hops at ${LOAD_USERS} concurrent flows`,
        measured: `${rssAfter} MB`,
        met: rssAfter <= TARGETS.rssMb,
      },
    ];
    const result = {
      date: new Date().toISOString(),
      machine: {
        ...machine(),
        hydra: hydraVersion(),
        hydra_storage: "postgres",
        load_average_1m: { start: round(loadAverageAtStart), end: round(os.loadavg()[0] ?? NaN) },
      },
      settings: {
        requests: REQUESTS,
        page_requests: PAGE_REQUESTS,
        workers: WORKERS,
        warmup: WARMUP,
        rounds: ROUNDS,
        password_checks: PASSWORD_CHECKS,
        flows: FLOWS,
        load_users: LOAD_USERS,
        load_flows: LOAD_FLOWS,
        app_log_level: LOG_LEVEL,
        bare_page_bytes: floorInfo.bytes,
      },
      targets,
      hops,
      admin_calls: {
        getLoginRequest: s.getLoginRequest,
        acceptLoginRequest: s.acceptLoginRequest,
        getConsentRequest: s.getConsentRequest,
        "getConsentRequest + acceptConsentRequest": s.getAndAcceptConsent,
      },
      password_check: s.password,
      password_check_concurrent: s.passwordConcurrent,
      password_check_light: s.passwordLight,
      post_login_rest_cpu_us: postLoginRest,
      post_login_rest_by_subtraction_cpu_us: postLoginRestBySubtraction,
      whole_flow: {
        app: {
          ...wholeApp.summary(wholeAppRun.seconds),
          cpu_us: round(microsPer(wholeCpu.ticks, FLOWS), 0),
          errors: wholeAppRun.errors.length,
        },
        hydra_only: { ...wholeHydra.summary(wholeHydraRun.seconds), errors: wholeHydraRun.errors.length },
      },
      load: {
        app_flows_per_second: round(LOAD_FLOWS / loadApp.seconds),
        hydra_only_flows_per_second: round(LOAD_FLOWS / loadHydra.seconds),
        errors: loadApp.errors.length + loadHydra.errors.length,
      },
      rss_mb: { before: rssBefore, after: rssAfter, growth: round(rssAfter - rssBefore, 1), v8_after: heapAfter },
      errors: {
        preparation: preparationErrors,
        first: [
          ...bare.errors,
          ...root.errors,
          ...getLogin.errors,
          ...postLogin.errors,
          ...postLoginLight.errors,
          ...getConsent.errors,
          ...postConsent.errors,
          ...getLoginRequest.errors,
          ...acceptLoginRequest.errors,
          ...getConsentRequest.errors,
          ...getAndAcceptConsent.errors,
          ...password.errors,
          ...passwordConcurrent.errors,
          ...passwordLight.errors,
          ...wholeAppRun.errors,
          ...wholeHydraRun.errors,
          ...loadApp.errors,
          ...loadHydra.errors,
        ][0],
      },
    };
    const resultsDir = path.join(projectRoot, "bench/results");
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(path.join(resultsDir, "latest.json"), JSON.stringify(result, null, 2) + "\n");
    const doc = markdown(result);
    console.log(doc);
    console.log(`results: ${path.join(resultsDir, "latest.json")}`);
    if (WRITE_DOC) {
      writeFileSync(path.join(projectRoot, "docs/benchmark.md"), doc);
      console.log("rewrote docs/benchmark.md");
    }
  } finally {
    floorServer.disconnect();
    child.disconnect();
    await stack.stop();
  }
}

type Result = {
  date: string;
  machine: ReturnType<typeof machine> & {
    hydra: string;
    hydra_storage: string;
    load_average_1m: { start: number; end: number };
  };
  settings: Record<string, number | string>;
  targets: Array<{ target: string; measured: string; met: boolean }>;
  hops: Array<StageSummary & { hop: string; floor: string; own_cpu_us: number } & Record<string, number | string>>;
  admin_calls: Record<string, StageSummary>;
  password_check: StageSummary;
  password_check_concurrent: StageSummary;
  password_check_light: StageSummary;
  post_login_rest_cpu_us: number;
  post_login_rest_by_subtraction_cpu_us: number;
  whole_flow: {
    app: { p50_ms: number; p99_ms: number; per_second: number; cpu_us: number; errors: number };
    hydra_only: { p50_ms: number; p99_ms: number; per_second: number; errors: number };
  };
  load: { app_flows_per_second: number; hydra_only_flows_per_second: number; errors: number };
  rss_mb: { before: number; after: number; growth: number; v8_after: Record<string, number> };
  errors: { preparation: number; first: string | undefined };
};

function markdown(result: Result): string {
  const m = result.machine;
  const set = result.settings;
  const hops = result.hops;
  const errorCount =
    hops.reduce((sum, row) => sum + row.errors, 0) +
    Object.values(result.admin_calls).reduce((sum, row) => sum + row.errors, 0) +
    result.whole_flow.app.errors +
    result.whole_flow.hydra_only.errors +
    result.load.errors +
    result.errors.preparation;
  return [
    "# Benchmark: what a page of ours costs, in CPU per request",
    "",
    `Made by \`npm run bench -- --write\` on ${result.date.slice(0, 10)}. Machine: ${m.cores} cores, ${m.cpu}, ` +
      `${m.memory_gb} GiB, Node ${m.node}, Hydra ${m.hydra} on PostgreSQL. Hydra, PostgreSQL, the app, the ` +
      `bench's own processes and the load generator share those ${m.cores} cores on 127.0.0.1. The app runs as ` +
      `\`npm start\` runs it (NODE_ENV=production, MALLOC_ARENA_MAX=1, the same NODE_OPTIONS), with a users file, ` +
      `in-memory sessions and LOG_LEVEL=${set.app_log_level}; its /metrics are read on METRICS_PORT. Load average ` +
      `(1 min) at the start ${m.load_average_1m.start}, at the end ${m.load_average_1m.end}` +
      (Math.max(m.load_average_1m.start, m.load_average_1m.end) > m.cores
        ? `: other work shared the machine, which inflates CPU per request (caches, shared cores) and cuts throughput.`
        : "."),
    "",
    "## How it is measured",
    "",
    `- Each hop is driven alone: ${set.requests} requests (GET / and its floor: ${set.page_requests}) from ` +
      `${set.workers} closed-loop workers, after ${set.warmup} unmeasured ones: V8 compiles the request path on ` +
      "helper threads during a hop's first thousand or so requests, a one-off cost that a running server has paid " +
      'long ago (the "warm-up CPU" column shows what those first requests cost). Every request comes from its own ' +
      "virtual user, with its own cookie jar and the form fields parsed from the page it was shown; the Hydra " +
      "steps between hops (starting a flow, the verifier redirects) are done before the hop's stage, not during it.",
    `- **Rounds:** GET /, its floor, GET /login, the light-hash POST /login and GET /consent are measured in ` +
      `${set.rounds} rounds of as many requests, spread over the run (the later rounds after the password checks), ` +
      "and every figure of theirs (CPU, latency, throughput) is the median round's; the rounds column shows all " +
      "of them. On two cores shared with Hydra and PostgreSQL one round moves by up to 15% from the next.",
    "- **CPU per request** is the serving process's user + system time over the stage, from utime + stime in " +
      `/proc/<pid>/stat (in clock ticks of 1/${m.clk_tck} s), divided by the requests. That line counts every ` +
      "thread of the process, including threads that ended during the stage (summing /proc/<pid>/task/*/stat " +
      "would miss those): the event loop, the libuv pool that runs argon2, V8's compiler and GC helpers. " +
      '"Main thread" is the event loop\'s own share, from /proc/<pid>/task/<pid>/stat.',
    `- **Floors**, in the same run: for GET /, a bare \`node:http\` server in its own process answering a fixed ` +
      `${set.bare_page_bytes}-byte HTML page (the least any Node page costs). For the hops that call Hydra, those ` +
      "Hydra admin calls alone, made with our own client (`createHydraAdmin` from src/hydra.ts) from a process of " +
      "the bench's own with the same concurrency: its CPU per call set is what our HTTP client costs, and its " +
      "throughput is the most the hop could reach. The password check is argon2id verification (src/identity/" +
      `passwords.ts) alone in that process, ${result.password_check.requests} times one at a time and as many ` +
      `from ${set.workers} workers (the app's own limit keeps one check per core in flight).`,
    "- **The rest of POST /login** is measured directly: the same hop for a second account whose stored hash is " +
      "argon2id at its smallest (8 KiB, one pass; the app verifies with the parameters a hash carries), minus that " +
      "light check alone. Subtracting the full check from the full hop gives the same figure only roughly: two " +
      "19 MiB checks at once on two cores slow each other and everything beside them (shared caches and memory " +
      "bandwidth), so the difference of two numbers near 30,000 µs swings by hundreds of µs between runs.",
    "- **Own** CPU is what is left of a hop once its floors are taken out: the app's CPU minus the bare page, " +
      "minus our client's CPU for the hop's admin calls (and, for POST /login, minus the password check). It is " +
      "what Express, middleware, sessions, CSRF, templates and logging cost on top of the least possible.",
    "- Latency and throughput are from the same stages; on a shared 2-core machine they are supporting evidence " +
      "only: the load generator, Hydra and PostgreSQL compete for the same cores.",
    "",
    "## Targets",
    "",
    "| target | measured | met |",
    "| --- | --- | :---: |",
    ...result.targets.map((row) => `| ${row.target} | ${row.measured} | ${row.met ? "yes" : "**no**"} |`),
    "",
    "What stands in the way of the targets not met, with profiles: [performance.md](performance.md).",
    "",
    "## CPU per request, by hop",
    "",
    "| hop | app CPU µs | rounds µs | main thread µs | floor | floor CPU µs | own CPU µs | warm-up CPU µs |",
    "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ...hops.map(
      (row) =>
        `| ${row.hop} | ${row.cpu_us} | ${row.rounds_cpu_us} | ${row.main_thread_us} | ${row.floor} | ${row.floor_cpu_us} | ` +
        `${row.own_cpu_us} | ${row.warmup_cpu_us} |`,
    ),
    "",
    `Password check (argon2id, 19 MiB, t=2) alone: ${result.password_check.cpu_us} µs of CPU per check one at a ` +
      `time (p50 ${result.password_check.p50_ms} ms), ${result.password_check_concurrent.cpu_us} µs from ` +
      `${set.workers} workers; the light hash's check: ${result.password_check_light.cpu_us} µs. POST /login ` +
      `without the check: ${result.post_login_rest_cpu_us} µs measured with the light hash, ` +
      `${result.post_login_rest_by_subtraction_cpu_us} µs by subtraction. ` +
      `The floor column of hops that call Hydra excludes the bare page's ${hops[0]?.floor_cpu_us} µs; "own" takes both out.`,
    "",
    `## Latency and throughput at ${set.workers} closed-loop workers`,
    "",
    "| hop | p50 ms | p99 ms | per second | floor p50 ms | floor p99 ms | floor per second |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...hops.map(
      (row) =>
        `| ${row.hop} | ${row.p50_ms} | ${row.p99_ms} | ${row.per_second} | ${row.floor_p50_ms} | ${row.floor_p99_ms} | ${row.floor_per_second} |`,
    ),
    `| whole flow (${set.flows} flows) | ${result.whole_flow.app.p50_ms} | ${result.whole_flow.app.p99_ms} | ` +
      `${result.whole_flow.app.per_second} | ${result.whole_flow.hydra_only.p50_ms} | ` +
      `${result.whole_flow.hydra_only.p99_ms} | ${result.whole_flow.hydra_only.per_second} |`,
    "",
    "The whole flow's floor is the same flow with the bench accepting at Hydra's admin API itself (no app, no " +
      `password check). Through the app a whole flow costs the app ${result.whole_flow.app.cpu_us} µs of CPU.`,
    "",
    "## Memory and load",
    "",
    `- App RSS: ${result.rss_mb.before} MB before, ${result.rss_mb.after} MB after ${Number(set.load_flows) * 4} ` +
      `more hops at ${set.load_users} concurrent flows (growth ${result.rss_mb.growth} MB), on top of the stages ` +
      `above; of it V8's heap: ${result.rss_mb.v8_after.heap_used} MB used of ${result.rss_mb.v8_after.heap_total} ` +
      `MB, external ${result.rss_mb.v8_after.external} MB.`,
    `- Throughput at ${set.load_users} concurrent flows: ${result.load.app_flows_per_second} whole flows/s through ` +
      `the app, ${result.load.hydra_only_flows_per_second} flows/s with Hydra alone.`,
    `- Errors: ${errorCount}${result.errors.first ? ` (first: ${result.errors.first})` : ""}.`,
    "",
  ].join("\n");
}

await main();
