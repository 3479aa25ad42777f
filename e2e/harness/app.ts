import path from "node:path";
import { projectRoot, startProcess, waitForHttp, type Started } from "./processes.js";

export interface RunningApp {
  url: string;
  process: Started;
  stop(): Promise<void>;
}

/** Starts the built app (`npm start` runs the same file) with the given environment. */
export async function startApp(
  port: number,
  env: Record<string, string>,
  options: { echo?: boolean; nodeArgs?: string[]; logName?: string } = {},
): Promise<RunningApp> {
  const main = path.join(projectRoot, "dist/src/main.js");
  const started = startProcess(
    options.logName ?? "app",
    process.execPath,
    [...(options.nodeArgs ?? []), main],
    {
      PATH: process.env.PATH,
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "info",
      // As `npm start` and the Dockerfile run it: one glibc arena (argon2's buffers are reused, not kept per
      // thread), and V8 collects before growing its heap.
      MALLOC_ARENA_MAX: "1",
      NODE_OPTIONS: "--max-semi-space-size=4 --max-old-space-size=96",
      ...env,
    },
    options,
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/health/alive`, started, 20_000);
  return { url, process: started, stop: () => started.stop() };
}
