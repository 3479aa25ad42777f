import { setTimeout as sleep } from "node:timers/promises";
import { unavailable } from "../errors.js";
import { failureDelayMs } from "../policy/brute-force.js";
import type { LockScope, LoginThrottle } from "./login-throttle.js";
import { authenticate } from "./authenticate.js";
import type { UserStore } from "./store.js";
import type { User } from "./user.js";

/** What one sign-in step came to; the login route only turns these into pages. */
export type SignInOutcome =
  | { kind: "accepted"; user: User; amr: string[]; acr: string }
  | { kind: "failed"; failures: number }
  | { kind: "locked"; retryAfterMs: number; scope: LockScope; when: "before_check" | "this_failure" };

export interface SignInDeps {
  users: UserStore;
  throttle: LoginThrottle;
  /** First extra delay on a failed sign-in (it grows with the failures); 0 turns it off. */
  failureDelayMs: number;
}

export interface SignIn {
  /** The password step: one reserved failure, one password check, one outcome. */
  withPassword(input: { email: string; password: string; ip: string }): Promise<SignInOutcome>;
}

/** The password check; a failing user store is a 503, never a 500. */
async function checkPassword(users: UserStore, email: string, password: string): Promise<User | undefined> {
  try {
    return await authenticate(users, email, password);
  } catch (error) {
    throw unavailable("user store", error);
  }
}

/** Signing in, in one place: brute-force limits, the password check and the factors it proves. */
export function createSignIn(deps: SignInDeps): SignIn {
  return {
    async withPassword({ email, password, ip }) {
      const reservation = await deps.throttle.reserve(email, ip);
      if (reservation.locked)
        return {
          kind: "locked",
          retryAfterMs: reservation.retryAfterMs,
          scope: reservation.scope,
          when: "before_check",
        };
      let user: User | undefined;
      try {
        user = await checkPassword(deps.users, email, password);
      } catch (error) {
        await reservation.release().catch(() => undefined);
        throw error;
      }
      if (user === undefined) {
        const verdict = await reservation.failed();
        if (verdict.locked)
          return { kind: "locked", retryAfterMs: verdict.retryAfterMs, scope: verdict.scope, when: "this_failure" };
        await sleep(failureDelayMs(verdict.failures, deps.failureDelayMs));
        return { kind: "failed", failures: verdict.failures };
      }
      await reservation.succeeded();
      return { kind: "accepted", user, amr: ["pwd"], acr: "1" };
    },
  };
}
