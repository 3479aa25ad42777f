import type { machine } from "../cpu.js";
import type { StageSummary } from "./measure.js";

/** What one run measured: bench/results/latest.json. */
export type Result = {
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
  page_bytes: { get_login: number; get_consent: number };
  post_login_rest_cpu_us: number;
  post_login_rest_by_subtraction_cpu_us: number;
  whole_flow: {
    app: { p50_ms: number; p99_ms: number; per_second: number; cpu_us: number; errors: number };
    hydra_only: { p50_ms: number; p99_ms: number; per_second: number; errors: number };
  };
  load: { app_flows_per_second: number; hydra_only_flows_per_second: number; errors: number };
  rss_mb: {
    before: number;
    after: number;
    growth: number;
    parts_after: { anonymous: number; file: number };
    v8_after: Record<string, number>;
  };
  errors: { preparation: number; first: string | undefined };
};

/** The run as docs/benchmark.md: the tables and what they mean. */
export function markdown(result: Result): string {
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
    `Page size with Hydra's own challenge in it: GET /login ${result.page_bytes.get_login} bytes, GET /consent ` +
      `${result.page_bytes.get_consent} bytes (the language menu carries the challenge once, in one form).`,
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
      `above: ${result.rss_mb.parts_after.anonymous} MB anonymous memory and ${result.rss_mb.parts_after.file} MB ` +
      `of file pages (the node binary's code and data as far as touched: clean and shared); of it V8's heap: ` +
      `${result.rss_mb.v8_after.heap_used} MB used of ${result.rss_mb.v8_after.heap_total} MB, external ` +
      `${result.rss_mb.v8_after.external} MB.`,
    `- Throughput at ${set.load_users} concurrent flows: ${result.load.app_flows_per_second} whole flows/s through ` +
      `the app, ${result.load.hydra_only_flows_per_second} flows/s with Hydra alone.`,
    `- Errors: ${errorCount}${result.errors.first ? ` (first: ${result.errors.first})` : ""}.`,
    "",
  ].join("\n");
}
