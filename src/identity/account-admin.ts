import type { AccountClaims, AccountRecord } from "./account-record.js";

/** What the accounts command does to a store; both the users file and PostgreSQL implement it. */
export interface AccountAdmin {
  add(record: AccountRecord): Promise<void>;
  setPassword(email: string, passwordHash: string): Promise<void>;
  /** Merges the given claims into the account's; `null` removes one. */
  setClaims(email: string, claims: Record<string, unknown>): Promise<void>;
  setDisabled(email: string, disabled: boolean): Promise<void>;
  /** Deletes the account with its factors and passkeys; returns its id (the subject), for revoking its sessions. */
  remove(email: string): Promise<string>;
  list(): Promise<Array<Omit<AccountRecord, "password_hash">>>;
  close(): Promise<void>;
}

export class AccountError extends Error {
  override name = "AccountError";
}

/** Applies a claims change: values replace, `null` removes. */
export function mergeClaims(current: AccountClaims, change: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current };
  for (const [name, value] of Object.entries(change)) {
    if (value === null) delete merged[name];
    else merged[name] = value;
  }
  return merged;
}
