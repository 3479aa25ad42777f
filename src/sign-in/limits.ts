import { isIPv6 } from "node:net";
import { unavailable } from "../errors.js";
import { normalizeEmail } from "../identity/user.js";
import type { AttemptLimit, AttemptStore, BeginResult } from "./attempts.js";

export interface LimitSettings {
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  windowSeconds: number;
  lockoutSeconds: number;
}

/** Which check an attempt is for: each has its own counter per account, which no other step's success resets. */
export type Step = "password" | "code" | "passkey" | "email-code" | "upstream";

export type LockScope = "account" | "ip" | "sign_in";
export type Locked = { locked: true; retryAfterMs: number; scope: LockScope };

/** An attempt counted before its check; the check's result settles it. */
export interface Reservation {
  locked: false;
  /** The check failed: the failure stands, and may lock the account, the IP or the pending sign-in. */
  failed(): Promise<Locked | { locked: false; failures: number }>;
  /** The check passed: this step's failures of the account are forgotten; the IP gets its point back. */
  succeeded(): Promise<void>;
  /** No check could be made (a store failed): as if the attempt never began. */
  release(): Promise<void>;
}

/** Wrong codes one pending sign-in may have before it starts over at the password. */
const MAX_WRONG_CODES_PER_SIGN_IN = 5;
/** How long an attempt waits for checks in flight to settle before it is refused (a crowd, not an attacker). */
const WAIT_FOR_CHECKS_MS = 2_000;
/** How often a waiter looks again for checks settled on another instance. */
const POLL_MS = 50;

/** The eight groups of an IPv6 address, "::" filled in and leading zeros dropped. */
function ipv6Groups(ip: string): string[] {
  const [head = "", tail = ""] = ip.toLowerCase().split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === "" ? [] : tail.split(":");
  const groups = ip.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return groups.map((group) => group.replace(/^0+(?=.)/, ""));
}

const IPV4_MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/**
 * A client IP as the limits count it: an IPv6 address by its /64 (one household or server gets a whole /64, so
 * counting full addresses would give an attacker billions of fresh counters), an IPv4-mapped IPv6 as IPv4.
 */
export function ipKey(ip: string): string {
  const mapped = IPV4_MAPPED.exec(ip);
  if (mapped !== null) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  return `${ipv6Groups(ip).slice(0, 4).join(":")}::/64`;
}

/**
 * The /48 an IPv6 address is in (undefined for IPv4): what a business or cloud customer is given, 65,536 /64s.
 * Counted too, with IP_RANGE_FACTOR times the per-address limit, so a /48 is not 65,536 fresh addresses.
 */
export function ipRangeKey(ip: string): string | undefined {
  if (IPV4_MAPPED.test(ip) || !isIPv6(ip)) return undefined;
  return `${ipv6Groups(ip).slice(0, 3).join(":")}::/48`;
}

/** How many times the per-address failures (or quota) a whole /48 may have: a large office, not a spraying allocation. */
export const IP_RANGE_FACTOR = 10;

/**
 * Who can lock an account's password step, and how far (finding 4 of the attack review: anyone who knows an email
 * could lock its owner out). Wrong passwords are counted per (account, address): LOGIN_MAX_FAILURES_PER_ACCOUNT
 * from one address (a /64 for IPv6) locks the account for that address only, so a stranger, or a thief holding a
 * stolen browser, locks themselves and not the owner elsewhere. Across all addresses the account has a ceiling of
 * ACCOUNT_CEILING_FACTOR times that, counted from everywhere and not cleared by a success: an attacker spread over
 * any number of addresses still gets at most that many password checks per window (then the account is locked for
 * everyone, as before, but only after five times the tries). Emailed codes are counted the same way (finding 7 of
 * the h19 review: a stranger who asks codes for an address could type wrong ones to lock its owner out), besides
 * each code's own five tries. TOTP codes and passkeys keep one counter per account: they come after a password or
 * need a credential, which a stranger does not have.
 */
const ACCOUNT_CEILING_FACTOR = 5;

/** The steps a stranger can try with only an address: counted per (address, client address) under a ceiling. */
const PER_ADDRESS_STEPS = ["password", "email-code"] as const;
type PerAddressStep = (typeof PER_ADDRESS_STEPS)[number];
const isPerAddressStep = (step: Step): step is PerAddressStep => (PER_ADDRESS_STEPS as readonly Step[]).includes(step);

/** A step's per-(account, address) counter; the address is last, after a "|" no email domain holds. */
const fromKey = (step: PerAddressStep, email: string, ip: string) => `${step}-from:${email}|${ipKey(ip)}`;

