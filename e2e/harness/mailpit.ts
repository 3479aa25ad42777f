import { execFileSync } from "node:child_process";
import path from "node:path";
import { projectRoot } from "./processes.js";

/** The Mailpit binary: MAILPIT_BIN, or ours, built from the Go module proxy by scripts/mailpit-build.sh. */
export function mailpitBinary(): string {
  try {
    return execFileSync("bash", [path.join(projectRoot, "scripts/mailpit-build.sh")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }).trim();
  } catch (error) {
    throw new Error(`Mailpit could not be built or found (scripts/mailpit-build.sh failed): ${String(error)}`);
  }
}
