/**
 * A/B: the app's CPU per request for two builds served side by side against the stand-in Hydra, their stages
 * interleaved (A then B, then B then A, ...), so that drift in the machine's load hits both alike. On a shared
 * machine, full bench runs minutes apart differ by ±15%; this stays within about 5%.
 *
 *   npm run build && cp -r dist views public package.json /tmp/before/    # the build to compare against
 *   ln -s "$PWD/node_modules" /tmp/before/node_modules
 *   ... change, npm run build ...
 *   A=/tmp/before/dist B=dist node bench/harness/ab.mjs [requests per stage, 2000] [rounds, 8]
 *
 * A_ARGS / B_ARGS add node flags to one side (the same build twice compares flags, e.g. B_ARGS=--single-threaded-gc;
 * "--cpu-prof --cpu-prof-dir=/tmp/p" profiles it); A_NODE / B_NODE run one side on another node binary (the same
 * build on two Node.js versions); STAGES picks from "GET /,GET /login,GET /consent". Each app runs as `npm start`
 * runs it (production, MALLOC_ARENA_MAX=1, its heap flags); CPU is utime + stime from /proc.
 */
import { fork, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Agent, request } from "undici";

const root = path.resolve(import.meta.dirname, "../..");
const REQUESTS = Number(process.argv[2] ?? 2000);
const ROUNDS = Number(process.argv[3] ?? 8);
const WORKERS = 8;
const HEAP_FLAGS = ["--max-semi-space-size=4", "--max-old-space-size=96"];
// As long as Hydra v2.3.0's challenges (about 1,120 and 1,230 characters): the app parses and echoes them.
const PADDING = "Zx9_-".repeat(220);

const hydra = fork(path.join(import.meta.dirname, "stand-in-hydra.mjs"), { stdio: "ignore" });
const { port: hydraPort } = await new Promise((resolve) => hydra.once("message", resolve));
const agent = new Agent({ connections: 64, keepAliveTimeout: 30_000 });

function cpuTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}
const CLOCK_TICK_US = 10_000;

async function startApp(dist, port, flags, node = process.execPath) {
  const child = spawn(node, [...HEAP_FLAGS, ...flags, path.resolve(root, dist, "src/main.js")], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      MALLOC_ARENA_MAX: "1",
      SESSION_SECRET: "b".repeat(64),
      HYDRA_ADMIN_URL: `http://127.0.0.1:${hydraPort}`,
      DANGEROUSLY_ENABLE_DEMO_ACCOUNT: "true",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await (await request(`${base}/health/alive`, { dispatcher: agent })).body.text();
      return { child, base };
    } catch {
      if (attempt > 200) throw new Error(`${dist} did not start`);
      await sleep(50);
    }
  }
}

const flagsOf = (value) => (value ?? "").split(" ").filter(Boolean);
const apps = {
  A: await startApp(process.env.A ?? "dist", 39501, flagsOf(process.env.A_ARGS), process.env.A_NODE),
  B: await startApp(process.env.B ?? "dist", 39502, flagsOf(process.env.B_ARGS), process.env.B_NODE),
};
let sequence = 0;
const pathFor = {
  "GET /": () => "/",
  "GET /login": () => `/login?login_challenge=lc${(sequence++).toString(36)}${PADDING}`,
  "GET /consent": () => `/consent?consent_challenge=cc${(sequence++).toString(36)}${PADDING}`,
};
const stages = (process.env.STAGES ?? Object.keys(pathFor).join(",")).split(",");

/** CPU per request, in µs, of `count` requests to one app from WORKERS closed-loop workers. */
async function stage(side, name, count) {
  const { child, base } = apps[side];
  let left = count;
  const before = cpuTicks(child.pid);
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (left-- > 0) {
        const answer = await request(base + pathFor[name](), { dispatcher: agent });
        await answer.body.text();
        if (answer.statusCode !== 200) throw new Error(`${side} ${name} answered ${answer.statusCode}`);
      }
    }),
  );
  return ((cpuTicks(child.pid) - before) * CLOCK_TICK_US) / count;
}

try {
  // V8 compiles the request path during the first thousand or so requests: not measured.
  for (const side of ["A", "B"]) for (const name of stages) await stage(side, name, 3000);
  const results = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of stages) {
      for (const side of round % 2 === 0 ? ["A", "B"] : ["B", "A"]) {
        (results[`${name} ${side}`] ??= []).push(await stage(side, name, REQUESTS));
      }
    }
  }
  const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
  for (const name of stages) {
    const a = results[`${name} A`];
    const b = results[`${name} B`];
    const lower = a.filter((value, index) => b[index] < value).length;
    const change = ((median(b) / median(a) - 1) * 100).toFixed(1);
    console.log(
      `${name}: A ${median(a).toFixed(0)} µs, B ${median(b).toFixed(0)} µs (${change}%); B lower in ${lower}/${a.length} rounds`,
    );
  }
} finally {
  for (const { child } of Object.values(apps)) child.kill("SIGINT");
  hydra.disconnect();
  await agent.close();
}
