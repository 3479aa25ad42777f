/**
 * How long to hold back the answer to a failed sign-in, growing with the failures already counted: the first
 * few cost nothing extra, then each doubles, up to a ceiling that keeps a person's retry bearable.
 */
export function failureDelayMs(failures: number, baseMs: number, freeFailures = 3): number {
  if (failures <= freeFailures || baseMs <= 0) return 0;
  return Math.min(baseMs * 16, baseMs * 2 ** (failures - freeFailures - 1));
}

/** Whole minutes for the message a locked-out person sees; never "0 minutes". */
export function minutesUntil(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}
