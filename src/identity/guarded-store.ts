import { unavailable } from "../errors.js";
import type { UserStore } from "./store.js";

/**
 * The user store as the routes see it: any call that fails (PostgreSQL down, a file that cannot be written) is our
 * 503 page with "Try again", never a 500. Wrapped once here instead of at every call.
 */
export function guardedUserStore(store: UserStore): UserStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function" || property === "close") return value;
      return (...args: unknown[]) => {
        try {
          return Promise.resolve(value.apply(target, args)).catch((error: unknown) => {
            throw unavailable("user store", error);
          });
        } catch (error) {
          return Promise.reject(unavailable("user store", error));
        }
      };
    },
  });
}
