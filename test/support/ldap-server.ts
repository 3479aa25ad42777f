import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export const LDAP_SUFFIX = "dc=example,dc=test";
export const LDAP_ADMIN_DN = `cn=admin,${LDAP_SUFFIX}`;
export const LDAP_ADMIN_PASSWORD = "directory-admin-secret";
export const LDAP_PEOPLE = `ou=people,${LDAP_SUFFIX}`;

/** The seeded people: their typed passwords, and the DN of the one whose DN needs escaping. */
export const LDAP_USERS = {
  alice: { email: "alice@example.test", password: "alice-directory-password" },
  bob: { email: "bob@example.test", password: "bob-directory-password" },
  carol: { email: "carol@example.test", password: "carol-directory-password" },
  jane: {
    email: "jane@example.test",
    password: "jane-directory-password",
    dn: `cn=Doe\\, Jane\\+Admin,${LDAP_PEOPLE}`,
  },
} as const;

export interface LdapServer {
  url: string;
  port: number;
  /** Simple binds the server has seen for this DN (or for any DN) since it started: from its own stats log. */
  bindsFor(dn?: string): number;
  /** Searches the server has seen whose filter holds this text, since it started: from its own stats log. */
  searchesFor(text: string): number;
  /** Runs `ldapmodify` (or `ldapadd` with add: true) as the directory's manager. */
  modify(ldif: string, options?: { add?: boolean }): void;
  /** Stops the server; its database stays for `start`. */
  stop(): Promise<void>;
  /** Starts it again on the same port and database. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  destroy(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function findSlapd(): string {
  for (const candidate of ["/usr/sbin/slapd", "/usr/local/sbin/slapd"]) {
    if (spawnSync(candidate, ["-VV"]).error === undefined) return candidate;
  }
  throw new Error("slapd is not installed: apt-get install -y slapd ldap-utils (scripts/system-deps.sh does it)");
}

function slapdConfig(folder: string): string {
  return `include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
pidfile ${folder}/slapd.pid
argsfile ${folder}/slapd.args
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload ppolicy
database mdb
maxsize 16777216
suffix "${LDAP_SUFFIX}"
rootdn "${LDAP_ADMIN_DN}"
rootpw ${LDAP_ADMIN_PASSWORD}
directory ${folder}/data
index objectClass,mail,uid,entryUUID eq
overlay ppolicy
access to attrs=userPassword by self write by anonymous auth by * none
access to * by users read by * none
`;
}

const seed = `dn: ${LDAP_SUFFIX}
objectClass: dcObject
objectClass: organization
dc: example
o: Example

dn: ${LDAP_PEOPLE}
objectClass: organizationalUnit
ou: people

dn: ou=groups,${LDAP_SUFFIX}
objectClass: organizationalUnit
ou: groups

dn: cn=reader,${LDAP_SUFFIX}
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: reader
userPassword: reader-secret

dn: uid=alice,${LDAP_PEOPLE}
objectClass: inetOrgPerson
uid: alice
mail: ${LDAP_USERS.alice.email}
cn: Alice Example
givenName: Alice
sn: Example
preferredLanguage: de
userPassword: ${LDAP_USERS.alice.password}

dn: uid=bob,${LDAP_PEOPLE}
objectClass: inetOrgPerson
uid: bob
mail: ${LDAP_USERS.bob.email}
cn: Bob Builder
givenName: Bob
sn: Builder
userPassword: ${LDAP_USERS.bob.password}

dn: uid=carol,${LDAP_PEOPLE}
objectClass: inetOrgPerson
uid: carol
mail: ${LDAP_USERS.carol.email}
cn: Carol Locked
givenName: Carol
sn: Locked
userPassword: ${LDAP_USERS.carol.password}
pwdAccountLockedTime: 000001010000Z

dn: ${LDAP_USERS.jane.dn}
objectClass: inetOrgPerson
uid: jane
mail: ${LDAP_USERS.jane.email}
cn: Doe, Jane+Admin
givenName: Jane
sn: Doe
userPassword: ${LDAP_USERS.jane.password}

dn: cn=staff,ou=groups,${LDAP_SUFFIX}
objectClass: groupOfNames
cn: staff
member: uid=alice,${LDAP_PEOPLE}
member: ${LDAP_USERS.jane.dn}

dn: cn=admins,ou=groups,${LDAP_SUFFIX}
objectClass: groupOfNames
cn: admins
member: uid=alice,${LDAP_PEOPLE}
`;

/**
 * A real, throw-away OpenLDAP server (Debian's slapd) on 127.0.0.1 with its own slapd.conf and mdb database in a
 * temporary folder, seeded with people (one locked by the ppolicy overlay, one whose DN needs escaping), groups and a
 * read-only service account `cn=reader`. Fails loudly when slapd or ldap-utils is missing.
 */
export async function startLdapServer(): Promise<LdapServer> {
  const slapd = findSlapd();
  if (spawnSync("ldapadd", ["-VV"]).error !== undefined) {
    throw new Error("ldapadd is not installed: apt-get install -y ldap-utils (scripts/system-deps.sh does it)");
  }
  const folder = mkdtempSync(path.join(os.tmpdir(), "ldap-test-"));
  mkdirSync(path.join(folder, "data"));
  writeFileSync(path.join(folder, "slapd.conf"), slapdConfig(folder));
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let log = "";

  const start = async () => {
    // -d 256: stay in the foreground and log every operation (the binds are counted from it).
    const started = spawn(slapd, ["-f", path.join(folder, "slapd.conf"), "-h", `${url}/`, "-d", "256"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = started;
    started.stdout!.on("data", (chunk: Buffer) => (log += chunk.toString()));
    started.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      started.once("error", (error) => reject(new Error(`slapd could not start: ${error.message}`)));
      const deadline = Date.now() + 10_000;
      const poll = () => {
        if (started.exitCode !== null || Date.now() > deadline) {
          return reject(new Error(`slapd did not start:\n${log.slice(-4000)}`));
        }
        const socket = net.connect(port, "127.0.0.1");
        socket.once("connect", () => {
          socket.destroy();
          resolve();
        });
        socket.once("error", () => setTimeout(poll, 50));
      };
      poll();
    });
  };

  const stop = () =>
    new Promise<void>((resolve) => {
      const running = child;
      if (running === undefined || running.exitCode !== null) return resolve();
      running.once("exit", () => resolve());
      running.kill("SIGTERM");
    });

  const modify = (ldif: string, options: { add?: boolean } = {}) => {
    const result = spawnSync(
      options.add === true ? "ldapadd" : "ldapmodify",
      ["-x", "-H", url, "-D", LDAP_ADMIN_DN, "-w", LDAP_ADMIN_PASSWORD],
      { input: ldif, encoding: "utf8" },
    );
    if (result.status !== 0) throw new Error(`ldapmodify failed: ${result.stderr}${result.stdout}`);
  };

  await start();
  modify(seed, { add: true });
  return {
    url,
    port,
    bindsFor: (dn) =>
      log
        .split("\n")
        .filter((line) => / BIND dn=".*" method=/.test(line) && (dn === undefined || line.includes(`BIND dn="${dn}"`)))
        .length,
    searchesFor: (text) =>
      log.split("\n").filter((line) => / SRCH base=".*filter="/.test(line) && line.includes(text)).length,
    modify,
    stop,
    start,
    destroy: async () => {
      await stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
