import { Conflict, Gone, unavailable, type AppError } from "../errors.js";
import { ProviderLinkTakenError } from "./provider-links.js";
import { DuplicatePasskeyError, UnknownAccountError, type UserStore } from "./store.js";

/**
 * What a person sees when a store call fails. The store's own refusals name a state that trying again cannot
 * change (an account removed while it was in use, a passkey saved already, as when one answer is posted twice at
 * once): a page that says so. Anything else (PostgreSQL down, a file that cannot be written) is our 503 page with
 * "Try again", never a 500.
 */
function storeFailure(error: unknown): AppError {
  if (error instanceof UnknownAccountError) {
    return new Gone("account", { message: "the account was removed while it was in use", cause: error });
  }
  if (error instanceof DuplicatePasskeyError) {
    return new Conflict("passkey_taken", { message: "this passkey is registered already", cause: error });
  }
  if (error instanceof ProviderLinkTakenError) {
    return new Conflict("provider_link_taken", { message: error.message, cause: error });
  }
  return unavailable("user store", error);
}

/** The user store as the routes see it: every failing call becomes `storeFailure`'s error, wrapped once here. */
export function guardedUserStore(store: UserStore): UserStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function" || property === "close") return value;
      return (...args: unknown[]) => {
        try {
          return Promise.resolve(value.apply(target, args)).catch((error: unknown) => {
            throw storeFailure(error);
          });
        } catch (error) {
          return Promise.reject(storeFailure(error));
        }
      };
    },
  });
}
