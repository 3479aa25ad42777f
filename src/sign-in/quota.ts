import { unavailable } from "../errors.js";
import type { AttemptLimit, AttemptStore } from "./attempts.js";

/**
 * Takes one use of a quota kept in the attempt counters (Redis when shared): 0 when granted, else how long it stays
 * used up (at least 1 ms). Reserved (begin, atomic across instances) and counted at once (fail) before the work it
 * guards, so a burst cannot pass the limit, and a success gives nothing back: every use counts.
 */
export async function takeQuota(store: AttemptStore, key: string, limit: AttemptLimit): Promise<number> {
  try {
    const begun = await store.begin(key, limit);
    if (!begun.begun) return Math.max(1, begun.lockedForMs);
    await store.fail(key, limit);
    return 0;
  } catch (error) {
    throw unavailable("attempt counters", error);
  }
}
