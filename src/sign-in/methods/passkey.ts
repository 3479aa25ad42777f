import { createHash } from "node:crypto";
import { assurance } from "../../policy/second-step.js";
import { activeUser, limitedCheck, type SignInContext } from "../context.js";
import type { SignInOutcome } from "../outcome.js";
import type { PasskeyBinding } from "../passkey-proofs.js";
import type { PendingSecondStep } from "../pending.js";
import { linkProvedAccount } from "./upstream.js";

const hashOf = (text: string) => createHash("sha256").update(text).digest("base64url");

/**
 * A passkey: alone from the login page (whoever it belongs to; with user verification it is two factors), or as
 * the second step (`pending`: it must be that person's). The challenge it answers comes from the proof the page was
 * given (passkey-proofs.ts), bound to this login challenge (and session), and used up whatever the outcome.
 */
export async function signInWithPasskey(
  context: SignInContext,
  input: {
    credential: unknown;
    proofId: unknown;
    binding: PasskeyBinding;
    pending?: PendingSecondStep | undefined;
    ip: string;
  },
): Promise<SignInOutcome> {
  const { passkeys } = context;
  const { pending } = input;
  const credentialId = passkeys?.credentialIdOf(input.credential);
  const found = credentialId === undefined ? undefined : await context.users.findPasskey(credentialId);
  // Limits count per account when the passkey names one, per credential otherwise (an unknown one, by a hash of
  // its id: an id is the poster's choice, up to 16 KB, and must not become a key of that size).
  const account = pending?.userId ?? found?.userId ?? `credential:${hashOf(credentialId ?? "none")}`;
  const result = await limitedCheck(context, "passkey", { account, ip: input.ip, pendingId: pending?.id }, async () => {
    // Redeemed once counted: marking a proof used costs the poster a try, so marks are bounded like tries are.
    const expectedChallenge = await context.passkeyProofs.redeem(input.proofId, input.binding);
    if (passkeys === undefined || found === undefined || expectedChallenge === undefined) return undefined;
    if (pending !== undefined && found.userId !== pending.userId) return undefined;
    const user = await activeUser(context, found.userId);
    if (user === undefined) return undefined;
    const verdict = await passkeys.verifyAuthentication(input.credential, expectedChallenge, found.passkey);
    if (!verdict.ok || !verdict.userVerified) return undefined;
    await context.users.touchPasskey(user.id, found.passkey.credentialId, verdict.counter);
    const kind = found.passkey.deviceType === "singleDevice" ? "hwk" : "swk";
    return { user, factors: [kind, "user"] };
  });
  if (result.kind !== "proved") return result;
  const factors = [...(pending?.firstFactors ?? []), ...result.factors];
  const accepted = { kind: "accepted", user: result.user, ...assurance(factors), step: "passkey" } as const;
  if (pending?.upstream === undefined) return accepted;
  const linked = await linkProvedAccount(context, result.user.id, pending.upstream);
  return linked ? { ...accepted, linkedProvider: pending.upstream.providerId } : accepted;
}
