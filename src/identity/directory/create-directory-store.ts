import { readFileSync } from "node:fs";
import type { Config } from "../../config.js";
import type { Settings } from "../../config/settings.js";
import type { AccountAdmin } from "../account-admin.js";
import type { UserStore } from "../store.js";
import { DirectoryClient, type DirectorySettings } from "./directory-client.js";
import { DirectoryUserStore, type LocalFactorStore } from "./directory-store.js";

/** LDAP_* as the app's configuration or the accounts command reads them. */
type LdapSettings = Readonly<Settings["ldap"]>;

/** A user store as create-store.ts configures it (its ConfiguredStore, said again here to keep imports one-way). */
interface ConfiguredStore {
  store: UserStore;
  admin: AccountAdmin | undefined;
  isReady: (() => Promise<boolean>) | undefined;
  describe: string;
}

/** LDAP_BIND_PASSWORD, or the first line of LDAP_BIND_PASSWORD_FILE (a secret mounted as a file). */
function bindPassword(ldap: LdapSettings): string | undefined {
  if (ldap.bindPasswordFile === undefined) return ldap.bindPassword;
  try {
    return readFileSync(ldap.bindPasswordFile, "utf8").split(/\r?\n/)[0];
  } catch (error) {
    throw new Error(`LDAP_BIND_PASSWORD_FILE: cannot read ${ldap.bindPasswordFile}: ${(error as Error).message}`);
  }
}

/**
 * The directory as the user store, with the configured local store (a users file or PostgreSQL) keeping its
 * accounts' second factors; without one (`local.admin` undefined), directory accounts have none.
 */
export function createDirectoryStore(config: Config, local: ConfiguredStore): ConfiguredStore {
  const { ldap } = config;
  const client = new DirectoryClient(directorySettings(ldap));
  const factors = local.admin === undefined ? undefined : (local.store as LocalFactorStore);
  const store = new DirectoryUserStore(client, factors, {
    idAttribute: ldap.idAttribute,
    attributes: ldap.attributes,
    groups: ldap.groupBase !== undefined,
  });
  const where = factors === undefined ? "none" : local.describe;
  return {
    store,
    // The accounts command changes local accounts only; directory accounts change in the directory.
    admin: local.admin,
    isReady: () => store.isReady(local.isReady),
    describe: `directory ${ldap.url} (second factors: ${where})`,
  };
}

/** The directory settings as DirectoryClient takes them, from the configuration's `ldap`. */
function directorySettings(ldap: LdapSettings): DirectorySettings {
  return {
    url: ldap.url!,
    startTls: ldap.startTls,
    bindDn: ldap.bindDn,
    bindPassword: bindPassword(ldap),
    userBase: ldap.userBase!,
    userFilterTemplate: ldap.userFilter,
    idAttribute: ldap.idAttribute,
    attributes: ldap.attributes,
    groupBase: ldap.groupBase,
    timeoutMs: ldap.timeoutMs,
    maxConnections: ldap.maxConnections,
  };
}

/** The directory with a local store for factors, for the accounts command (its other settings never matter). */
export function directoryBeside(ldap: LdapSettings, local: LocalFactorStore): DirectoryUserStore {
  return new DirectoryUserStore(new DirectoryClient(directorySettings(ldap)), local, {
    idAttribute: ldap.idAttribute,
    attributes: ldap.attributes,
    groups: false,
  });
}
