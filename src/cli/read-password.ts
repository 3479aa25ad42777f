import { createInterface } from "node:readline";
import { Writable } from "node:stream";

/** Asks for a password on a terminal without echoing it. */
function ask(prompt: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const reader = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    reader.question(prompt, (answer) => {
      reader.close();
      process.stderr.write("\n");
      resolve(answer);
    });
    muted = true;
  });
}

/** One line from standard input, for scripts: `echo "$PASSWORD" | npm run accounts -- add …`. */
async function readLine(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes("\n")) break;
  }
  return text.split(/\r?\n/, 1)[0] ?? "";
}

/** A new password: typed twice on a terminal, or one line on stdin when it is not a terminal. */
export async function readNewPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readLine();
  const first = await ask("New password: ");
  const second = await ask("Repeat it: ");
  if (first !== second) throw new Error("the two passwords differ");
  return first;
}
