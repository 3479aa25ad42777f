import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { AccountAdmin } from "./account-admin.js";
import { demoAccount, MemoryUserStore } from "./memory-store.js";
import type { UserStore } from "./store.js";
import { UsersFileStore } from "./users-file.js";

export interface ConfiguredStore {
  store: UserStore;
  /** Where accounts can be changed (the accounts command); absent for the in-memory demo store. */
  admin: AccountAdmin | undefined;
  /** For /health/ready; absent when the store cannot fail (memory, a file already loaded). */
  isReady: (() => Promise<boolean>) | undefined;
  describe: string;
}

/**
 * The store the configuration names: a users file, PostgreSQL, a directory (with one of those beside it for its
 * accounts' second factors), or the demo account in memory.
 */
export async function createUserStore(
  config: Config,
  logger: Logger,
  options: { watch?: boolean } = {},
): Promise<ConfiguredStore> {
  const local = await createLocalStore(config, logger, options);
  if (config.ldap.url === undefined) return local;
  // Loaded only when used, like pg.
  const { createDirectoryStore } = await import("./directory/create-directory-store.js");
  return createDirectoryStore(config, local);
}

async function createLocalStore(
  config: Config,
  logger: Logger,
  options: { watch?: boolean },
): Promise<ConfiguredStore> {
  if (config.usersFile !== undefined) {
    const store = new UsersFileStore(config.usersFile, logger, options);
    return { store, admin: store, isReady: undefined, describe: `users file ${config.usersFile}` };
  }
  if (config.usersDatabaseUrl !== undefined) {
    // Loaded only when used: pg and its parsers weigh megabytes of memory an instance on a users file never needs.
    const { PostgresUsersStore } = await import("./users-postgres.js");
    const store = await PostgresUsersStore.connect(config.usersDatabaseUrl, logger);
    return { store, admin: store, isReady: () => store.isReady(), describe: "PostgreSQL" };
  }
  const store = new MemoryUserStore(config.demoAccount ? [await demoAccount()] : []);
  return { store, admin: undefined, isReady: undefined, describe: config.demoAccount ? "demo account" : "no accounts" };
}
