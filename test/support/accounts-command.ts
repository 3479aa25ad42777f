import { spawn } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * Runs the accounts command as an operator would, in its own process, with only PATH and these variables in its
 * environment and `stdin` (a password, say) on its standard input.
 */
export function runAccountsCommand(
  args: string[],
  env: Record<string, string>,
  stdin = "",
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/accounts.ts", ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, ...env },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.stdin.end(stdin);
    child.once("exit", (code) => resolve({ code, out, err }));
  });
}
