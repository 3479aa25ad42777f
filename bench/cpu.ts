import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";

/** Clock ticks per second, the unit of utime and stime in /proc (USER_HZ; 100 on Linux almost always). */
export const CLK_TCK = (() => {
  try {
    const value = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    return Number.isFinite(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
})();

/** utime + stime (fields 14 and 15) of a /proc stat line; the command name in field 2 may hold spaces. */
function ticksOf(statLine: string): number {
  const fields = statLine.slice(statLine.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state), so field n is fields[n - 3].
  return Number(fields[11]) + Number(fields[12]);
}

export interface CpuSample {
  /** The whole process: every thread, live or already exited. */
  ticks: number;
  /** The main thread alone (JavaScript, the event loop, parsing and rendering). */
  mainTicks: number;
}

/**
 * CPU used so far by a process, from /proc/<pid>/stat. That line counts every thread of the process, including
 * threads that have exited (the kernel folds their time into the process when they end); summing
 * /proc/<pid>/task/<tid>/stat would miss those, and race with threads that come and go while it reads. The main
 * thread's own line is read too, to tell JavaScript from the libuv pool (argon2) and V8's helper threads.
 */
export function cpuSample(pid: number): CpuSample {
  return {
    ticks: ticksOf(readFileSync(`/proc/${pid}/stat`, "utf8")),
    mainTicks: ticksOf(readFileSync(`/proc/${pid}/task/${pid}/stat`, "utf8")),
  };
}

export function cpuSince(pid: number, before: CpuSample): CpuSample {
  const now = cpuSample(pid);
  return { ticks: now.ticks - before.ticks, mainTicks: now.mainTicks - before.mainTicks };
}

/** Microseconds of CPU per unit of work. */
export const microsPer = (ticks: number, count: number): number => (ticks * 1e6) / CLK_TCK / count;

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

/**
 * RSS in its two kinds: anonymous memory (V8's heap, malloc's, the stacks: what the process owns) and file pages
 * (the node binary's code and read-only data as far as they were touched: clean, shared with every other process
 * running the same binary, and given back under memory pressure). On Node 26 the file pages are 54–62 MB.
 */
export function rssPartsMb(pid: number): { anonymous: number; file: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const mb = (name: string) =>
    Math.round((Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024) * 10) / 10;
  return { anonymous: mb("RssAnon"), file: mb("RssFile") };
}

/** The machine, as the results name it. */
export function machine(): { cpu: string; cores: number; memory_gb: number; node: string; clk_tck: number } {
  let cpu = os.cpus()[0]?.model ?? "unknown";
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? cpu;
  } catch {
    // not Linux: keep what os.cpus() says
  }
  return {
    cpu,
    cores: os.cpus().length,
    memory_gb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    clk_tck: CLK_TCK,
  };
}
