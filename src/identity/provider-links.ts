import { AccountError } from "./account-admin.js";

/** An identity at another provider (its `sub` there) that signs in to one of our accounts (issue 23). */
export interface ProviderLink {
  providerId: string;
  /** The provider's `sub`: stable at the provider, never its email. */
  subject: string;
  linkedAt: string;
  /** The account was made by this provider's first sign-in (it has a password nobody was told). */
  createdAccount: boolean;
}

/**
 * What the stores offer for links; (provider, subject) is unique across all accounts. Optional on a UserStore:
 * a store without them (a directory) offers no federation.
 */
export interface ProviderLinkStore {
  /** The account this upstream identity signs in to, if any. */
  findProviderLink(providerId: string, subject: string): Promise<string | undefined>;
  providerLinksOf(userId: string): Promise<ProviderLink[]>;
  /** Throws ProviderLinkTakenError when the identity is linked already (to this account or another). */
  addProviderLink(userId: string, link: ProviderLink): Promise<void>;
  /** False when the account had no link with this provider. */
  removeProviderLink(userId: string, providerId: string): Promise<boolean>;
}

export class ProviderLinkTakenError extends AccountError {
  override name = "ProviderLinkTakenError";

  constructor(readonly providerId: string) {
    super(`this ${providerId} identity is linked to an account already`);
  }
}

/** The links as a users file keeps them, snake_case. */
export interface ProviderLinkRecord {
  provider: string;
  subject: string;
  linked_at: string;
  created_account?: boolean | undefined;
}

export const toProviderLink = (record: ProviderLinkRecord): ProviderLink => ({
  providerId: record.provider,
  subject: record.subject,
  linkedAt: record.linked_at,
  createdAccount: record.created_account ?? false,
});

export const fromProviderLink = (link: ProviderLink): ProviderLinkRecord => ({
  provider: link.providerId,
  subject: link.subject,
  linked_at: link.linkedAt,
  ...(link.createdAccount ? { created_account: true } : {}),
});
