import type { AccountFactors } from "../identity/factors/types.js";

/** Whether a sign-in needs a second step after the first, and whether the account can give one. */
export type SecondStep = "none" | "required" | "unavailable";

/**
 * An account with a second factor always uses it after a password. A demand (the account's own flag, a client in
 * MFA_REQUIRED_CLIENT_IDS, or `acr_values` asking for more than one factor) on an account without one cannot be
 * met: the person is told so. A login Hydra remembers (skip) needs the second step only when it is demanded and
 * the remembered login did not already prove two factors (step-up); otherwise "remember me" would mean nothing.
 */
export function secondStepFor(input: {
  factors: Pick<AccountFactors, "totp" | "passkeys" | "mfaRequired">;
  clientId: string | undefined;
  acrValues: readonly string[] | undefined;
  requiredClientIds: readonly string[];
  rememberedLogin: boolean;
}): SecondStep {
  const has = input.factors.totp !== undefined || input.factors.passkeys.length > 0;
  const demanded = twoFactorsDemanded(input);
  if (input.rememberedLogin && !demanded) return "none";
  if (has) return "required";
  return demanded ? "unavailable" : "none";
}

/** Whether the account, the client or the request asks for two factors. */
function twoFactorsDemanded(input: {
  factors: Pick<AccountFactors, "mfaRequired">;
  clientId: string | undefined;
  acrValues: readonly string[] | undefined;
  requiredClientIds: readonly string[];
}): boolean {
  return (
    input.factors.mfaRequired ||
    (input.clientId !== undefined && input.requiredClientIds.includes(input.clientId)) ||
    asksForTwoFactors(input.acrValues)
  );
}

/**
 * `acr_values` asking for more than one factor: any level above "1" ("2", or a higher number we cannot prove,
 * which only "2", our best, comes near). Values that are not numbers are other schemes' names and ask nothing of
 * ours.
 */
export function asksForTwoFactors(acrValues: readonly string[] | undefined): boolean {
  return (acrValues ?? []).some((value) => /^\d+$/.test(value) && Number(value) > 1);
}

/**
 * The acr and amr that go into the accept: what was really used (RFC 8176). Two factors ("2") means something
 * held (a one-time code, a passkey) and something known or inherent (a password, or the passkey's own user
 * verification, "user", or a sign-in at another provider, "fed"); or an emailed code ("email") and something held
 * elsewhere: the mailbox and the authenticator are two separate channels, and a thief needs both (finding 11 of the
 * h19 review; the README's email sign-in paragraph says why).
 */
export function assurance(factors: readonly string[]): { acr: string; amr: string[] } {
  const amr = [...new Set(factors)];
  const held = amr.some((factor) => factor === "otp" || factor === "hwk" || factor === "swk");
  const known = amr.includes("pwd") || amr.includes("user") || amr.includes("fed");
  const mailbox = amr.includes("email");
  return { acr: held && (known || mailbox) ? "2" : "1", amr };
}
