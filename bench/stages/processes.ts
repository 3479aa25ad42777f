import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../../e2e/harness/processes.js";
import type { ChildRequest } from "../child.js";
import { round } from "../stats.js";
import { CHILD_ENV } from "./settings.js";

/** Our Hydra build reports itself as "master"; the version is the one e2e/hydra/go.mod requires. */
export function hydraVersion(): string {
  const goMod = readFileSync(path.join(projectRoot, "e2e/hydra/go.mod"), "utf8");
  return /github\.com\/ory\/hydra\/v2 (v\S+)/.exec(goMod)?.[1] ?? "unknown";
}

/** V8's own view of the app's memory, from its Prometheus metrics on METRICS_PORT. */
export async function heapMb(metricsUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(metricsUrl)).text();
  const read = (name: string) => round(Number(new RegExp(`^${name} (\\S+)`, "m").exec(text)?.[1] ?? NaN) / 2 ** 20, 1);
  return {
    heap_used: read("nodejs_heap_size_used_bytes"),
    heap_total: read("nodejs_heap_size_total_bytes"),
    external: read("nodejs_external_memory_bytes"),
  };
}

/** A forked process of the bench's own, with the app's memory settings and its pid for /proc. */
export function forkChild(file: string): ChildProcess {
  // The children live in bench/, beside run.ts.
  return fork(path.join(import.meta.dirname, "..", file), [], {
    execArgv: ["--import", "tsx"],
    env: CHILD_ENV,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}

export function ask<T>(child: ChildProcess, message?: ChildRequest): Promise<T> {
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
