/**
 * A forgot-password reset proves the account's address: the link went there. An account whose address was never
 * proved may have been made by someone else (a sign-up with another's address). Such an account could add no way in
 * meanwhile (`mayAddWayIn`: no authenticator, passkey or provider link before the address is confirmed), so nothing
 * of the owner's is taken away here; what a squatter may still hold goes: the tokens its apps were given (every
 * consent at Hydra), and any emailed link or change of address it asked for. Then the address counts as verified.
 */
import { isEmailAddressStore } from "../identity/email-tokens.js";
import type { UserStore } from "../identity/store.js";
import type { User } from "../identity/user.js";
import type { HydraAdmin } from "../hydra.js";
import type { Audit } from "../observability/audit.js";

export async function resetProvesAddress(
  deps: { users: UserStore; hydra: Pick<HydraAdmin, "revokeAllConsentSessions">; audit: Audit },
  account: Pick<User, "id" | "email" | "emailVerified">,
  ip: string | undefined,
): Promise<void> {
  if (account.emailVerified) return;
  const { users, hydra, audit } = deps;
  await hydra.revokeAllConsentSessions(account.id);
  if (isEmailAddressStore(users)) {
    await users.deleteEmailTokens(account.id);
    await users.setPendingEmail(account.id, undefined);
    // Last, so that a failure half-way leaves the address unverified (and the next reset tries again).
    await users.confirmEmail(account.id, account.email);
  }
  audit("account.address_proved_by_reset", { subject: account.id, ip });
}
