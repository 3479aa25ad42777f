import type { ChildReply } from "../child.js";
import { cpuSample, cpuSince, microsPer } from "../cpu.js";
import { round, runEach, Series } from "../stats.js";
import { WARMUP, WORKERS } from "./settings.js";

/** One measured stage: requests, wall time, CPU of the process that served them, latencies. */
export interface Stage {
  count: number;
  seconds: number;
  ticks: number;
  mainTicks: number;
  /** CPU over the unmeasured warm-up requests (V8 still compiling), and how many there were. */
  warmupTicks?: number;
  warmupCount?: number;
  /** CPU per request of every round, when the stage is the median of several. */
  roundsCpuUs?: number[];
  series: Series;
  errors: string[];
}

export function stageSummary(stage: Stage) {
  return {
    requests: stage.count,
    cpu_us: round(microsPer(stage.ticks, stage.count), 0),
    main_thread_us: round(microsPer(stage.mainTicks, stage.count), 0),
    rounds_cpu_us: stage.roundsCpuUs?.join(" / ") ?? "—",
    warmup_cpu_us: stage.warmupCount ? round(microsPer(stage.warmupTicks ?? 0, stage.warmupCount), 0) : "—",
    cpu_ticks: stage.ticks,
    p50_ms: round(stage.series.percentileMs(50)),
    p99_ms: round(stage.series.percentileMs(99)),
    per_second: round(stage.count / stage.seconds, 0),
    errors: stage.errors.length,
  };
}
export type StageSummary = ReturnType<typeof stageSummary>;

/** Runs `hop` on the first `warmup` items unmeasured, then on the rest while reading `pid`'s CPU. */
export async function measure<T>(
  pid: number,
  items: readonly T[],
  hop: (item: T) => Promise<number>,
  warmup = WARMUP,
): Promise<Stage> {
  const warmItems = items.slice(0, warmup);
  const warmBefore = cpuSample(pid);
  const warm = await runEach(WORKERS, warmItems, async (item) => void (await hop(item)));
  const warmupTicks = cpuSince(pid, warmBefore).ticks;
  const measured = items.slice(warmup);
  const series = new Series();
  const before = cpuSample(pid);
  const run = await runEach(WORKERS, measured, async (item) => series.record(await hop(item)));
  const cpu = cpuSince(pid, before);
  return {
    count: measured.length,
    seconds: run.seconds,
    ...cpu,
    warmupTicks,
    warmupCount: warmItems.length,
    series,
    errors: [...warm.errors, ...run.errors],
  };
}

/** The round with the median CPU per request (its latency and throughput with it), the first round's warm-up. */
export function medianRound(rounds: readonly Stage[]): Stage {
  const perRequest = (stage: Stage) => stage.ticks / stage.count;
  const sorted = [...rounds].sort((a, b) => perRequest(a) - perRequest(b));
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return {
    ...median,
    warmupTicks: rounds[0]?.warmupTicks,
    warmupCount: rounds[0]?.warmupCount,
    roundsCpuUs: rounds.map((stage) => round(microsPer(stage.ticks, stage.count), 0)),
    errors: rounds.flatMap((stage) => stage.errors),
  };
}

export function fromChild(reply: ChildReply): Stage {
  const series = new Series();
  for (const ms of reply.latenciesMs) series.record(ms);
  return { ...reply, series };
}
