import { createServer, type Server } from "node:http";
import type { FullConfig } from "@playwright/test";
import { startStack } from "./harness/stack.js";

export const TRUSTED_CLIENT_ID = "e2e-trusted-client";

/** A stand-in for a client's redirect_uri: answers every callback with 200. */
function startCallbackServer(): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end("<!doctype html><title>callback</title><h1>callback reached</h1>");
    });
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}/callback` });
    });
  });
}

export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  // Parallel workers mean concurrent flows, which Hydra's in-memory store cannot take.
  const storage = process.env.E2E_HYDRA_STORAGE === "memory" ? "memory" : "postgres";
  const stack = await startStack({
    storage,
    appEnv: {
      NODE_ENV: "development",
      TRUSTED_CLIENT_IDS: TRUSTED_CLIENT_ID,
      SESSION_SECRET: "e2e-session-secret-e2e-session-secret-0123",
      LOG_LEVEL: "info",
    },
  });
  const callback = await startCallbackServer();
  process.env.E2E_APP_URL = stack.app.url;
  process.env.E2E_HYDRA_PUBLIC_URL = stack.hydra.publicUrl;
  process.env.E2E_HYDRA_ADMIN_URL = stack.hydra.adminUrl;
  process.env.E2E_CALLBACK_URL = callback.url;
  process.env.E2E_HYDRA_STORAGE_IN_USE = storage;
  return async () => {
    callback.server.close();
    await stack.stop();
  };
}
