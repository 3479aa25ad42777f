import type { RedisClientType } from "redis";
import { IN_FLIGHT_TTL_MS, type AttemptLimit, type AttemptStore, type BeginResult } from "./attempts.js";

/**
 * The attempt counters in Redis, shared by every instance. Each key has three Redis keys: `<key>:f` (failures,
 * expiring with the window), `<key>:i` (checks in flight) and `<key>:lock`; begin and fail are Lua scripts, so two
 * instances can never both take the last slot. Operators find an account's keys with
 * `redis-cli --scan --pattern 'hlc:attempts:*'` (see the README).
 */
const BEGIN = `
local lock = redis.call('PTTL', KEYS[3])
local failures = tonumber(redis.call('GET', KEYS[1]) or '0')
local inFlight = tonumber(redis.call('GET', KEYS[2]) or '0')
if lock > 0 then return {0, lock, failures, inFlight} end
if failures + inFlight >= tonumber(ARGV[1]) then return {0, 0, failures, inFlight} end
-- The expiry is set by the first check in flight only: slots a crashed instance leaked end within it.
if redis.call('INCR', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
return {1, 0, failures, inFlight}`;

const FAIL = `
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
local failures = redis.call('INCR', KEYS[1])
if failures == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if failures >= tonumber(ARGV[1]) then
  redis.call('SET', KEYS[3], '1', 'PX', ARGV[3])
  return {failures, 1}
end
return {failures, 0}`;

const SETTLE = `
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
if ARGV[1] == 'succeeded' then redis.call('DEL', KEYS[1]) end
return 1`;

const ATTEMPT_KEY_PREFIX = "hlc:attempts:";

export class RedisAttemptStore implements AttemptStore {
  constructor(private readonly redis: RedisClientType) {}

  private keys(key: string): string[] {
    const base = ATTEMPT_KEY_PREFIX + key;
    return [`${base}:f`, `${base}:i`, `${base}:lock`];
  }

  async begin(key: string, limit: AttemptLimit): Promise<BeginResult> {
    const [begun, lockedForMs, failures, inFlight] = (await this.redis.eval(BEGIN, {
      keys: this.keys(key),
      arguments: [String(limit.max), String(IN_FLIGHT_TTL_MS)],
    })) as number[];
    if (begun === 1) return { begun: true, failures: failures! };
    return { begun: false, lockedForMs: lockedForMs!, failures: failures!, inFlight: inFlight! };
  }

  async fail(key: string, limit: AttemptLimit): Promise<{ failures: number; locked: boolean }> {
    const [failures, locked] = (await this.redis.eval(FAIL, {
      keys: this.keys(key),
      arguments: [String(limit.max), String(limit.windowMs), String(limit.lockMs)],
    })) as number[];
    return { failures: failures!, locked: locked === 1 };
  }

  async succeed(key: string): Promise<void> {
    await this.redis.eval(SETTLE, { keys: this.keys(key), arguments: ["succeeded"] });
  }

  async release(key: string): Promise<void> {
    await this.redis.eval(SETTLE, { keys: this.keys(key), arguments: ["released"] });
  }

  async clear(key: string): Promise<void> {
    const [failures, , lock] = this.keys(key);
    await this.redis.del([failures!, lock!]);
  }

  async clearAll(prefix: string): Promise<void> {
    // The prefix is an email: its glob characters are escaped, so it matches only itself.
    const pattern = `${ATTEMPT_KEY_PREFIX}${prefix.replace(/[*?[\]\\]/g, "\\$&")}*`;
    for await (const found of this.redis.scanIterator({ MATCH: pattern, COUNT: 500 })) {
      const names = (Array.isArray(found) ? found : [found]) as string[];
      const settled = names.filter((name) => name.endsWith(":f") || name.endsWith(":lock"));
      if (settled.length > 0) await this.redis.del(settled);
    }
  }
}
