/**
 * Sends an address its link (issue 22): a verification of the account's address, or the proof of a new one asked
 * for on the account page. One sender for the account page and for sign-up, so both make the same link.
 */
import type { Language } from "../i18n/catalogs.js";
import { issueEmailToken, type EmailAddressStore, type EmailTokenPurpose } from "../identity/email-tokens.js";
import type { User } from "../identity/user.js";
import type { Mailer } from "../mail/index.js";
import type { Audit } from "../observability/audit.js";

/** Verification and change links work for a day. */
const ADDRESS_LINK_TTL_MS = 24 * 3_600_000;

export type SendAddressLink = (
  user: User,
  purpose: EmailTokenPurpose,
  email: string,
  language: Language,
  ip: string | undefined,
) => Promise<void>;

export function addressLinkSender(deps: {
  mailer: Mailer;
  addresses: EmailAddressStore;
  audit: Audit;
}): SendAddressLink {
  const { mailer, addresses, audit } = deps;
  return async (user, purpose, email, language, ip) => {
    const token = await issueEmailToken(addresses, {
      purpose,
      userId: user.id,
      email,
      expiresAt: Date.now() + ADDRESS_LINK_TTL_MS,
    });
    await mailer.send({
      kind: "verify",
      to: email,
      lang: language,
      params: {
        what: purpose === "change" ? "email.verify.changeBody" : "email.verify.body",
        email,
        link: `${mailer.baseUrl}/verify/${token}`,
      },
    });
    audit("account.address_link_sent", { subject: user.id, purpose, ip });
  };
}
