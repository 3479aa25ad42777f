import { createHash } from "node:crypto";
import type { AttemptLimit, AttemptStore } from "../sign-in/attempts.js";
import { ipKey } from "../sign-in/limits.js";

const HOUR_MS = 3_600_000;
/** Per address: 3 links an hour, whoever asks (as for forgot-password links). */
const PER_ADDRESS: AttemptLimit = { max: 3, windowMs: HOUR_MS, lockMs: HOUR_MS };
/** Per client IP (a /64 for IPv6). */
const PER_IP: AttemptLimit = { max: 20, windowMs: HOUR_MS, lockMs: HOUR_MS };

/**
 * Counts one use of a limit: 0 when granted, else how long it stays used up (at least 1 ms). Reserved before any
 * work (begin, atomic across instances in Redis) and counted at once (fail), so a burst cannot pass the limit.
 */
async function take(limits: AttemptStore, key: string, limit: AttemptLimit): Promise<number> {
  const begun = await limits.begin(key, limit);
  if (!begun.begun) return Math.max(1, begun.lockedForMs);
  await limits.fail(key, limit);
  return 0;
}

const hashed = (value: string) => createHash("sha256").update(value).digest("base64url");

/**
 * Whether one more address link (verification, address change) may be sent: per IP first, then per address (the
 * address's own counter, shared with nobody else's). Undefined when granted, else which limit refused.
 */
export async function takeAddressSend(
  limits: AttemptStore,
  input: { email: string; ip: string },
): Promise<{ scope: "ip" | "address"; lockedForMs: number } | undefined> {
  const ipLocked = await take(limits, `address-link:ip:${ipKey(input.ip)}`, PER_IP);
  if (ipLocked > 0) return { scope: "ip", lockedForMs: ipLocked };
  const addressLocked = await take(limits, `address-link:email:${hashed(input.email)}`, PER_ADDRESS);
  if (addressLocked > 0) return { scope: "address", lockedForMs: addressLocked };
  return undefined;
}