/** Clears every step's failures and locks of one account (the operator's unlock), from every address. */
export async function clearAccountAttempts(store: AttemptStore, account: { email: string; id?: string }) {
  const email = normalizeEmail(account.email);
  const keys = PER_ADDRESS_STEPS.map((step) => `${step}:${email}`);
  if (account.id !== undefined) keys.push(`code:${account.id}`, `passkey:${account.id}`);
  await Promise.all([
    ...keys.map((key) => store.clear(key)),
    ...PER_ADDRESS_STEPS.map((step) => store.clearAll(`${step}-from:${email}|`)),
  ]);
}

/**
 * The account an attempt is for, or how to find it when that takes a lookup (a directory search): the lookup runs
 * only once the address's counters are taken, so a locked address costs none.
 */
export type AccountOf = string | (() => Promise<string>);

export interface Limits {
  /**
   * Counts one attempt at `step` for `account` (an email for passwords, an account id for codes and passkeys)
   * from `ip`, and for the pending sign-in when there is one. A refusal because checks are in flight waits for them
   * (at most WAIT_FOR_CHECKS_MS); a refusal because failures were counted is a lock.
   */
  reserve(step: Step, who: { account: AccountOf; ip: string; pendingId?: string }): Promise<Reservation | Locked>;
  /** The operator's unlock of an account (its email and its id): every step's failures and locks. */
  unlock(account: { email: string; id?: string }): Promise<void>;
}

interface Counted {
  key: string;
  limit: AttemptLimit;
  scope: LockScope;
  /** The account's own counter: attempts wait for its checks in flight, in turn. */
  queue?: true;
  /** Kept through a success (the account's ceiling): only the window ends its failures. */
  outlivesSuccess?: true;
}

