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
import { measureAdminCalls, measurePasswordChecks } from "./stages/floors.js";
import { measurePagesAndHops } from "./stages/hops.js";
import { writeResults } from "./stages/result.js";
import { measureMoreRounds } from "./stages/rounds.js";
import { startBench } from "./stages/setup.js";
import { measureWholeFlows } from "./stages/whole-flows.js";

/**
 * The stages in order, each in bench/stages/: 1–2 GET / and the hops, 3 their Hydra admin calls alone, 4 the
 * password check alone, 4b more rounds of the hops near their targets, 5–6 whole flows and memory under load.
 */
async function main(): Promise<void> {
  const bench = await startBench();
  try {
    const first = await measurePagesAndHops(bench);
    const admin = await measureAdminCalls(bench);
    const passwords = await measurePasswordChecks(bench);
    const more = await measureMoreRounds(bench, first);
    const whole = await measureWholeFlows(bench);
    const preparationErrors = first.preparationErrors + admin.preparationErrors + more.preparationErrors;
    writeResults(bench, { first, admin, passwords, more, whole, preparationErrors });
  } finally {
    await bench.stop();
  }
}

await main();
