import { randomUUID } from "node:crypto";
import { unavailable } from "../errors.js";
import { AccountError, type AccountAdmin } from "./account-admin.js";
import { hashPassword } from "./passwords.js";
import type { UserStore } from "./store.js";
import type { User } from "./user.js";

export type SignedUp = { kind: "created"; user: User } | { kind: "taken" };

/**
 * Makes the account of a sign-up, unverified, in the store the accounts command writes to (the users file or
 * PostgreSQL). An address that has an account is "taken" before any hash is made; of two sign-ups for one address
 * at once, the store's unique address lets one in and the other finds the account the first made ("taken" too).
 */
export async function createSignedUpAccount(
  stores: { admin: AccountAdmin; users: UserStore },
  input: { email: string; name: string | undefined; password: string },
): Promise<SignedUp> {
  const { admin, users } = stores;
  if ((await users.findByEmail(input.email)) !== undefined) return { kind: "taken" };
  const id = randomUUID();
  try {
    await admin.add({
      id,
      email: input.email,
      email_verified: false,
      disabled: false,
      password_hash: await hashPassword(input.password),
      claims: input.name === undefined ? {} : { name: input.name },
    });
  } catch (error) {
    // The stores refuse an address or an id that exists with an AccountError, and the id is a fresh UUID: the
    // address was taken since the lookup. Anything else is a store failure (our 503 page).
    if (error instanceof AccountError) return { kind: "taken" };
    throw unavailable("user store", error);
  }
  const user = await users.findById(id);
  if (user === undefined) throw unavailable("user store", new Error(`the account ${id} just added is not found`));
  return { kind: "created", user };
}
