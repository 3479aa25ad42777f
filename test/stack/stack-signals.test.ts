import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import net from "node:net";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { hydraBinary } from "../../e2e/harness/hydra.js";
import { freePort, projectRoot } from "../../e2e/harness/processes.js";

/**
 * `npm run stack` (README command 1) must stop everything it started when only the npm process is told to stop,
 * as `kill <pid>` and IDE stop buttons do, and when its node process is killed outright. Linux only: it reads /proc.
 */

interface Proc {
  pid: number;
  ppid: number;
  state: string;
  started: string;
  command: string;
}

function procs(): Proc[] {
  const all: Proc[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const command = readFileSync(`/proc/${entry}/cmdline`, "utf8").replaceAll("\0", " ").trim();
      all.push({ pid: Number(entry), ppid: Number(fields[1]), state: fields[0]!, started: fields[19]!, command });
    } catch {
      // gone while we looked
    }
  }
  return all;
}

/** The process and everything below it, as the kernel sees it now. */
function tree(root: number): Proc[] {
  const all = procs();
  const found = all.filter((p) => p.pid === root);
  for (let i = 0; i < found.length; i++) found.push(...all.filter((p) => p.ppid === found[i]!.pid));
  return found;
}

/** Still the same process (not a reused pid) and not a zombie. */
function alive(p: Proc): boolean {
  const now = procs().find((q) => q.pid === p.pid);
  return !!now && now.started === p.started && now.state !== "Z" && now.state !== "X";
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

interface RunningStack {
  npm: ChildProcess;
  ports: Record<string, number>;
  output: () => string;
  /** npm and every process below it once the banner is out. */
  processes: Proc[];
}

let current: RunningStack | undefined;

/** What the stack is made of, below npm: the stack script, Hydra, the app, the demo client and the mail catcher. */
const STACK_PARTS = [
  /scripts\/stack\.ts/,
  / serve all /,
  /dist\/src\/main\.js/,
  /perform authorization-code/,
  /mailpit.* --smtp /,
];

async function startStack(): Promise<RunningStack> {
  const ports = {
    APP_PORT: await freePort(),
    HYDRA_PUBLIC_PORT: await freePort(),
    HYDRA_ADMIN_PORT: await freePort(),
    CLIENT_PORT: await freePort(),
    MAIL_SMTP_PORT: await freePort(),
    MAIL_WEB_PORT: await freePort(),
  };
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "warn" };
  for (const [name, value] of Object.entries(ports)) env[name] = String(value);
  delete env.STACK_LAUNCHER_PID;
  const npm = spawn("npm", ["run", "stack"], { cwd: projectRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  npm.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const running: RunningStack = { npm, ports, output: () => output, processes: [] };
  current = running;
  const deadline = Date.now() + 60_000;
  while (!output.includes("Ctrl-C stops everything")) {
    if (npm.exitCode !== null || npm.signalCode !== null)
      throw new Error(`npm run stack ended (${npm.exitCode ?? npm.signalCode}) before its banner:\n${output}`);
    if (Date.now() > deadline) throw new Error(`no banner from npm run stack after 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // The banner can come out while the demo client is between fork and exec, its command line still the stack
  // script's: wait (a little) until each part of the stack shows with its own command.
  const settled = (processes: Proc[]) =>
    STACK_PARTS.every((pattern) => processes.filter((p) => pattern.test(p.command)).length === 1);
  const settleBy = Date.now() + 10_000;
  running.processes = tree(npm.pid!);
  while (!settled(running.processes) && Date.now() < settleBy) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    running.processes = tree(npm.pid!);
  }
  return running;
}

/** Polls until every port is free and no process of the stack is left, or the time is up; then says what is left. */
async function leftOver(stack: RunningStack, withinMs: number): Promise<{ ports: string[]; processes: string[] }> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const ports: string[] = [];
    for (const [name, port] of Object.entries(stack.ports)) if (!(await portFree(port))) ports.push(`${name}=${port}`);
    const processes = stack.processes.filter(alive).map((p) => `${p.pid} ${p.command.slice(0, 100)}`);
    if ((ports.length === 0 && processes.length === 0) || Date.now() > deadline) return { ports, processes };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const commandOf = (stack: RunningStack, pattern: RegExp) => stack.processes.filter((p) => pattern.test(p.command));

describe("npm run stack stops everything it started", () => {
  beforeAll(() => {
    // Never skipped: without Hydra (and Go to build it) this fails, saying why.
    const bin = hydraBinary();
    expect(existsSync(bin), `the Hydra binary ${bin} is missing`).toBe(true);
    // Install and build what is missing now, so that each case below only starts and stops the stack.
    execFileSync("bash", ["scripts/stack.sh", "--build-only"], { cwd: projectRoot, stdio: "inherit" });
  }, 600_000);

  afterEach(() => {
    // A failed case must not leave its stack behind for the next one.
    for (const p of current?.processes ?? []) if (alive(p)) process.kill(p.pid, "SIGKILL");
    current = undefined;
  });

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`on ${signal} to the npm process alone`, async () => {
      const stack = await startStack();
      for (const part of STACK_PARTS) expect(commandOf(stack, part), String(part)).toHaveLength(1);

      process.kill(stack.npm.pid!, signal);

      expect(await leftOver(stack, 15_000), stack.output()).toEqual({ ports: [], processes: [] });
    }, 90_000);
  }

  it("when its node process is killed outright (SIGKILL)", async () => {
    const stack = await startStack();
    const [node] = commandOf(stack, /scripts\/stack\.ts/);
    expect(node).toBeDefined();

    process.kill(node!.pid, "SIGKILL");

    expect(await leftOver(stack, 15_000), stack.output()).toEqual({ ports: [], processes: [] });
  }, 90_000);
});
