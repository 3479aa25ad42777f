/**
 * The talk with the directory (ldapts): searches on a small pool of connections bound as the service account, each
 * password on a fresh connection of its own (so one person's bind never carries into another's search), at most
 * `maxConnections` in use at once, each operation with the timeout. Connection trouble throws (the guarded store makes it our 503 page); the
 * directory's "no" to a password is an answer, not a failure.
 */
import { Client, InvalidCredentialsError, SizeLimitExceededError } from "ldapts";
import { equalityFilter, userFilter } from "./ldap-filter.js";
import type { AttributeMap } from "../../config/ldap-attributes.js";
import { BINARY_ATTRIBUTES, guidBytes, requestedAttributes, type DirectoryEntry } from "./directory-entry.js";

export interface DirectorySettings {
  url: string;
  startTls: boolean;
  bindDn: string | undefined;
  bindPassword: string | undefined;
  userBase: string;
  userFilterTemplate: string;
  idAttribute: string;
  attributes: AttributeMap;
  /** Where groups are searched (groupOfNames, groupOfUniqueNames, posixGroup); undefined: no groups. */
  groupBase: string | undefined;
  timeoutMs: number;
  maxConnections: number;
}

/** The directory cannot be reached, or refused our service account: every caller shows the 503 page. */
class DirectoryUnavailableError extends Error {
  override name = "DirectoryUnavailableError";
}

/** Bounds how many connections are open at once; the others wait their turn. */
class Gate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) this.running -= 1;
      else next();
    }
  }
}

export class DirectoryClient {
  private readonly gate: Gate;

  constructor(private readonly settings: DirectorySettings) {
    this.gate = new Gate(settings.maxConnections);
  }

  /** Service connections bound and idle, for the next search (at most `maxConnections`). */
  private readonly idle: Client[] = [];

  /** An idle service connection that is still open, or a new one bound as the service account. */
  private async serviceConnection(): Promise<Client> {
    for (let client = this.idle.pop(); client !== undefined; client = this.idle.pop()) {
      // One the directory closed would reconnect unauthenticated on its next operation: never reused.
      if (client.isConnected) return client;
      await client.unbind().catch(() => undefined);
    }
    const { url, timeoutMs, startTls, bindDn, bindPassword } = this.settings;
    const client = new Client({ url, timeout: timeoutMs, connectTimeout: timeoutMs });
    try {
      if (startTls) await client.startTLS({});
      if (bindDn !== undefined) await client.bind(bindDn, bindPassword ?? "");
      return client;
    } catch (error) {
      await client.unbind().catch(() => undefined);
      throw new DirectoryUnavailableError(`directory ${url}: ${(error as Error).message}`, { cause: error });
    }
  }

  /**
   * Runs `work` on a service connection (bound as LDAP_BIND_DN, or anonymous without it), at most `maxConnections`
   * at once. The connection goes back to the pool after a success and is closed after a failure; a search thus
   * costs no bind once the pool is warm, whatever the crowd.
   */
  private session<T>(work: (client: Client) => Promise<T>): Promise<T> {
    return this.gate.run(async () => {
      const client = await this.serviceConnection();
      try {
        const result = await work(client);
        if (this.idle.length < this.settings.maxConnections) this.idle.push(client);
        else await client.unbind().catch(() => undefined);
        return result;
      } catch (error) {
        await client.unbind().catch(() => undefined);
        if (error instanceof DirectoryUnavailableError) throw error;
        throw new DirectoryUnavailableError(`directory ${this.settings.url}: ${(error as Error).message}`, {
          cause: error,
        });
      }
    });
  }

