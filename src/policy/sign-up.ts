/**
 * Whether a sign-up form may go on to the work (the per-IP limit, the lookup, the hash): pure, so that everything
 * a person can fix themselves is answered before anything is counted or looked up.
 */
import { z } from "zod";
import { checkNewPassword, type PasswordRefusal } from "../identity/password-policy.js";
import { normalizeEmail } from "../identity/user.js";

/** As long as the name claim a person may give themselves. */
export const MAX_NAME_LENGTH = 200;

export type SignUpRefusal = "email_invalid" | "domain_not_allowed" | "name_too_long" | PasswordRefusal;

export type SignUpForm =
  | { ok: true; email: string; name: string | undefined; password: string }
  | { ok: false; reason: SignUpRefusal; email: string };

/** The account record's own rule for an address, so that what passes here is what the stores accept. */
const emailRule = z.email();

/** Whether an address's domain is one sign-up is limited to; any domain when none is listed. */
export function domainAllowed(email: string, domains: readonly string[]): boolean {
  if (domains.length === 0) return true;
  const domain = email.slice(email.lastIndexOf("@") + 1).toLowerCase();
  return domains.includes(domain);
}

/**
 * The form's verdict, in the order a person fixes things: the address, its domain, the name, then the password
 * under the account page's policy (guessable, their address, length, repeat; all after NFKC).
 */
export function checkSignUpForm(
  input: { email: string; name: string; password: string; repeat: string },
  domains: readonly string[],
): SignUpForm {
  const email = normalizeEmail(input.email);
  if (!emailRule.safeParse(email).success) return { ok: false, reason: "email_invalid", email };
  if (!domainAllowed(email, domains)) return { ok: false, reason: "domain_not_allowed", email };
  const name = input.name.trim().normalize("NFKC");
  if ([...name].length > MAX_NAME_LENGTH) return { ok: false, reason: "name_too_long", email };
  const verdict = checkNewPassword({ password: input.password, repeat: input.repeat, email });
  if (!verdict.ok) return { ok: false, reason: verdict.reason, email };
  return { ok: true, email, name: name === "" ? undefined : name, password: input.password };
}

/**
 * While anyone may sign up, an account whose address is unproved may be a squat on someone else's address: it gets
 * no new way in (an authenticator app, a passkey, a provider link) until the address is confirmed. So the owner's
 * forgot-password reset, which proves the address, leaves a squatter nothing, and takes nothing from anyone else.
 */
export function mayAddWayIn(user: { emailVerified: boolean }, registration: "off" | "invite" | "open"): boolean {
  return registration !== "open" || user.emailVerified;
}