export function createLimits(store: AttemptStore, settings: LimitSettings): Limits {
  const windowMs = Math.max(1, settings.windowSeconds) * 1000;
  const lockMs = Math.max(1, settings.lockoutSeconds) * 1000;
  const perAccount: AttemptLimit = { max: settings.maxFailuresPerAccount, windowMs, lockMs };
  const perIp: AttemptLimit = { max: settings.maxFailuresPerIp, windowMs, lockMs };
  const perIpRange: AttemptLimit = { max: settings.maxFailuresPerIp * IP_RANGE_FACTOR, windowMs, lockMs };
  const perAccountCeiling: AttemptLimit = {
    max: settings.maxFailuresPerAccount * ACCOUNT_CEILING_FACTOR,
    windowMs,
    lockMs,
  };
  // A pending sign-in lives minutes; past its wrong codes it is over, and the person starts again.
  const perSignIn: AttemptLimit = { max: MAX_WRONG_CODES_PER_SIGN_IN, windowMs: 10 * 60_000, lockMs: 10 * 60_000 };

  const guard = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw unavailable("sign-in counters", error);
    }
  };

  /** Begins every counter or none: a refused one gives back what the others took. */
  async function beginAll(counters: Counted[]): Promise<{ refused?: { counter: Counted; result: BeginResult } }> {
    const begun: Counted[] = [];
    for (const counter of counters) {
      const result = await guard(() => store.begin(counter.key, counter.limit));
      if (!result.begun) {
        await guard(() => Promise.all(begun.map((done) => store.release(done.key))));
        return { refused: { counter, result } };
      }
      begun.push(counter);
    }
    return {};
  }

  /** This instance's waiters, by the key of the account's counter. */
  const waiting = new Map<string, Array<() => void>>();
  const accountKeyOf = (counters: Counted[]) => counters.find((counter) => counter.queue === true)!.key;
  const queueOf = (counters: Counted[]) => waiting.get(accountKeyOf(counters)) ?? [];

  /** Waits to be woken by a settled check here, or a short poll for one settled elsewhere; false past the bound. */
  async function waitTurn(counters: Counted[], started: number): Promise<boolean> {
    const left = WAIT_FOR_CHECKS_MS - (Date.now() - started);
    if (left <= 0) return false;
    const key = accountKeyOf(counters);
    const queue = waiting.get(key) ?? [];
    waiting.set(key, queue);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(wake, Math.min(left, POLL_MS));
      function wake() {
        clearTimeout(timer);
        const at = queue.indexOf(wake);
        if (at >= 0) queue.splice(at, 1);
        if (queue.length === 0 && waiting.get(key) === queue) waiting.delete(key);
        resolve();
      }
      queue.push(wake);
    });
    return true;
  }

  /** A check settled or a slot was taken: the next in line tries. */
  function wakeNext(counters: Counted[]): void {
    waiting.get(accountKeyOf(counters))?.[0]?.();
  }

  /** Checks of the account in flight past the wait: refused for a second, as the account's. */
  const BUSY: Locked = { locked: true, retryAfterMs: 1000, scope: "account" };

  /** A refusal that failures or a lock made (not checks in flight alone): how long it lasts, for which scope. */
  function lockOf({ counter, result }: { counter: Counted; result: BeginResult }): Locked | undefined {
    if (result.begun) return undefined; // not reached: a refusal is never begun
    if (result.lockedForMs <= 0 && result.failures < counter.limit.max) return undefined;
    return {
      locked: true,
      retryAfterMs: Math.max(1000, result.lockedForMs > 0 ? result.lockedForMs : counter.limit.windowMs),
      scope: counter.scope,
    };
  }

  /**
   * The account behind `accountOf`. A lookup runs with the address's counters held (begun, then given back): a
   * locked address gets no lookup, and one address runs no more lookups at once than its limit.
   */
  async function lookedUp(accountOf: AccountOf, ipCounters: Counted[]): Promise<string | Locked> {
    if (typeof accountOf === "string") return accountOf;
    const { refused } = await beginAll(ipCounters);
    if (refused !== undefined) return lockOf(refused) ?? { locked: true, retryAfterMs: 1000, scope: "ip" };
    try {
      return await accountOf();
    } finally {
      await guard(() => Promise.all(ipCounters.map((counter) => store.release(counter.key))));
    }
  }

  return {
    async reserve(step, who) {
      // The IP first (its /48, then its /64): a locked address is refused before any other counter is touched, so a
      // flood from it makes no new keys (in memory, new keys would push a victim's counters out), nor lookups. The
      // wait queue is the account's.
      const range = ipRangeKey(who.ip);
      const ipCounters: Counted[] = [
        ...(range === undefined ? [] : [{ key: `ip:${range}`, limit: perIpRange, scope: "ip" as const }]),
        { key: `ip:${ipKey(who.ip)}`, limit: perIp, scope: "ip" },
      ];
      const found = await lookedUp(who.account, ipCounters);
      if (typeof found !== "string") return found;
      // Passwords and emailed codes are counted by the address typed (an unknown one alike), the rest by account id.
      const account = isPerAddressStep(step) ? normalizeEmail(found) : found;
      const counters: Counted[] = [
        ...ipCounters,
        ...(isPerAddressStep(step)
          ? [
              { key: fromKey(step, account, who.ip), limit: perAccount, scope: "account" as const },
              {
                key: `${step}:${account}`,
                limit: perAccountCeiling,
                scope: "account" as const,
                queue: true as const,
                outlivesSuccess: true as const,
              },
            ]
          : [{ key: `${step}:${account}`, limit: perAccount, scope: "account" as const, queue: true as const }]),
        ...(who.pendingId === undefined
          ? []
          : [{ key: `sign-in:${who.pendingId}`, limit: perSignIn, scope: "sign_in" as const }]),
      ];
      const started = Date.now();
      // Checks in flight are waited for in turn: one waiter per settled check on this instance, in the order they
      // came (a newcomer queues behind them), with a short poll for checks settled on another instance.
      let queued = false;
      for (;;) {
        const ahead = queueOf(counters);
        if (!queued && ahead.length > 0) {
          queued = true;
          if (!(await waitTurn(counters, started))) return BUSY;
          continue;
        }
        const { refused } = await beginAll(counters);
        if (refused === undefined) break;
        const locked = lockOf(refused);
        if (locked !== undefined) {
          wakeNext(counters);
          return locked;
        }
        // Only checks in flight stand in the way: wait for them rather than refuse a crowd of right answers.
        queued = true;
        if (!(await waitTurn(counters, started))) return BUSY;
      }
      wakeNext(counters);
      let failures = 0;
      return {
        locked: false,
        async failed() {
          let lockedScope: LockScope | undefined;
          for (const counter of counters) {
            const result = await guard(() => store.fail(counter.key, counter.limit));
            if (counter.scope === "account") failures = Math.max(failures, result.failures);
            if (result.locked && lockedScope === undefined) lockedScope = counter.scope;
          }
          wakeNext(counters);
          if (lockedScope !== undefined) {
            return {
              locked: true,
              retryAfterMs: lockedScope === "sign_in" ? perSignIn.lockMs : lockMs,
              scope: lockedScope,
            };
          }
          return { locked: false, failures };
        },
        async succeeded() {
          await guard(() =>
            Promise.all(
              counters.map((counter) =>
                counter.scope === "ip" || counter.outlivesSuccess === true
                  ? store.release(counter.key)
                  : store.succeed(counter.key),
              ),
            ),
          );
          wakeNext(counters);
        },
        async release() {
          await guard(() => Promise.all(counters.map((counter) => store.release(counter.key))));
          wakeNext(counters);
        },
      };
    },

    async unlock(account) {
      await guard(() => clearAccountAttempts(store, account));
    },
  };
}
