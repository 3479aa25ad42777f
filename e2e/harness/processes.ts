import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, createWriteStream, mkdirSync, openSync } from "node:fs";
import net from "node:net";
import path from "node:path";

export const projectRoot = path.resolve(import.meta.dirname, "../..");
export const logDir = path.join(projectRoot, ".cache", "e2e-logs");

/** A port the kernel just handed out on 127.0.0.1; free at the time of asking. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/**
 * Stops what we started even when this node process cannot: one `sh` per node process reads a pipe from us, on
 * which we list the pids of the long-running processes we start ("+pid") and stop ("-pid"). The kernel closes that
 * pipe when this process ends in any way, SIGKILL included; the watchdog then sends SIGTERM to the pids still
 * listed, and SIGKILL to those alive 5 s later. Linux's PR_SET_PDEATHSIG would need a native module, and polling
 * from the children is impossible for Hydra; this needs only a POSIX shell. The watchdog ignores SIGINT, SIGTERM
 * and SIGHUP, so that a Ctrl-C to the whole process group cannot end it before it has done its job, and it holds
 * neither our event loop nor our stdout open.
 */
const WATCHDOG = `
trap '' INT TERM HUP
pids=
while IFS= read -r line; do
  case $line in
    +*) pids="$pids \${line#+}" ;;
    -*) rest=; for p in $pids; do [ "$p" = "\${line#-}" ] || rest="$rest $p"; done; pids=$rest ;;
  esac
done
[ -n "$pids" ] || exit 0
kill -TERM $pids 2>/dev/null
i=0
while [ $i -lt 50 ]; do
  alive=
  for p in $pids; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
  [ -n "$alive" ] || exit 0
  sleep 0.1
  i=$((i + 1))
done
kill -KILL $alive 2>/dev/null
exit 0
`;
let watchdog: ChildProcess | undefined;

function tellWatchdog(line: string): void {
  if (!watchdog) {
    watchdog = spawn("sh", ["-c", WATCHDOG], { stdio: ["pipe", "ignore", "ignore"] });
    watchdog.on("error", () => undefined);
    watchdog.stdin?.on("error", () => undefined);
    watchdog.unref();
    (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  }
  watchdog.stdin?.write(`${line}\n`);
}

export interface Started {
  child: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * Starts a long-running process with its output in a log file; `stop` sends SIGTERM, then SIGKILL. Without `echo`
 * the process writes to the file itself, so that it can still log its own shutdown if this process is gone.
 */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { echo?: boolean } = {},
): Started {
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${name}.log`);
  let child: ChildProcess;
  let closeLog = () => {};
  if (options.echo) {
    const log = createWriteStream(logFile, { flags: "w" });
    child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    child.stdout?.pipe(process.stdout, { end: false });
    child.stderr?.pipe(process.stderr, { end: false });
    closeLog = () => log.end();
  } else {
    const fd = openSync(logFile, "w");
    try {
      child = spawn(command, args, { env, stdio: ["ignore", fd, fd] });
    } finally {
      closeSync(fd);
    }
  }
  if (child.pid !== undefined) {
    const pid = child.pid;
    tellWatchdog(`+${pid}`);
    child.once("exit", () => tellWatchdog(`-${pid}`));
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    logFile,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
      closeLog();
    },
  };
}

/** Runs a command to completion; throws with its output when it fails. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(" ")} exited ${code}:\n${output}`)),
    );
  });
}

/** Polls a URL until it answers 200, or fails naming the process log to read. */
export async function waitForHttp(url: string, started: Started, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "";
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) {
      throw new Error(`process for ${url} exited with ${started.child.exitCode}; see ${started.logFile}`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) return;
      lastError = `status ${response.status}`;
    } catch (error) {
      lastError = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (${lastError}); see ${started.logFile}`);
}
