import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";

/** Where scripts/mailpit-build.sh puts Mailpit; MAILPIT_BIN points at another. */
const DEFAULT_BIN = path.resolve(import.meta.dirname, "../../.cache/mailpit/mailpit-v1.33.1");

export interface MailpitMessage {
  ID: string;
  Subject: string;
  To: Array<{ Address: string }>;
  From: { Address: string; Name: string };
}

export interface MailpitFull extends MailpitMessage {
  Text: string;
  HTML: string;
}

export interface MailpitClient {
  apiUrl: string;
  /** Every message caught so far, newest first (Mailpit's order). */
  messages(): Promise<MailpitMessage[]>;
  /** The messages to one address. */
  messagesTo(address: string): Promise<MailpitMessage[]>;
  message(id: string): Promise<MailpitFull>;
  /** Waits until `count` messages reached `address` (sending happens after the page answers). */
  waitFor(address: string, count?: number, timeoutMs?: number): Promise<MailpitFull>;
  deleteAll(): Promise<void>;
}

export interface Mailpit extends MailpitClient {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  smtpUrl: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * A real Mailpit (an SMTP catcher with an HTTP API) on two free ports of 127.0.0.1, its messages in memory.
 * Fails loudly when the binary is missing: build it with scripts/mailpit-build.sh (or set MAILPIT_BIN).
 */
export async function startMailpit(options: { bin?: string } = {}): Promise<Mailpit> {
  const bin = options.bin ?? process.env.MAILPIT_BIN ?? DEFAULT_BIN;
  if (!existsSync(bin)) {
    throw new Error(`Mailpit is missing at ${bin}: run scripts/mailpit-build.sh (or set MAILPIT_BIN)`);
  }
  const [smtpPort, httpPort] = [await freePort(), await freePort()];
  const child = spawn(
    bin,
    [
      "--smtp",
      `127.0.0.1:${smtpPort}`,
      "--listen",
      `127.0.0.1:${httpPort}`,
      "--database",
      "", // in memory
      "--disable-version-check",
      "--smtp-auth-accept-any",
      "--smtp-auth-allow-insecure",
      "--quiet",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const apiUrl = `http://127.0.0.1:${httpPort}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Mailpit exited at start:\n${output}`);
    const up = await fetch(`${apiUrl}/api/v1/messages`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`Mailpit did not start within 15 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return {
    ...mailpitClient(apiUrl),
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Reads a running Mailpit through its HTTP API (GET /api/v1/messages, GET /api/v1/message/{ID}). */
export function mailpitClient(apiUrl: string): MailpitClient {
  const json = async <T>(url: string, init?: RequestInit): Promise<T> => {
    const response = await fetch(`${apiUrl}${url}`, init);
    if (!response.ok) throw new Error(`Mailpit ${url} answered ${response.status}`);
    return (await response.json()) as T;
  };
  const messages = async () => (await json<{ messages: MailpitMessage[] }>("/api/v1/messages?limit=1000")).messages;
  const messagesTo = async (address: string) =>
    (await messages()).filter((message) => message.To.some((to) => to.Address.toLowerCase() === address.toLowerCase()));
  const message = (id: string) => json<MailpitFull>(`/api/v1/message/${id}`);
  return {
    apiUrl,
    messages,
    messagesTo,
    message,
    async waitFor(address, count = 1, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const found = await messagesTo(address.toLowerCase());
        if (found.length >= count) return message(found[0]!.ID);
        if (Date.now() > until) throw new Error(`no message ${count} to ${address} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async deleteAll() {
      const response = await fetch(`${apiUrl}/api/v1/messages`, { method: "DELETE" });
      if (!response.ok) throw new Error(`Mailpit DELETE answered ${response.status}`);
    },
  };
}
