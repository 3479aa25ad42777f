import argon2 from "argon2";

/** The bench's settings, from the environment (see run.ts), and the targets it checks. */
function count(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a whole number, not ${process.env[name]}`);
  return value;
}
export const REQUESTS = count("BENCH_REQUESTS", 4000);
export const PAGE_REQUESTS = count("BENCH_PAGE_REQUESTS", 4 * REQUESTS);
export const WORKERS = Math.max(1, count("BENCH_WORKERS", 8));
// V8 compiles the request path on helper threads during a hop's first thousand or so requests; with 200 of them,
// about a fifth of GET /login's measured CPU was that compiling. The warm-up's own cost is reported beside.
export const WARMUP = count("BENCH_WARMUP", 2000);
// On a machine shared with Hydra and PostgreSQL, one stage's CPU per request moves by 15–20% from one run to the
// next; the hops whose targets sit near their line are measured in this many rounds spread over the run, and each
// target reads the median round.
export const ROUNDS = Math.max(1, count("BENCH_ROUNDS", 3));
export const PASSWORD_CHECKS = Math.max(1, count("BENCH_PASSWORD_CHECKS", 200));
export const FLOWS = count("BENCH_FLOWS", 500);
export const LOAD_USERS = Math.max(1, count("BENCH_LOAD_USERS", 50));
export const LOAD_FLOWS = count("BENCH_LOAD_FLOWS", 2500);
export const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? "warn";
export const WRITE_DOC = process.argv.includes("--write");
export const CALLBACK = "http://127.0.0.1:9/callback"; // never fetched: the bench stops at the redirect
/** As `npm start` and the Dockerfile run the app; the bench's own processes get the same, to compare alike. */
export const CHILD_ENV = {
  PATH: process.env.PATH,
  MALLOC_ARENA_MAX: "1",
  NODE_OPTIONS: "--max-semi-space-size=4 --max-old-space-size=96",
};
export const TARGETS = { rootVsBare: 2, getCpuUs: 800, throughputShare: 0.6, rssMb: 120, postLoginRestUs: 800 };

/**
 * The rest of POST /login, measured directly: an account whose stored hash is argon2id at its smallest (8 KiB, one
 * pass), so that the check costs next to nothing and what the app spends besides it shows alone. The app verifies
 * with the parameters a hash carries, so nothing else changes.
 */
export const LIGHT_EMAIL = "light@example.test";
export const lightHash = (password: string) =>
  argon2.hash(password, { type: argon2.argon2id, memoryCost: 8, timeCost: 1, parallelism: 1 });
