import { setTimeout as sleep } from "node:timers/promises";
import { failureDelayMs } from "../policy/brute-force.js";
import type { LockScope, LoginThrottle } from "./login-throttle.js";
import { authenticate } from "./authenticate.js";
import type { UserStore } from "./store.js";
import type { User } from "./user.js";
import { assurance, type PendingSignIn } from "../policy/second-step.js";
import type { AccountFactors } from "./factors/types.js";
import type { Passkeys } from "./factors/passkeys.js";
import { hashRecoveryCode, looksLikeRecoveryCode } from "./factors/recovery-codes.js";
import type { SecretBox } from "./factors/secret-box.js";
import { verifyTotp } from "./factors/totp.js";

/** What one sign-in step came to; the login route only turns these into pages. */
export type SignInOutcome =
  | { kind: "accepted"; user: User; amr: string[]; acr: string }
  | { kind: "failed"; failures: number }
  | { kind: "locked"; retryAfterMs: number; scope: LockScope; when: "before_check" | "this_failure" };

export interface SignInDeps {
  /** Already guarded (guarded-store.ts): its failures are 503s. */
  users: UserStore;
  throttle: LoginThrottle;
  /** First extra delay on a failed sign-in (it grows with the failures); 0 turns it off. */
  failureDelayMs: number;
  /** Opens sealed TOTP secrets. */
  secretBox: SecretBox;
  /** Passkey ceremonies; undefined when BASE_URL has no host name. */
  passkeys: Passkeys | undefined;
}

export interface SignIn {
  /** The password step: one reserved failure, one password check, one outcome. */
  withPassword(input: { email: string; password: string; ip: string }): Promise<SignInOutcome>;
  /** A second step with a one-time code (TOTP, or a recovery code, used once). */
  withCode(input: { pending: PendingSignIn; code: string; ip: string }): Promise<SignInOutcome>;
  /**
   * A passkey: alone (no `pending`: whoever it belongs to) or as the second step (`pending`: it must be that
   * person's). `expectedChallenge` is the one the page was given.
   */
  withPasskey(input: {
    credential: unknown;
    expectedChallenge: string;
    pending?: PendingSignIn;
    ip: string;
  }): Promise<SignInOutcome>;
  factorsOf(userId: string): Promise<AccountFactors>;
}

/** Signing in, in one place: brute-force limits, every factor's check, and the factors each proves. */
export function createSignIn(deps: SignInDeps): SignIn {
  const { users, throttle } = deps;

  /** One reserved failure around a check; the check returns the factors it proved, or undefined. */
  async function limited(
    key: string,
    ip: string,
    check: () => Promise<{ user: User; factors: string[] } | undefined>,
  ): Promise<SignInOutcome> {
    const reservation = await throttle.reserve(key, ip);
    if (reservation.locked) {
      return { kind: "locked", retryAfterMs: reservation.retryAfterMs, scope: reservation.scope, when: "before_check" };
    }
    let proved;
    try {
      proved = await check();
    } catch (error) {
      await reservation.release().catch(() => undefined);
      throw error;
    }
    if (proved === undefined) {
      const verdict = await reservation.failed();
      if (verdict.locked) {
        return { kind: "locked", retryAfterMs: verdict.retryAfterMs, scope: verdict.scope, when: "this_failure" };
      }
      await sleep(failureDelayMs(verdict.failures, deps.failureDelayMs));
      return { kind: "failed", failures: verdict.failures };
    }
    await reservation.succeeded();
    const { acr, amr } = assurance(proved.factors);
    return { kind: "accepted", user: proved.user, amr, acr };
  }

  async function userOf(id: string): Promise<User | undefined> {
    const user = await users.findById(id);
    return user === undefined || user.disabled ? undefined : user;
  }

  /** A TOTP code (each step once) or a recovery code (each code once), atomically in the store. */
  async function codeMatches(userId: string, code: string): Promise<boolean> {
    const factors = await users.getFactors(userId);
    if (looksLikeRecoveryCode(code)) {
      return users.consumeRecoveryCode(userId, hashRecoveryCode(code));
    }
    if (factors.totp === undefined) return false;
    const step = verifyTotp(deps.secretBox.open(factors.totp.sealedSecret), code);
    if (step === undefined) return false;
    return users.useTotpStep(userId, step);
  }

  return {
    factorsOf: (userId) => users.getFactors(userId),

    withCode: ({ pending, code, ip }) =>
      limited(pending.email, ip, async () => {
        const user = await userOf(pending.userId);
        if (user === undefined || !(await codeMatches(user.id, code))) return undefined;
        return { user, factors: [...pending.firstFactors, "otp"] };
      }),

    async withPasskey({ credential, expectedChallenge, pending, ip }) {
      const passkeys = deps.passkeys;
      const credentialId = passkeys?.credentialIdOf(credential);
      const found = credentialId === undefined ? undefined : await users.findPasskey(credentialId);
      // Limits count per account when the passkey names one, per credential otherwise (an unknown one).
      const key =
        pending?.email ??
        (found ? (await userOf(found.userId))?.email : undefined) ??
        `passkey:${credentialId ?? "none"}`;
      return limited(key, ip, async () => {
        if (passkeys === undefined || found === undefined) return undefined;
        if (pending !== undefined && found.userId !== pending.userId) return undefined;
        const user = await userOf(found.userId);
        if (user === undefined) return undefined;
        const verdict = await passkeys.verifyAuthentication(credential, expectedChallenge, found.passkey);
        if (!verdict.ok || !verdict.userVerified) return undefined;
        await users.touchPasskey(user.id, found.passkey.credentialId, verdict.counter);
        const kind = found.passkey.deviceType === "singleDevice" ? "hwk" : "swk";
        return { user, factors: [...(pending?.firstFactors ?? []), kind, "user"] };
      });
    },

    withPassword: ({ email, password, ip }) =>
      limited(email, ip, async () => {
        const user = await authenticate(users, email, password);
        return user === undefined ? undefined : { user, factors: ["pwd"] };
      }),
  };
}
