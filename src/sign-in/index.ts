/**
 * Signing in, in one place. Every way of proving who someone is goes through one method of this family, and every
 * method returns a `SignInOutcome` (outcome.ts): accepted, second_step, factor_missing, failed, locked or refused.
 * The routes only turn outcomes into pages (src/flows/sign-in-pages.ts); nothing else on the sign-in path reads
 * the limits or the factor stores.
 *
 *   methods/password.ts    email + password (and the account page's "current password" check)
 *   methods/directory-password.ts  the same against a directory (LDAP), when the user store owns its passwords
 *   methods/code.ts        the second step's one-time code: TOTP or a recovery code
 *   methods/passkey.ts     a passkey, alone or as the second step, against a server-side challenge
 *   methods/remembered.ts  a login Hydra remembers (skip), with step-up
 *   methods/registered.ts  the sign-in that ends a sign-up, for the account it has just created
 *   methods/email-code.ts  a 6-digit code or a link sent by email (EMAIL_SIGN_IN), as a first factor
 *   methods/upstream.ts    another OpenID Connect provider's answer: a linked account, a new one, or a proof first
 *
 * Adding a method (an emailed link, another identity provider, a directory) is one more file in methods/ and one
 * more entry below: it proves factors inside `limitedCheck` under its own `Step` (limits.ts: its own counter,
 * which no other step's success resets), looks the account up with `activeUser`, and hands what it proved to
 * `afterFirstStep` (a first factor) or to `assurance` (a second one). No other method and no route changes.
 */
import type { AttemptStore } from "./attempts.js";
import type { SignInContext } from "./context.js";
import { emailCodes } from "./email-codes.js";
import { createLimits, type LimitSettings } from "./limits.js";
import { signInWithCode } from "./methods/code.js";
import { requestEmailCode, signInWithEmailCode, signInWithEmailLink } from "./methods/email-code.js";
import { signInWithPasskey } from "./methods/passkey.js";
import { checkPassword, signInWithPassword } from "./methods/password.js";
import { signInRegistered } from "./methods/registered.js";
import { signInRemembered } from "./methods/remembered.js";
import { proveAccountForUpstream, signInWithUpstream } from "./methods/upstream.js";
import { UPSTREAM_STARTS_PER_IP, upstreamProofs } from "./upstream-proofs.js";
import { takeIpQuota } from "./quota.js";
import { passkeyProofs, type PasskeyBinding } from "./passkey-proofs.js";
import type { ProofStore } from "./proofs.js";
import { rememberedLogins } from "./remembered-logins.js";
import type { SignInOutcome } from "./outcome.js";
import type { PasskeyRecord } from "../identity/factors/types.js";

export type { SignInOutcome } from "./outcome.js";
export type { PendingSecondStep } from "./pending.js";
export type { Step } from "./limits.js";

export interface SignInDeps extends Omit<SignInContext, "limits" | "passkeyProofs" | "rememberedLogins"> {
  attempts: AttemptStore;
  proofs: ProofStore;
  limits: LimitSettings;
  /** Make and check passkey challenges without storing them (SESSION_SECRET: the first makes, each checks). */
  proofSecrets: readonly string[];
}

export function createSignIn(deps: SignInDeps) {
  const { attempts, proofs, limits: settings, proofSecrets, ...rest } = deps;
  const context: SignInContext = {
    ...rest,
    limits: createLimits(attempts, settings),
    passkeyProofs: passkeyProofs(proofs, proofSecrets),
    rememberedLogins: rememberedLogins(proofs),
  };
  const codes = emailCodes(proofs, attempts);
  return {
    password: (input: Parameters<typeof signInWithPassword>[1]) => signInWithPassword(context, input),
    /** The account page's "current password": the same check and limits, no second step. */
    withPassword: (input: Parameters<typeof checkPassword>[1]) => checkPassword(context, input),
    code: (input: Parameters<typeof signInWithCode>[1]) => signInWithCode(context, input),
    passkey: (input: Parameters<typeof signInWithPasskey>[1]) => signInWithPasskey(context, input),
    remembered: (input: Parameters<typeof signInRemembered>[1]) => signInRemembered(context, input),
    /** Only for the sign-up route, right after it created the account. */
    registered: (input: Parameters<typeof signInRegistered>[1]) => signInRegistered(context, input),
    /** Sign in by email: ask for a code, then type it or open its link in the same browser. */
    emailCode: {
      request: (input: Parameters<typeof requestEmailCode>[2]) => requestEmailCode(context, codes, input),
      check: (input: Parameters<typeof signInWithEmailCode>[2]) => signInWithEmailCode(context, codes, input),
      link: (input: Parameters<typeof signInWithEmailLink>[2]) => signInWithEmailLink(context, codes, input),
    },
    upstream: (input: Parameters<typeof signInWithUpstream>[1]) => signInWithUpstream(context, input),
    /** The link page: a local account's proof before an upstream identity joins it. */
    proveForUpstream: (input: Parameters<typeof proveAccountForUpstream>[1]) => proveAccountForUpstream(context, input),
    /** Round trips to identity providers and identities waiting for a proof, server-side and taken once. */
    upstreamProofs: upstreamProofs(proofs),
    /**
     * One more round trip to a provider (or home-realm lookup) from this IP, taken before the work: 0 when granted,
     * else how long the IP's quota stays used up.
     */
    upstreamStart: (ip: string) => takeIpQuota(attempts, "upstream-start", ip, UPSTREAM_STARTS_PER_IP),

    /** Options for a sign-in page's passkey button, with the proof id its answer comes back with; none without passkeys. */
    async passkeyOptions(
      binding: PasskeyBinding,
      allow?: PasskeyRecord[],
    ): Promise<{ options: string; proofId: string } | undefined> {
      if (context.passkeys === undefined) return undefined;
      const { proofId, challenge } = context.passkeyProofs.issue(binding);
      const options = { ...(await context.passkeys.authenticationOptions(allow)), challenge };
      return { options: JSON.stringify(options), proofId };
    },

    /** Keeps how an accepted, remembered login was made, for a later step-up on it. */
    async remember(
      sessionId: string | undefined,
      outcome: Extract<SignInOutcome, { kind: "accepted" }>,
      ttlMs: number,
    ) {
      await context.rememberedLogins.record(
        sessionId,
        { subject: outcome.user.id, amr: outcome.amr, acr: outcome.acr },
        ttlMs,
      );
    },

    factorsOf: (userId: string) => context.users.getFactors(userId),
    unlock: (account: { email: string; id?: string }) => context.limits.unlock(account),
  };
}

export type SignIn = ReturnType<typeof createSignIn>;