  /** Closes the idle service connections (at shutdown). */
  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((client) => client.unbind().catch(() => undefined)));
  }

  private async searchUsers(client: Client, filter: string): Promise<DirectoryEntry[]> {
    const { userBase, attributes, idAttribute } = this.settings;
    try {
      const { searchEntries } = await client.search(userBase, {
        scope: "sub",
        filter,
        attributes: requestedAttributes(attributes, idAttribute),
        explicitBufferAttributes: BINARY_ATTRIBUTES,
        // Two are enough to know that an email is ambiguous.
        sizeLimit: 2,
        timeLimit: Math.ceil(this.settings.timeoutMs / 1000),
      });
      return searchEntries as DirectoryEntry[];
    } catch (error) {
      // More than two: ambiguous, so nobody.
      if (error instanceof SizeLimitExceededError) return [];
      throw error;
    }
  }

  /** The one entry LDAP_USER_FILTER finds for this email; none when there is none or more than one. */
  private async findOne(client: Client, email: string): Promise<DirectoryEntry | undefined> {
    const entries = await this.searchUsers(client, userFilter(this.settings.userFilterTemplate, email));
    return entries.length === 1 ? entries[0] : undefined;
  }

  findByEmail(email: string): Promise<DirectoryEntry | undefined> {
    return this.session((client) => this.findOne(client, email));
  }

  findById(id: string): Promise<DirectoryEntry | undefined> {
    const { idAttribute } = this.settings;
    const value = idAttribute.toLowerCase() === "objectguid" ? guidBytes(id) : id;
    if (value === undefined) return Promise.resolve(undefined);
    return this.session(async (client) => {
      const entries = await this.searchUsers(client, equalityFilter(idAttribute, value));
      return entries.length === 1 ? entries[0] : undefined;
    });
  }

  /** Every entry LDAP_USER_FILTER can find (its {email} as a wildcard), page by page: for the accounts command. */
  listEntries(): Promise<DirectoryEntry[]> {
    const { userBase, userFilterTemplate, attributes, idAttribute } = this.settings;
    return this.session(async (client) => {
      const { searchEntries } = await client.search(userBase, {
        scope: "sub",
        // The operator's own filter, not a person's input: "*" here is meant as "any value".
        filter: userFilterTemplate.replaceAll("{email}", "*"),
        attributes: requestedAttributes(attributes, idAttribute),
        explicitBufferAttributes: BINARY_ATTRIBUTES,
        paged: { pageSize: 500 },
      });
      return searchEntries as DirectoryEntry[];
    });
  }

  /** The names (cn) of the groups this entry is a member of. */
  groupsOf(entry: DirectoryEntry): Promise<string[]> {
    const { groupBase } = this.settings;
    if (groupBase === undefined) return Promise.resolve([]);
    const uid = typeof entry.uid === "string" ? entry.uid : Array.isArray(entry.uid) ? entry.uid[0] : undefined;
    const clauses = [equalityFilter("member", entry.dn), equalityFilter("uniqueMember", entry.dn)];
    if (typeof uid === "string") clauses.push(equalityFilter("memberUid", uid));
    return this.session(async (client) => {
      const { searchEntries } = await client.search(groupBase, {
        scope: "sub",
        filter: `(|${clauses.join("")})`,
        attributes: ["cn"],
        sizeLimit: 1000,
      });
      return searchEntries
        .map((group) => (Array.isArray(group.cn) ? group.cn[0] : group.cn))
        .filter((name): name is string => typeof name === "string")
        .sort();
    });
  }

  /**
   * Whether `dn` binds with `password`, on a connection of its own. Nobody (`dn` undefined) or an empty password,
   * which LDAP would take as an anonymous bind, still binds once, as a DN that does not exist: every answer costs a
   * bind, so the time tells nothing.
   */
  async passwordMatches(dn: string | undefined, password: string): Promise<boolean> {
    const matches = await this.bindAs(
      dn ?? `cn=no-such-account,${this.settings.userBase}`,
      password === "" ? "-" : password,
    );
    return matches && dn !== undefined && password !== "";
  }

  /** Whether the directory accepts this DN and password; connection trouble throws. */
  private bindAs(dn: string, password: string): Promise<boolean> {
    return this.gate.run(async () => {
      const { url, timeoutMs, startTls } = this.settings;
      const client = new Client({ url, timeout: timeoutMs, connectTimeout: timeoutMs });
      try {
        if (startTls) await client.startTLS({});
        await client.bind(dn, password);
        return true;
      } catch (error) {
        // The directory's "no": a wrong password, and also a locked (ppolicy) or disabled (AD: 49 with data 533)
        // account. Any other answer (busy, unavailable) is no verdict on the password: our 503, nothing counted.
        if (error instanceof InvalidCredentialsError) return false;
        throw new DirectoryUnavailableError(`directory ${url}: ${(error as Error).message}`, { cause: error });
      } finally {
        await client.unbind().catch(() => undefined);
      }
    });
  }

  /** For /health/ready: the service account can bind and the user base can be read. */
  async isReady(): Promise<boolean> {
    try {
      return await this.session(async (client) => {
        await client.search(this.settings.userBase, { scope: "base", filter: "(objectClass=*)", attributes: ["1.1"] });
        return true;
      });
    } catch {
      return false;
    }
  }
}
