import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

/** Runs src/main.ts as `npm start` would run the build, with only the given environment. */
function startMain(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
} {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH, HOST: "127.0.0.1", PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exit };
}

async function listeningPort(output: () => string): Promise<number> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const match = /"port":(\d+)[^\n]*listening on/.exec(output());
    if (match) return Number(match[1]);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the app did not start:\n${output()}`);
}

describe("the app process", () => {
  it("refuses to start in production without SESSION_SECRET, naming the variable (exit 78)", async () => {
    const app = startMain({ NODE_ENV: "production", HYDRA_ADMIN_URL: "http://127.0.0.1:9" });
    expect(await app.exit).toBe(78);
    expect(app.output()).toContain("SESSION_SECRET: required in production");
  });

  it("warns loudly when DANGEROUSLY_ENABLE_DEMO_ACCOUNT is on in production", async () => {
    const app = startMain({
      NODE_ENV: "production",
      HYDRA_ADMIN_URL: "http://127.0.0.1:9",
      SESSION_SECRET: "p".repeat(40),
      DANGEROUSLY_ENABLE_DEMO_ACCOUNT: "true",
    });
    await listeningPort(app.output);
    expect(app.output()).toMatch(/"level":40[^\n]*DANGEROUSLY_ENABLE_DEMO_ACCOUNT is on/);
    app.child.kill("SIGTERM");
    expect(await app.exit).toBe(0);
  });

  it("with METRICS_PORT, /metrics moves to its own port and leaves the app's", async () => {
    const metricsPort = await new Promise<number>((resolve) => {
      const probe = http.createServer().listen(0, "127.0.0.1", () => {
        const port = (probe.address() as AddressInfo).port;
        probe.close(() => resolve(port));
      });
    });
    const app = startMain({ HYDRA_ADMIN_URL: "http://127.0.0.1:9", METRICS_PORT: String(metricsPort) });
    const port = await listeningPort(app.output);
    await expect.poll(() => app.output().includes("metrics on their own port")).toBe(true);
    const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain("process_resident_memory_bytes");
    expect(metrics.headers.get("x-powered-by")).toBeNull();
    expect((await fetch(`http://127.0.0.1:${metricsPort}/`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
    app.child.kill("SIGTERM");
    expect(await app.exit).toBe(0);
  });

  it("on SIGTERM finishes the request in flight, then exits 0", async () => {
    // A slow Hydra: the login request takes 600 ms, so SIGTERM arrives while it is in flight.
    const hydra = http.createServer((_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(
          JSON.stringify({
            challenge: "c",
            client: { client_id: "slow" },
            request_url: "http://x",
            skip: false,
            subject: "",
          }),
        );
      }, 600);
    });
    await new Promise<void>((resolve) => hydra.listen(0, "127.0.0.1", resolve));
    const hydraPort = (hydra.address() as AddressInfo).port;
    const app = startMain({ HYDRA_ADMIN_URL: `http://127.0.0.1:${hydraPort}`, SESSION_SECRET: "s".repeat(40) });
    const port = await listeningPort(app.output);

    const inFlight = fetch(`http://127.0.0.1:${port}/login?login_challenge=slow-challenge`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    app.child.kill("SIGTERM");
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Please log in");
    expect(await app.exit).toBe(0);
    expect(app.output()).toContain("stopped");
    hydra.close();
  });
});
