import argon2 from "argon2";
import { describe, expect, it } from "vitest";
import { AppError } from "../../src/errors.js";
import { HashQueue, PasswordHasher, verifyPassword } from "../../src/identity/passwords.js";

/** Work that ends only when the test says so. */
function slowWork() {
  let finish!: () => void;
  const done = new Promise<string>((resolve) => (finish = () => resolve("done")));
  return { work: () => done, finish };
}

describe("password-hash queue", () => {
  it("runs at most maxConcurrent, queues at most maxWaiting, refuses the next at once with a 503, then drains", async () => {
    const queue = new HashQueue({ maxConcurrent: 2, maxWaiting: 3 });
    const jobs = Array.from({ length: 5 }, slowWork);
    const results = jobs.map((job) => queue.run(job.work));
    await Promise.resolve();
    expect(queue.load).toEqual({ running: 2, waiting: 3 });

    const started = performance.now();
    const refused = await queue.run(() => Promise.resolve("never")).catch((error: unknown) => error);
    expect(performance.now() - started).toBeLessThan(50);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(503);
    expect((refused as AppError).message).toBe("password checks unavailable");

    for (const job of jobs) job.finish();
    expect(await Promise.all(results)).toEqual(["done", "done", "done", "done", "done"]);
    expect(queue.load).toEqual({ running: 0, waiting: 0 });
    // Drained: the queue takes work again, as much as before.
    const again = Array.from({ length: 5 }, slowWork);
    const rerun = again.map((job) => queue.run(job.work));
    await Promise.resolve();
    expect(queue.load).toEqual({ running: 2, waiting: 3 });
    for (const job of again) job.finish();
    await Promise.all(rerun);
  });

  it("hands a freed place to the oldest waiting check, and a failing check frees its place too", async () => {
    const queue = new HashQueue({ maxConcurrent: 1, maxWaiting: 5 });
    const order: number[] = [];
    const first = slowWork();
    const running = queue.run(first.work);
    const failing = queue.run(() => Promise.reject(new Error("boom")));
    const later = [1, 2, 3].map((n) => queue.run(async () => void order.push(n)));
    first.finish();
    await running;
    await expect(failing).rejects.toThrow("boom");
    await Promise.all(later);
    expect(order).toEqual([1, 2, 3]);
    expect(queue.load).toEqual({ running: 0, waiting: 0 });
  });

  it("a full queue makes a real password check throw the 503 rather than answer false", async () => {
    const hasher = new PasswordHasher({ maxConcurrent: 1, maxWaiting: 1 });
    const hash = await hasher.hash("correct horse battery");
    const checks = [hasher.verify(hash, "correct horse battery"), hasher.verify(hash, "wrong horse battery")];
    await expect(hasher.verify(hash, "correct horse battery")).rejects.toMatchObject({ status: 503 });
    expect(await Promise.all(checks)).toEqual([true, false]);
    expect(await hasher.verify(hash, "correct horse battery")).toBe(true);
    expect(await hasher.verify("not-a-hash", "anything")).toBe(false);
  });
});

describe("passwords are hashed as NFKC", () => {
  const hasher = new PasswordHasher();

  it("hashes the NFKC form, so each way of typing the same password signs in", async () => {
    const hash = await hasher.hash("caf\u00e9 ﬁne ﬃ");
    expect(await argon2.verify(hash, "café fine ffi")).toBe(true);
    expect(await hasher.verify(hash, "cafe\u0301 ﬁne ﬃ")).toBe(true);
    expect(await hasher.verify(hash, "café fine ffi")).toBe(true);
    expect(await hasher.verify(hash, "café fine ff")).toBe(false);
  });

  it("still accepts a hash made before, from raw non-NFKC text, and nothing else through the fallback", async () => {
    const raw = "ﷺ-ligature-password";
    const old = await argon2.hash(raw, { type: argon2.argon2id });
    expect(await verifyPassword(old, raw)).toBe(true);
    // The NFKC form of that password was never what the old hash held.
    expect(await verifyPassword(old, raw.normalize("NFKC"))).toBe(false);
    expect(await verifyPassword(old, "ﷺ-ligature-passwore")).toBe(false);
  });
});
