import { describe, expect, it } from "vitest";
import { BoundedMemoryStore } from "../../src/http/session-store.js";
import { MemoryAttemptStore } from "../../src/sign-in/attempts.js";
import { MemoryProofStore } from "../../src/sign-in/proofs.js";

const limit = { max: 5, windowMs: 60_000, lockMs: 60_000 };

/**
 * The in-memory stores keep at most their bound, dropping the least recently used first (they are counted through
 * lru-cache's maxSize, so that nothing is allocated for entries that never come).
 */
describe("bounded in-memory stores", () => {
  it("the attempt counters keep maxKeys keys, the least recently used going first", async () => {
    const store = new MemoryAttemptStore({ maxKeys: 100 });
    await store.fail("kept", limit);
    for (let i = 0; i < 1000; i++) {
      await store.begin(`flood-${i}`, limit);
      if (i % 50 === 0) await store.fail("kept", limit); // used again: stays
    }
    expect(store.size).toBe(100);
    const kept = await store.begin("kept", limit);
    expect(kept).toMatchObject({ begun: false, lockedForMs: expect.any(Number) as number });
    // An evicted key starts again at zero.
    expect(await store.begin("flood-0", limit)).toEqual({ begun: true, failures: 0 });
  });

  it("the proof store keeps at most maxChallenges passkey challenges apart from maxKept kept proofs", async () => {
    const store = new MemoryProofStore({ maxChallenges: 10, maxKept: 20 });
    await store.put("remembered:ada", "how", 60_000);
    for (let i = 0; i < 500; i++) await store.put(`passkey:${i}`, "challenge", 60_000);
    expect(store.size).toBe(10 + 1);
    expect(await store.take("passkey:0")).toBeUndefined();
    expect(await store.take("passkey:499")).toBe("challenge");
    expect(await store.get("remembered:ada")).toBe("how");
    for (let i = 0; i < 500; i++) await store.put(`remembered:${i}`, "how", 60_000);
    expect(store.size).toBe(9 + 20);
  });

  it("round trips to identity providers have their own bound: their flood pushes out no passkey mark", async () => {
    const store = new MemoryProofStore({ maxChallenges: 10, maxUpstream: 10, maxKept: 20 });
    expect(await store.claim("passkey:used:answer", 60_000)).toBe(true);
    for (let i = 0; i < 500; i++) await store.put(`upstream:flow:${i}`, "flow", 60_000);
    expect(await store.claim("passkey:used:answer", 60_000)).toBe(false);
    expect(store.size).toBe(1 + 10);
    expect(await store.take("upstream:flow:0")).toBeUndefined();
    expect(await store.take("upstream:flow:499")).toBe("flow");
  });

  it("the session store keeps maxSessions sessions and forgets an expired one", async () => {
    const store = new BoundedMemoryStore({ maxSessions: 100, ttlMs: 60_000 });
    const set = (sid: string, expires: Date) =>
      new Promise<void>((resolve) =>
        store.set(sid, { cookie: { expires, originalMaxAge: null } } as never, () => resolve()),
      );
    const get = (sid: string) =>
      new Promise<unknown>((resolve) => store.get(sid, (_error, session) => resolve(session)));
    const later = new Date(Date.now() + 60_000);
    for (let i = 0; i < 1000; i++) await set(`sid-${i}`, later);
    expect(store.size).toBe(100);
    expect(await get("sid-0")).toBeNull();
    expect(await get("sid-999")).not.toBeNull();
    await set("short", new Date(Date.now() + 5));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await get("short")).toBeNull();
  });
});
