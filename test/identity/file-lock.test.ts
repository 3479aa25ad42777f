import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { withFileLock } from "../../src/identity/file-lock.js";

const lockIn = () => path.join(mkdtempSync(path.join(os.tmpdir(), "file-lock-")), ".users.json.lock");

/** The id of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

describe("file lock", () => {
  it("holds the lock file while the task runs and removes it afterwards, also when the task throws", async () => {
    const lock = lockIn();
    expect(await withFileLock(lock, () => existsSync(lock))).toBe(true);
    expect(existsSync(lock)).toBe(false);
    await expect(withFileLock(lock, () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(existsSync(lock)).toBe(false);
  });

  it("lets one holder in at a time", async () => {
    const lock = lockIn();
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        withFileLock(lock, async () => {
          most = Math.max(most, ++inside);
          await new Promise((resolve) => setTimeout(resolve, 2));
          inside -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
  });

  it("waits for a live holder and gives up after the timeout, naming it", async () => {
    const lock = lockIn();
    writeFileSync(lock, `${process.pid} ${os.hostname()} now\n`);
    const started = Date.now();
    await expect(withFileLock(lock, () => "never", { timeoutMs: 300 })).rejects.toThrow(
      `still locked by process ${process.pid} on ${os.hostname()}`,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(existsSync(lock)).toBe(true);
  });

  it("breaks a lock whose process on this machine has ended, at once", async () => {
    const lock = lockIn();
    writeFileSync(lock, `${deadPid()} ${os.hostname()} then\n`);
    const started = Date.now();
    expect(await withFileLock(lock, () => "mine", { timeoutMs: 5000 })).toBe("mine");
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("breaks another machine's lock (or one naming nobody) only once it is older than staleMs", async () => {
    const lock = lockIn();
    writeFileSync(lock, `1 another-host then\n`);
    await expect(withFileLock(lock, () => "never", { timeoutMs: 200, staleMs: 60_000 })).rejects.toThrow(
      "still locked by process 1 on another-host",
    );
    const old = new Date(Date.now() - 120_000);
    utimesSync(lock, old, old);
    expect(await withFileLock(lock, () => "mine", { timeoutMs: 1000, staleMs: 60_000 })).toBe("mine");

    writeFileSync(lock, "");
    utimesSync(lock, old, old);
    expect(await withFileLock(lock, () => "mine again", { timeoutMs: 1000, staleMs: 60_000 })).toBe("mine again");
  });
});
