import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, run } from "./processes.js";

export interface Postgres {
  port: number;
  /** A connection URL for a database created with `createDatabase`. */
  url(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** Debian keeps the server programs out of PATH, under /usr/lib/postgresql/<version>/bin. */
export function postgresBinDir(): string {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) {
    throw new Error("PostgreSQL is not installed: apt-get install -y postgresql (or run .ci/run, which does)");
  }
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = path.join(base, version, "bin");
    if (existsSync(path.join(bin, "initdb"))) return bin;
  }
  throw new Error(`no initdb under ${base}: apt-get install -y postgresql`);
}

/** initdb refuses to run as root; as root we run the server programs as Debian's `postgres` user. */
function asServerUser(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
}

/** A throw-away PostgreSQL server in a temporary folder, on 127.0.0.1 and a free port. */
export async function startPostgres(): Promise<Postgres> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(path.join(os.tmpdir(), "hlc-pg-"));
  chmodSync(dir, 0o777);
  const data = path.join(dir, "data");
  const port = await freePort();
  if (process.getuid?.() === 0) await run("chown", ["postgres", dir]);
  await run(
    ...asServerUser(path.join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]),
  );
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  await run(
    ...asServerUser(path.join(bin, "pg_ctl"), [
      "-D",
      data,
      "-l",
      path.join(dir, "server.log"),
      "-o",
      options,
      "-w",
      "start",
    ]),
  );
  const psql = (sql: string) =>
    run("psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql]);
  return {
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}?sslmode=disable`,
    createDatabase: async (name) => {
      await psql(`CREATE DATABASE "${name}"`);
    },
    stop: async () => {
      await run(...asServerUser(path.join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"])).catch(
        () => undefined,
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
