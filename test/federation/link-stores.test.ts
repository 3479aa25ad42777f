import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type Postgres } from "../../e2e/harness/postgres.js";
import { MemoryUserStore } from "../../src/identity/memory-store.js";
import { hashPassword } from "../../src/identity/passwords.js";
import { ProviderLinkTakenError, type ProviderLinkStore } from "../../src/identity/provider-links.js";
import { UnknownAccountError, type UserStore } from "../../src/identity/store.js";
import { readUsersFile, UsersFileStore } from "../../src/identity/users-file.js";
import { PostgresUsersStore } from "../../src/identity/users-postgres.js";
import { usersFileIn } from "../support/users-file.js";

const silent = pino({ level: "silent" });
let server: Postgres;
let postgres: PostgresUsersStore;
let hash: string;

beforeAll(async () => {
  hash = await hashPassword("links-test-password");
  server = await startPostgres();
  await server.createDatabase("links");
  postgres = await PostgresUsersStore.connect(server.url("links"), silent);
  for (const id of ["u-a", "u-b"]) {
    await postgres.add({
      id,
      email: `${id}@example.com`,
      email_verified: false,
      disabled: false,
      password_hash: hash,
      claims: {},
    });
  }
}, 60_000);

afterAll(async () => {
  await postgres?.close();
  await server?.stop();
});

const at = "2026-12-01T10:00:00.000Z";
const link = (subject: string, providerId = "corp") => ({ providerId, subject, linkedAt: at, createdAccount: false });

const stores: Array<[string, () => Promise<ProviderLinkStore & { close?(): Promise<void> }>]> = [
  [
    "memory",
    async () =>
      new MemoryUserStore(
        ["u-a", "u-b"].map((id) => ({
          id,
          email: `${id}@example.com`,
          emailVerified: false,
          profile: {},
          disabled: false,
          passwordHash: hash,
        })),
      ),
  ],
  [
    "users file",
    async () => {
      const records = ["u-a", "u-b"].map((id) => ({ id, email: `${id}@example.com`, password_hash: hash }));
      const { file } = usersFileIn("users.json", JSON.stringify(records));
      return new UsersFileStore(file, silent, { watch: false });
    },
  ],
  ["PostgreSQL", async () => postgres],
];

describe.each(stores)("provider links in the %s store", (name, open) => {
  it("(provider, subject) → one account, unique across accounts; removed by provider", async () => {
    const store = await open();
    const sub = `sub-${name}`;
    expect(await store.findProviderLink("corp", sub)).toBeUndefined();
    await store.addProviderLink("u-a", link(sub));
    expect(await store.findProviderLink("corp", sub)).toBe("u-a");
    expect(await store.findProviderLink("other", sub)).toBeUndefined();
    await expect(store.addProviderLink("u-b", link(sub))).rejects.toBeInstanceOf(ProviderLinkTakenError);
    await expect(store.addProviderLink("u-a", link(sub))).rejects.toBeInstanceOf(ProviderLinkTakenError);
    await expect(store.addProviderLink("u-nobody", link(`${sub}-2`))).rejects.toBeInstanceOf(UnknownAccountError);
    await store.addProviderLink("u-a", link(sub, "other"));
    expect((await store.providerLinksOf("u-a")).map((held) => held.providerId).sort()).toEqual(["corp", "other"]);
    expect(await store.providerLinksOf("u-b")).toEqual([]);
    expect(await store.removeProviderLink("u-a", "corp")).toBe(true);
    expect(await store.removeProviderLink("u-a", "corp")).toBe(false);
    expect(await store.findProviderLink("corp", sub)).toBeUndefined();
    expect(await store.providerLinksOf("u-a")).toEqual([
      { providerId: "other", subject: sub, linkedAt: at, createdAccount: false },
    ]);
    await store.removeProviderLink("u-a", "other");
  });
});

describe("the users file", () => {
  it("keeps links as provider_links and refuses a file that links one identity twice", async () => {
    const records = [
      {
        id: "u-a",
        email: "a@example.com",
        password_hash: hash,
        provider_links: [{ provider: "corp", subject: "s1", linked_at: at }],
      },
      {
        id: "u-b",
        email: "b@example.com",
        password_hash: hash,
        provider_links: [{ provider: "corp", subject: "s1", linked_at: at }],
      },
    ];
    const { file } = usersFileIn("users.json", JSON.stringify(records));
    expect(() => readUsersFile(file)).toThrow(/the corp identity s1 is linked twice/);
  });
});

// h19 finding 11: an account a provider made has no password of its own (`password_unset`) until one is set.
const madeByProvider: Array<[string, () => Promise<UserStore>]> = [
  [
    "memory",
    async () =>
      new MemoryUserStore([
        {
          id: "u-made",
          email: "made@example.com",
          emailVerified: true,
          profile: {},
          disabled: false,
          passwordHash: hash,
          passwordUnset: true,
        },
      ]),
  ],
  [
    "users file",
    async () => {
      const records = [{ id: "u-made", email: "made@example.com", password_hash: hash, password_unset: true }];
      const { file } = usersFileIn("users.json", JSON.stringify(records));
      return new UsersFileStore(file, silent, { watch: false });
    },
  ],
  [
    "PostgreSQL",
    async () => {
      await postgres.add({
        id: "u-made",
        email: "made@example.com",
        email_verified: true,
        disabled: false,
        password_unset: true,
        password_hash: hash,
        claims: {},
      });
      return postgres;
    },
  ],
];

describe.each(madeByProvider)("a provider-made account in the %s store", (_name, open) => {
  it("is password_unset until a password is set (Forgot password): then it has one of its own", async () => {
    const store = await open();
    expect((await store.findById("u-made"))?.passwordUnset).toBe(true);
    await store.changePassword("u-made", await hashPassword("my-own-password-2026"));
    expect((await store.findById("u-made"))?.passwordUnset).toBeUndefined();
  });
});
