import { createHash } from "node:crypto";
import { unavailable } from "../errors.js";
import type { AttemptLimit, AttemptStore } from "./attempts.js";
import { IP_RANGE_FACTOR, ipKey, ipRangeKey } from "./limits.js";

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

/**
 * Takes one use of a per-client-IP quota: its /64 (or the IPv4 address) first, then for IPv6 its /48 at
 * IP_RANGE_FACTOR times the limit (a /48 holds 65,536 /64s, which must not be 65,536 fresh quotas). The /48 counts
 * only what its /64 let through, so one /64 hammering away uses up its own quota, not its neighbours'.
 * 0 when granted, else how long it stays used up.
 */
export async function takeIpQuota(
  store: AttemptStore,
  prefix: string,
  ip: string,
  limit: AttemptLimit,
): Promise<number> {
  const ipLocked = await takeQuota(store, `${prefix}:ip:${ipKey(ip)}`, limit);
  const range = ipRangeKey(ip);
  if (ipLocked > 0 || range === undefined) return ipLocked;
  return takeQuota(store, `${prefix}:range:${range}`, { ...limit, max: limit.max * IP_RANGE_FACTOR });
}

const HOUR_MS = 3_600_000;

/** Emails we send to an address someone typed: so many an hour per address and per client IP. */
export interface SendLimits {
  perAddress: AttemptLimit;
  perIp: AttemptLimit;
  /**
   * Also so many per (address, client IP), below `perAddress`: then a stranger asking from one place uses up only
   * their own share, and the owner elsewhere still gets one (finding 7 of the h19 review).
   */
  perAddressFromIp?: AttemptLimit;
}

/** Per address 3 an hour, whoever asks; per IP (a /64 for IPv6) 20: enough for a household, not for a flood. */
export const LINK_SENDS: SendLimits = {
  perAddress: { max: 3, windowMs: HOUR_MS, lockMs: HOUR_MS },
  perIp: { max: 20, windowMs: HOUR_MS, lockMs: HOUR_MS },
};

const hashed = (value: string) => createHash("sha256").update(value).digest("base64url");

/**
 * One more email of a kind (recovery, address-link, email-sign-in) to `email`, asked from `ip`: the IP's quota
 * first, then the address's from this IP when there is one, then the address's (its own counter, shared with nobody
 * else's, keyed by a hash of it). Undefined when
 * granted, else which quota refused and for how long. Every email we send goes through here, so nobody can use
 * us to flood a mailbox.
 */
export async function takeSendQuota(
  store: AttemptStore,
  kind: string,
  input: { email: string; ip: string },
  limits: SendLimits,
): Promise<{ scope: "ip" | "address"; lockedForMs: number } | undefined> {
  const ipLocked = await takeIpQuota(store, kind, input.ip, limits.perIp);
  if (ipLocked > 0) return { scope: "ip", lockedForMs: ipLocked };
  if (limits.perAddressFromIp !== undefined) {
    const fromKey = `${kind}:email-from:${hashed(input.email)}|${ipKey(input.ip)}`;
    const fromLocked = await takeQuota(store, fromKey, limits.perAddressFromIp);
    if (fromLocked > 0) return { scope: "address", lockedForMs: fromLocked };
  }
  const addressLocked = await takeQuota(store, `${kind}:email:${hashed(input.email)}`, limits.perAddress);
  if (addressLocked > 0) return { scope: "address", lockedForMs: addressLocked };
  return undefined;
}
