/**
 * A second process that writes the users file as the app does on sign-ins: every round uses the next TOTP step of
 * one account and touches a passkey of another, until the file <file>.stop appears. Usage: users-file-writer.ts
 * <file>. Prints "ready" once it has written once, and "done <rounds>" at the end.
 */
import { existsSync } from "node:fs";
import { pino } from "pino";
import { UsersFileStore } from "../../../src/identity/users-file.js";

const file = process.argv[2]!;
const store = new UsersFileStore(file, pino({ level: "silent" }), { watch: false });
let round = 0;
while (!existsSync(`${file}.stop`)) {
  round += 1;
  if (!(await store.useTotpStep("writer-totp", round))) throw new Error(`step ${round} refused`);
  await store.touchPasskey("writer-passkey", "writer-credential", round);
  if (round === 1) process.stdout.write("ready\n");
}
await store.close();
process.stdout.write(`done ${round}\n`);
