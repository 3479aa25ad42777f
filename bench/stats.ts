import * as hdr from "hdr-histogram-js";

/** Latencies of one kind of step, kept in microseconds (HdrHistogram: exact percentiles, fixed memory). */
export class Series {
  private readonly histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  });
  count = 0;

  record(ms: number): void {
    this.histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
    this.count += 1;
  }

  percentileMs(percentile: number): number {
    return this.count === 0 ? NaN : this.histogram.getValueAtPercentile(percentile) / 1000;
  }

  summary(seconds: number): { count: number; p50_ms: number; p99_ms: number; per_second: number } {
    return {
      count: this.count,
      p50_ms: round(this.percentileMs(50)),
      p99_ms: round(this.percentileMs(99)),
      per_second: round(this.count / seconds),
    };
  }
}

export const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** Runs `flow` from `users` virtual users at once until `total` flows have started; errors are counted. */
export async function runConcurrently(
  users: number,
  total: number,
  flow: (user: number) => Promise<void>,
): Promise<{ seconds: number; errors: string[] }> {
  let started = 0;
  const errors: string[] = [];
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: users }, async (_, user) => {
      while (started < total) {
        started += 1;
        try {
          await flow(user);
        } catch (error) {
          errors.push(error instanceof Error ? error.message : String(error));
        }
      }
    }),
  );
  return { seconds: (performance.now() - begin) / 1000, errors };
}

/** Runs `work` once for every item from `workers` closed-loop workers (each starts its next item when done). */
export async function runEach<T>(
  workers: number,
  items: readonly T[],
  work: (item: T) => Promise<void>,
): Promise<{ seconds: number; errors: string[] }> {
  let next = 0;
  const errors: string[] = [];
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < items.length) {
        const item = items[next]!;
        next += 1;
        try {
          await work(item);
        } catch (error) {
          errors.push(error instanceof Error ? error.message : String(error));
        }
      }
    }),
  );
  return { seconds: (performance.now() - begin) / 1000, errors };
}
