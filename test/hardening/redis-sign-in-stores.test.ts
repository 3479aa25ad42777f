import type { RedisClientType } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/http/logging.js";
import { connectRedis } from "../../src/redis.js";
import { clearAccountAttempts, createLimits } from "../../src/sign-in/limits.js";
import { passkeyProofs } from "../../src/sign-in/passkey-proofs.js";
import { redisSignInStores } from "../../src/sign-in/stores.js";
import { startRedisServer, type RedisServer } from "../support/redis-server.js";

describe("sign-in stores in a real Redis, shared by two instances", () => {
  let server: RedisServer;
  const clients: RedisClientType[] = [];

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const client of clients) await client.quit().catch(() => undefined);
    await server?.stop();
  });

  async function instance() {
    const client = await connectRedis(server.url, createLogger("silent"));
    clients.push(client);
    return passkeyProofs((await redisSignInStores(client)).proofs, ["one-session-secret-of-both-instances"]);
  }

  it("made on one instance, redeemed once on another, only for the login challenge it was made for", async () => {
    const [a, b] = [await instance(), await instance()];
    const binding = { loginChallenge: "challenge-1" };
    const first = a.issue(binding);
    // Issuing stores nothing: only a redeemed proof leaves a mark.
    expect(await clients[0]!.dbSize()).toBe(0);
    // Another flow's challenge gets nothing (and leaves no mark); its own is redeemed once, on either instance.
    expect(await b.redeem(first.proofId, { loginChallenge: "challenge-2" })).toBeUndefined();
    expect(await clients[0]!.dbSize()).toBe(0);
    const redeemed = await Promise.all([b.redeem(first.proofId, binding), a.redeem(first.proofId, binding)]);
    expect(redeemed.filter((value) => value === first.challenge)).toHaveLength(1);
    expect(redeemed.filter((value) => value === undefined)).toHaveLength(1);
    expect(await b.redeem(first.proofId, binding)).toBeUndefined();
    // A session-bound proof (the second step) needs the same session.
    const bound = a.issue({ loginChallenge: "challenge-1", sessionId: "s1" });
    expect(await b.redeem(bound.proofId, { loginChallenge: "challenge-1", sessionId: "s2" })).toBeUndefined();
    expect(await b.redeem(bound.proofId, { loginChallenge: "challenge-1", sessionId: "s1" })).toBe(bound.challenge);
    expect(await b.redeem("not a proof id", binding)).toBeUndefined();
    // Its parts changed (a later expiry, another random part) it is not ours.
    const [random, expiresAt, tag] = a.issue(binding).proofId.split(".") as [string, string, string];
    expect(await b.redeem(`${random}.${Number(expiresAt) + 60_000}.${tag}`, binding)).toBeUndefined();
    expect(
      await b.redeem(`${random.replace(/^./, (c) => (c === "A" ? "B" : "A"))}.${expiresAt}.${tag}`, binding),
    ).toBeUndefined();
    // Past its five minutes it is refused, even by the instance that made it.
    const old = a.issue(binding, Date.now() - 5 * 60_000 - 1);
    expect(await a.redeem(old.proofId, binding)).toBeUndefined();
  });

  it("locked per address; the operator's unlock clears every address of that account and no other", async () => {
    const client = await connectRedis(server.url, createLogger("silent"));
    clients.push(client);
    const { attempts } = await redisSignInStores(client);
    const settings = { maxFailuresPerAccount: 2, maxFailuresPerIp: 100, windowSeconds: 900, lockoutSeconds: 900 };
    const limits = createLimits(attempts, settings);
    const wrong = async (account: string, ip: string) => {
      const reservation = await limits.reserve("password", { account, ip });
      if (reservation.locked) return "locked";
      await reservation.failed();
      return "checked";
    };
    // "*" in an address is a glob character to Redis: unlocking a*b must not unlock aXb.
    for (const account of ["a*b@example.test", "axb@example.test"]) {
      for (const ip of ["192.0.2.1", "2001:db8:1:2::1"]) {
        expect([await wrong(account, ip), await wrong(account, ip), await wrong(account, ip)]).toEqual([
          "checked",
          "checked",
          "locked",
        ]);
      }
      expect(await wrong(account, "198.51.100.9")).toBe("checked"); // another address is not locked
    }
    await clearAccountAttempts(attempts, { email: "A*B@example.test" });
    expect(await wrong("a*b@example.test", "192.0.2.1")).toBe("checked");
    expect(await wrong("a*b@example.test", "2001:db8:1:2::1")).toBe("checked");
    expect(await wrong("axb@example.test", "192.0.2.1")).toBe("locked");
  });
});
