/**
 * Finding 5 of the h19 review: an anonymous GET of /verify/<token> or /invitation/<token> looked the token up by
 * reading and parsing the whole users file. It is now looked up in the in-memory copy, which a stat keeps current.
 */
import * as fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { createLogger } from "../../src/http/logging.js";
import { emailTokenHash, issueEmailToken } from "../../src/identity/email-tokens.js";
import { UsersFileStore } from "../../src/identity/users-file.js";

vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs")>();
  return { ...actual, readFileSync: vi.fn(actual.readFileSync) };
});

const account = (id: string) => ({ id, email: `${id}@example.com`, password_hash: "$argon2id$x", claims: {} });

function usersFile(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "token-lookup-")), "users.json");
  fs.writeFileSync(file, JSON.stringify(Array.from({ length: 200 }, (_, index) => account(`user${index}`))));
  return file;
}

describe("looking an emailed link up in the users file store", () => {
  it("reads no file: the hash is found in memory, and an unknown one is not", async () => {
    const store = new UsersFileStore(usersFile(), createLogger("silent"), { watch: false });
    const token = await issueEmailToken(store, {
      purpose: "verify",
      userId: "user7",
      email: "user7@example.com",
      expiresAt: Date.now() + 60_000,
    });
    const reads = vi.mocked(fs.readFileSync);
    reads.mockClear();
    expect(await store.findEmailToken(emailTokenHash(token)!)).toMatchObject({ userId: "user7", purpose: "verify" });
    expect(await store.findEmailToken(emailTokenHash("B".repeat(43))!)).toBeUndefined();
    expect(reads).not.toHaveBeenCalled();
    // Taking it still reads the file afresh, under the lock: once only.
    expect(await store.takeEmailToken(emailTokenHash(token)!)).toMatchObject({ userId: "user7" });
    expect(await store.findEmailToken(emailTokenHash(token)!)).toBeUndefined();
    expect(await store.takeEmailToken(emailTokenHash(token)!)).toBeUndefined();
    await store.close();
  });

  it("finds a link another process wrote (the accounts command), without a watcher; an expired one is not found", async () => {
    const file = usersFile();
    const app = new UsersFileStore(file, createLogger("silent"), { watch: false });
    const command = new UsersFileStore(file, createLogger("silent"), { watch: false });
    const invite = await issueEmailToken(command, {
      purpose: "invite",
      userId: "user3",
      email: "user3@example.com",
      expiresAt: Date.now() + 60_000,
    });
    const expired = await issueEmailToken(command, {
      purpose: "verify",
      userId: "user4",
      email: "user4@example.com",
      expiresAt: Date.now() - 1,
    });
    expect(await app.findEmailToken(emailTokenHash(invite)!)).toMatchObject({ userId: "user3", purpose: "invite" });
    expect(await app.findEmailToken(emailTokenHash(expired)!)).toBeUndefined();
    // And one the other process took is gone here too.
    expect(await command.takeEmailToken(emailTokenHash(invite)!)).toMatchObject({ userId: "user3" });
    expect(await app.findEmailToken(emailTokenHash(invite)!)).toBeUndefined();
    await Promise.all([app.close(), command.close()]);
  });
});
