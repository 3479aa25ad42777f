import type { RedisClientType } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/http/logging.js";
import { connectRedis } from "../../src/redis.js";
import { passkeyProofs } from "../../src/sign-in/passkey-proofs.js";
import { redisSignInStores } from "../../src/sign-in/stores.js";
import { startRedisServer, type RedisServer } from "../support/redis-server.js";

describe("passkey challenges in a real Redis, shared by two instances", () => {
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
    return passkeyProofs((await redisSignInStores(client)).proofs);
  }

  it("made on one instance, redeemed once on another, only for the login challenge it was made for", async () => {
    const [a, b] = [await instance(), await instance()];
    const binding = { loginChallenge: "challenge-1" };
    const id = await a.issue("webauthn-challenge-1", binding);
    // Another flow's challenge gets nothing, and the attempt uses the proof up all the same.
    expect(await b.redeem(id, { loginChallenge: "challenge-2" })).toBeUndefined();
    expect(await b.redeem(id, binding)).toBeUndefined();

    const second = await a.issue("webauthn-challenge-2", binding);
    const redeemed = await Promise.all([b.redeem(second, binding), a.redeem(second, binding)]);
    expect(redeemed.filter((value) => value === "webauthn-challenge-2")).toHaveLength(1);
    // A session-bound proof (the second step, the account area) needs the same session.
    const bound = await a.issue("webauthn-challenge-3", { loginChallenge: "challenge-1", sessionId: "s1" });
    expect(await b.redeem(bound, { loginChallenge: "challenge-1", sessionId: "s2" })).toBeUndefined();
    expect(await b.redeem("not a proof id", binding)).toBeUndefined();
  });
});
