import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { hashPassword } from "../../src/identity/passwords.js";

export interface Person {
  id: string;
  email: string;
  password: string;
  emailVerified?: boolean;
  claims?: Record<string, unknown>;
}

/** A real users file (JSON) with these accounts, their passwords hashed as the app stores them. */
export async function writeUsersFile(people: readonly Person[]): Promise<string> {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "users-")), "users.json");
  const accounts = await Promise.all(
    people.map(async (person) => ({
      id: person.id,
      email: person.email,
      email_verified: person.emailVerified ?? true,
      password_hash: await hashPassword(person.password),
      claims: person.claims ?? { name: person.email.split("@")[0] },
    })),
  );
  writeFileSync(file, JSON.stringify(accounts));
  return file;
}

/** A stand-in for a client's redirect_uri: answers every callback with 200. */
export function startCallbackServer(): Promise<{ close(): void; url: string }> {
  return new Promise((resolve) => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end("<!doctype html><title>callback</title><h1>callback reached</h1>");
    });
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({ close: () => server.close(), url: `http://127.0.0.1:${port}/callback` });
    });
  });
}
