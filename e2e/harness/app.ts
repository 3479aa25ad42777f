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
  options: { echo?: boolean } = {},
): Promise<RunningApp> {
  const main = path.join(projectRoot, "dist/src/main.js");
  const started = startProcess(
    "app",
    process.execPath,
    [main],
    { PATH: process.env.PATH, HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "info", ...env },
    options,
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/health/alive`, started, 20_000);
  return { url, process: started, stop: () => started.stop() };
}
