/**
 * A forgot-password reset proves the account's address: the link went there. An account whose address was never
 * proved may have been made by someone else (a sign-up with another's address), who may have added ways in before
 * the owner took it over with the reset. Those go, and the address counts as verified from now on.
 */
import { isEmailAddressStore } from "../identity/email-tokens.js";
import type { UserStore } from "../identity/store.js";
import type { User } from "../identity/user.js";
import type { Audit } from "../observability/audit.js";

/** After the new password is set: for an unverified address, removes passkeys, TOTP, recovery codes and links. */
export async function resetProvesAddress(
  users: UserStore,
  account: Pick<User, "id" | "email" | "emailVerified">,
  audit: Audit,
  ip: string | undefined,
): Promise<void> {
  if (account.emailVerified) return;
  await users.resetFactors(account.id);
  const links = (await users.providerLinksOf?.(account.id)) ?? [];
  for (const link of links) await users.removeProviderLink?.(account.id, link.providerId);
  // Only once all of that is gone, so that a failure half-way leaves the address unverified (and the next reset tries again).
  if (isEmailAddressStore(users)) await users.confirmEmail(account.id, account.email);
  audit("account.address_proved_by_reset", {
    subject: account.id,
    ip,
    providerLinksRemoved: links.map((link) => link.providerId),
  });
}
