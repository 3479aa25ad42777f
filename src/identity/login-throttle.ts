import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { RedisClientType } from "redis";
import { unavailable } from "../errors.js";
import { normalizeEmail } from "./user.js";

export interface ThrottleSettings {
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  windowSeconds: number;
  lockoutSeconds: number;
}

export type LockScope = "account" | "ip";
export type Locked = { locked: true; retryAfterMs: number; scope: LockScope };

/** A failure booked before a password check; the check's result settles it. */
export interface Reservation {
  locked: false;
  /** The account's failures counting this one, should the check fail. */
  failures: number;
  /** The check failed: the failure stands, and may lock the account or the IP. */
  failed(): Promise<Locked | { locked: false; failures: number }>;
  /** The check passed: the account starts again and the IP gets its point back. */
  succeeded(): Promise<void>;
  /** No check could be made (a store failed): both counters get their point back. */
  release(): Promise<void>;
}

/**
 * Counts failed sign-ins per account and per client IP (in the spirit of Authelia's regulation: max retries
 * within a find time, then a ban time). A failure is reserved atomically *before* the password is checked, so N
 * concurrent guesses cost at most the limit's worth of checks, in memory and in Redis alike.
 */
export interface LoginThrottle {
  reserve(email: string, ip: string): Promise<Reservation | Locked>;
}

function limiter(
  prefix: string,
  points: number,
  settings: ThrottleSettings,
  redis: RedisClientType | undefined,
): RateLimiterAbstract {
  // No automatic block: a reservation over the limit (many checks in flight at once) is refused and given back,
  // and only a failure that really reaches the limit locks (`failed` blocks explicitly). Otherwise a burst of
  // right passwords for one account would lock it.
  const options = {
    keyPrefix: `hlc:login-fail:${prefix}`,
    points,
    duration: settings.windowSeconds,
  };
  return redis === undefined
    ? new RateLimiterMemory(options)
    : new RateLimiterRedis({ ...options, storeClient: redis, useRedisPackage: true, rejectIfRedisNotReady: true });
}

/** Runs a counter operation; a failing store (Redis down) is a 503, a spent limit is a lock. */
async function counted(run: () => Promise<RateLimiterRes>): Promise<RateLimiterRes | { spent: RateLimiterRes }> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof RateLimiterRes) return { spent: error };
    throw unavailable("sign-in counters", error);
  }
}

export function createLoginThrottle(settings: ThrottleSettings, redis?: RedisClientType): LoginThrottle {
  const byAccount = limiter("account", settings.maxFailuresPerAccount, settings, redis);
  const byIp = limiter("ip", settings.maxFailuresPerIp, settings, redis);
  const guard = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw unavailable("sign-in counters", error);
    }
  };

  // Locks live apart from the counters: a block written over a counter would be undone by the points that
  // refused reservations give back, and let more checks through.
  const accountLocks = limiter("account-lock", 1, settings, redis);
  const ipLocks = limiter("ip-lock", 1, settings, redis);
  const lockMs = settings.lockoutSeconds * 1000;

  /** How long a lock still holds, or 0. */
  const lockedFor = async (locks: RateLimiterAbstract, key: string): Promise<number> => {
    const state = await guard(() => locks.get(key));
    return state !== null && state.consumedPoints > 1 ? state.msBeforeNext : 0;
  };

  return {
    async reserve(email, ip) {
      const accountKey = normalizeEmail(email);
      const [accountLock, ipLock] = await Promise.all([lockedFor(accountLocks, accountKey), lockedFor(ipLocks, ip)]);
      if (accountLock > 0 || ipLock > 0) {
        return { locked: true, retryAfterMs: Math.max(accountLock, ipLock), scope: accountLock > 0 ? "account" : "ip" };
      }
      const [account, address] = await Promise.all([
        counted(() => byAccount.consume(accountKey)),
        counted(() => byIp.consume(ip)),
      ]);
      if ("spent" in account || "spent" in address) {
        // No check happens: give back what this request took from both counters.
        await guard(() => Promise.all([byAccount.reward(accountKey), byIp.reward(ip)]));
        const wait = Math.max(
          "spent" in account ? account.spent.msBeforeNext : 0,
          "spent" in address ? address.spent.msBeforeNext : 0,
        );
        return { locked: true, retryAfterMs: Math.max(1000, wait), scope: "spent" in account ? "account" : "ip" };
      }
      return {
        locked: false,
        failures: account.consumedPoints,
        async failed() {
          // The failure that reaches a limit locks at once: "10 failures" means the 10th one locks.
          const accountFull = account.consumedPoints >= settings.maxFailuresPerAccount;
          const ipFull = address.consumedPoints >= settings.maxFailuresPerIp;
          if (accountFull) await guard(() => accountLocks.block(accountKey, settings.lockoutSeconds));
          if (ipFull) await guard(() => ipLocks.block(ip, settings.lockoutSeconds));
          if (accountFull || ipFull)
            return { locked: true, retryAfterMs: lockMs, scope: accountFull ? "account" : "ip" };
          return { locked: false, failures: account.consumedPoints };
        },
        async succeeded() {
          await guard(() => Promise.all([byAccount.delete(accountKey), byIp.reward(ip)]));
        },
        async release() {
          await guard(() => Promise.all([byAccount.reward(accountKey), byIp.reward(ip)]));
        },
      };
    },
  };
}
