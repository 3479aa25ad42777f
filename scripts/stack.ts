/**
 * The local quickstart: Hydra (in memory), the app and Hydra's own demo OAuth2 client, all on 127.0.0.1.
 * Run through `npm run stack`, which builds what is missing first. It stops everything it started on Ctrl-C, on
 * SIGINT, SIGTERM or SIGHUP (npm forwards SIGINT and SIGTERM to us: see .npmrc and stack.sh), and when the process
 * that launched stack.sh, or npm above it, is gone. If this process is killed outright (SIGKILL), the watchdog in
 * e2e/harness/processes.ts stops Hydra, the app and the demo client.
 */
import { readFileSync } from "node:fs";
import net from "node:net";
import { startProcess, run, type Started } from "../e2e/harness/processes.js";
import { startStack, type Stack } from "../e2e/harness/stack.js";

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ports = {
  app: port("APP_PORT", 3000),
  hydraPublic: port("HYDRA_PUBLIC_PORT", 4444),
  hydraAdmin: port("HYDRA_ADMIN_PORT", 4445),
};
const clientPort = port("CLIENT_PORT", 5555);
const mailPorts = { smtp: port("MAIL_SMTP_PORT", 1025), web: port("MAIL_WEB_PORT", 8025) };

/** What has started so far, for `shutdown`. */
const running: { stack?: Stack; client?: Started; mailpit?: Started } = {};
let stopping = false;
async function shutdown(reason: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${reason}: stopping the demo client, the app, Hydra and the mail catcher...`);
  // While starting, what has started is not known here; exiting leaves it to the watchdog, which sends SIGTERM too.
  await running.client?.stop();
  await running.stack?.stop();
  await running.mailpit?.stop();
  process.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(signal));
// A closed terminal or pipe must not crash us before the children are stopped.
process.stdout.on("error", () => undefined);
process.stderr.on("error", () => undefined);

function portIsFree(value: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(value, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A process as /proc shows it (Linux); undefined when it is gone or there is no /proc. */
function procStat(pid: number): { state: string; ppid: number; started: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0]!, ppid: Number(fields[1]), started: fields[19]! };
  } catch {
    return undefined;
  }
}

/**
 * Calls `onGone` once the process that launched us (STACK_LAUNCHER_PID from stack.sh, else our parent) or, under
 * npm, the npm process above it has exited. Start times tell a reused pid from the one we watched; without /proc
 * only the launcher is watched, by signal 0. STACK_LAUNCHER_PID=0 turns this off.
 */
function watchLauncher(onGone: () => void): void {
  const launcher = Number(process.env.STACK_LAUNCHER_PID ?? process.ppid);
  if (!Number.isInteger(launcher) || launcher <= 1) return;
  const watched: Array<{ pid: number; started: string | undefined }> = [];
  const stat = procStat(launcher);
  if (stat) {
    if (stat.state === "Z" || stat.state === "X") return onGone();
    watched.push({ pid: launcher, started: stat.started });
    const npm = procStat(stat.ppid);
    const npmCommand = npm ? readFileSync(`/proc/${stat.ppid}/cmdline`, "utf8").replaceAll("\0", " ") : "";
    if (npm && process.env.npm_lifecycle_event && /\bnpm\b/.test(npmCommand) && stat.ppid > 1)
      watched.push({ pid: stat.ppid, started: npm.started });
  } else {
    try {
      process.kill(launcher, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ESRCH") return onGone();
    }
    watched.push({ pid: launcher, started: undefined });
  }
  const gone = ({ pid, started }: { pid: number; started: string | undefined }): boolean => {
    if (started !== undefined) {
      const now = procStat(pid);
      return !now || now.state === "Z" || now.state === "X" || now.started !== started;
    }
    try {
      process.kill(pid, 0);
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "ESRCH";
    }
  };
  const timer = setInterval(() => {
    const exited = watched.find(gone);
    if (exited) {
      clearInterval(timer);
      onGone();
    }
  }, 250);
  timer.unref();
}
watchLauncher(() => void shutdown("npm or its shell is gone"));

// A Hydra left over from an earlier run shares its ports (it listens with SO_REUSEPORT): we would talk to it.
for (const [name, value] of Object.entries({
  ...ports,
  client: clientPort,
  mailSmtp: mailPorts.smtp,
  mailWeb: mailPorts.web,
})) {
  if (!(await portIsFree(value))) {
    console.error(`port ${value} (${name}) is in use on 127.0.0.1: stop what listens there (ss -ltnp) and retry`);
    process.exit(1);
  }
}

// A local mail catcher (built by stack.sh): the app's emails (forgot password, notices) are read in its web page.
running.mailpit = startProcess(
  "mailpit",
  process.env.MAILPIT_BIN ?? ".cache/mailpit/mailpit-v1.33.1",
  [
    "--smtp",
    `127.0.0.1:${mailPorts.smtp}`,
    "--listen",
    `127.0.0.1:${mailPorts.web}`,
    "--database",
    "",
    "--disable-version-check",
    "--quiet",
  ],
  { PATH: process.env.PATH, HOME: process.env.HOME },
);

const stack = await startStack({
  storage: process.env.HYDRA_STORAGE === "postgres" ? "postgres" : "memory",
  ports,
  appEnv: {
    NODE_ENV: "development",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
    SMTP_URL: `smtp://127.0.0.1:${mailPorts.smtp}`,
    EMAIL_SIGN_IN: "true",
  },
});
running.stack = stack;

const created = JSON.parse(
  await run(stack.hydraBin, [
    "create",
    "oauth2-client",
    "--endpoint",
    stack.hydra.adminUrl,
    "--format",
    "json",
    "--name",
    "Demo client",
    "--grant-type",
    "authorization_code,refresh_token",
    "--response-type",
    "code",
    "--scope",
    "openid,offline_access,offline,email,profile",
    "--redirect-uri",
    `http://127.0.0.1:${clientPort}/callback`,
  ]),
) as { client_id: string; client_secret: string };

const client = startProcess(
  "demo-client",
  stack.hydraBin,
  [
    "perform",
    "authorization-code",
    "--client-id",
    created.client_id,
    "--client-secret",
    created.client_secret,
    "--endpoint",
    stack.hydra.publicUrl,
    "--port",
    String(clientPort),
    "--scope",
    "openid,offline_access,email,profile",
    "--no-open",
    "--no-shutdown",
  ],
  { PATH: process.env.PATH, HOME: process.env.HOME },
);
running.client = client;

const line = "─".repeat(72);
console.log(`
${line}
  Hydra public   ${stack.hydra.publicUrl}      admin ${stack.hydra.adminUrl}
  Login app      ${stack.appPublicUrl}
  Demo client    ${created.client_id}

  Open  http://127.0.0.1:${clientPort}/  and sign in as foo@bar.com / foobar
  Your account:   ${stack.appPublicUrl}/account  (connected apps, password, sign out everywhere)
  Sign out: open  ${stack.hydra.publicUrl}/oauth2/sessions/logout
  Mail sent by the app (forgot password, notices):  http://127.0.0.1:${mailPorts.web}/
  Logs: .cache/e2e-logs/{hydra,app,demo-client,mailpit}.log        Ctrl-C stops everything.
${line}
`);

client.child.once("exit", (code) => {
  if (!stopping) {
    console.error(`the demo client exited (${code}); see ${client.logFile}`);
    void shutdown("the demo client exited");
  }
});
