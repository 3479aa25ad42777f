/**
 * Whether a first sign-in with a `link: create` provider may make an account here: pure, so that each reason is
 * tested on its own. An account is made only as sign-up would make one (REGISTRATION=open, the address's domain
 * among REGISTRATION_DOMAINS when any are listed) and only from an address the provider says it verified: else
 * anyone could claim someone else's address at a provider that does not check it. When no account may be made the
 * person may still link the identity to an account of theirs here, after its proof (as `link: existing` does).
 */
import { domainAllowed } from "./sign-up.js";

export type UpstreamAccountCreation =
  /** Make the account. */
  | "create"
  /** Make none: the link page, where a local account's password (and second factor) may link the identity. */
  | "prove_account"
  /** Sign-up is open but the provider gave no usable address, which a new account needs: a refusal. */
  | "no_email";

export function upstreamAccountCreation(input: {
  /** REGISTRATION=open (with a store that can add accounts). */
  registrationOpen: boolean;
  /** REGISTRATION_DOMAINS: empty means any. */
  domains: readonly string[];
  /** The provider's address, already checked to be one (undefined when absent or malformed). */
  email: string | undefined;
  emailVerified: boolean;
}): UpstreamAccountCreation {
  if (!input.registrationOpen) return "prove_account";
  if (input.email === undefined) return "no_email";
  if (!input.emailVerified) return "prove_account";
  if (!domainAllowed(input.email, input.domains)) return "prove_account";
  return "create";
}
