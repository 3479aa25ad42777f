import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { RedisClientType } from "redis";
import { normalizeEmail } from "./user.js";

export interface ThrottleSettings {
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  windowSeconds: number;
  lockoutSeconds: number;
}

export type ThrottleVerdict = { locked: false; failures: number } | { locked: true; retryAfterMs: number };

/**
 * Counts failed sign-ins per account and per client IP (in the spirit of Authelia's regulation: max retries within
 * a find time, then a ban time). Counters live in Redis when given, so every instance sees the same numbers.
 */
export interface LoginThrottle {
  /** Before checking a password: is the account or the IP locked right now? */
  check(email: string, ip: string): Promise<ThrottleVerdict>;
  /** After a wrong password; the verdict says whether this failure locked the account or the IP. */
  recordFailure(email: string, ip: string): Promise<ThrottleVerdict>;
  /** After a right password: the account's counter starts again (the IP's does not). */
  recordSuccess(email: string): Promise<void>;
}

function limiter(
  prefix: string,
  points: number,
  settings: ThrottleSettings,
  redis: RedisClientType | undefined,
): RateLimiterAbstract {
  const options = {
    keyPrefix: `hlc:login-fail:${prefix}`,
    points,
    duration: settings.windowSeconds,
    blockDuration: settings.lockoutSeconds,
  };
  return redis === undefined
    ? new RateLimiterMemory(options)
    : new RateLimiterRedis({ ...options, storeClient: redis, useRedisPackage: true });
}

export function createLoginThrottle(settings: ThrottleSettings, redis?: RedisClientType): LoginThrottle {
  const byAccount = limiter("account", settings.maxFailuresPerAccount, settings, redis);
  const byIp = limiter("ip", settings.maxFailuresPerIp, settings, redis);
  const accountKey = (email: string) => normalizeEmail(email);

  function lockedFor(result: RateLimiterRes | null, points: number): number | undefined {
    if (result === null || result.consumedPoints <= points) return undefined;
    return result.msBeforeNext;
  }

  return {
    async check(email, ip) {
      const [account, address] = await Promise.all([byAccount.get(accountKey(email)), byIp.get(ip)]);
      const wait = Math.max(
        lockedFor(account, settings.maxFailuresPerAccount) ?? -1,
        lockedFor(address, settings.maxFailuresPerIp) ?? -1,
      );
      if (wait >= 0) return { locked: true, retryAfterMs: wait };
      return { locked: false, failures: account?.consumedPoints ?? 0 };
    },
    async recordFailure(email, ip) {
      const counters = [
        { limiter: byAccount, key: accountKey(email), max: settings.maxFailuresPerAccount },
        { limiter: byIp, key: ip, max: settings.maxFailuresPerIp },
      ];
      const results = await Promise.allSettled(counters.map(({ limiter, key }) => limiter.consume(key)));
      let failures = 0;
      let retryAfterMs = -1;
      for (const [index, result] of results.entries()) {
        const { limiter, key, max } = counters[index]!;
        if (result.status === "rejected") {
          if (!(result.reason instanceof RateLimiterRes)) throw result.reason; // the store itself failed
          retryAfterMs = Math.max(retryAfterMs, result.reason.msBeforeNext);
        } else if (result.value.consumedPoints >= max) {
          // The failure that reaches the limit locks at once: "10 failures" means the 10th one locks.
          await limiter.block(key, settings.lockoutSeconds);
          retryAfterMs = Math.max(retryAfterMs, settings.lockoutSeconds * 1000);
        } else if (index === 0) {
          failures = result.value.consumedPoints;
        }
      }
      return retryAfterMs >= 0 ? { locked: true, retryAfterMs } : { locked: false, failures };
    },
    async recordSuccess(email) {
      await byAccount.delete(accountKey(email));
    },
  };
}
