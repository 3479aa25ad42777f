import { describe, expect, it } from "vitest";
import { MemoryAttemptStore } from "../../src/sign-in/attempts.js";
import { createLimits, ipKey, ipRangeKey } from "../../src/sign-in/limits.js";

const settings = { maxFailuresPerAccount: 10, maxFailuresPerIp: 100, windowSeconds: 900, lockoutSeconds: 900 };

describe("ipKey", () => {
  it("counts an IPv6 address by its /64, an IPv4-mapped one as IPv4, IPv4 as it is", () => {
    expect(ipKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(ipKey("2001:db8:1:2::1")).toBe(ipKey("2001:db8:1:2:ffff::9"));
    expect(ipKey("2001:0db8:0001:0002::1")).toBe("2001:db8:1:2::/64");
    expect(ipKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(ipKey("::1")).toBe("0:0:0:0::/64");
    expect(ipKey("::ffff:192.0.2.7")).toBe("192.0.2.7");
    expect(ipKey("192.0.2.7")).toBe("192.0.2.7");
    expect(ipKey("2001:db8:1:3::1")).not.toBe(ipKey("2001:db8:1:2::1"));
  });
});

describe("ipRangeKey", () => {
  it("names an IPv6 address's /48, and nothing for IPv4", () => {
    expect(ipRangeKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1::/48");
    expect(ipRangeKey("2001:0db8:0001:ffff::1")).toBe("2001:db8:1::/48");
    expect(ipRangeKey("2001:db8::1")).toBe("2001:db8:0::/48");
    expect(ipRangeKey("2001:db8:2::1")).not.toBe(ipRangeKey("2001:db8:1::1"));
    expect(ipRangeKey("192.0.2.7")).toBeUndefined();
    expect(ipRangeKey("::ffff:192.0.2.7")).toBeUndefined();
  });
});

describe("limits", () => {
  it("spraying from many /64s of one /48 costs at most ten times the per-address limit", async () => {
    const limits = createLimits(new MemoryAttemptStore(), { ...settings, maxFailuresPerIp: 3 });
    let checks = 0;
    for (let subnet = 0; subnet < 100; subnet += 1) {
      for (let guess = 0; guess < 3; guess += 1) {
        const reservation = await limits.reserve("password", {
          account: `someone-${subnet}-${guess}@example.test`,
          ip: `2001:db8:1:${subnet.toString(16)}::${guess + 1}`,
        });
        if (reservation.locked) {
          expect(reservation.scope).toBe("ip");
          continue;
        }
        checks += 1;
        await reservation.failed();
      }
    }
    expect(checks).toBe(30);
    // Another /48 is counted apart.
    const elsewhere = await limits.reserve("password", { account: "ada@example.test", ip: "2001:db8:2::1" });
    expect(elsewhere.locked).toBe(false);
  });

  it("a crowd of right answers waits for the checks in flight instead of being refused", async () => {
    const limits = createLimits(new MemoryAttemptStore(), settings);
    const results = await Promise.all(
      Array.from({ length: 30 }, async () => {
        const reservation = await limits.reserve("password", { account: "ada@example.test", ip: "192.0.2.1" });
        if (reservation.locked) return "refused";
        await new Promise((resolve) => setTimeout(resolve, 20));
        await reservation.succeeded();
        return "checked";
      }),
    );
    expect(results.filter((result) => result === "checked")).toHaveLength(30);
  });

  it("a burst of guesses is still refused once failures fill the limit", async () => {
    const limits = createLimits(new MemoryAttemptStore(), settings);
    let checks = 0;
    const results = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const reservation = await limits.reserve("password", { account: "ada@example.test", ip: "192.0.2.1" });
        if (reservation.locked) return "refused";
        checks += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return (await reservation.failed()).locked ? "locked" : "failed";
      }),
    );
    expect(checks).toBe(10);
    expect(results.filter((result) => result === "refused")).toHaveLength(40);
  });

  it("each step has its own counter: a password success clears no code failures", async () => {
    const limits = createLimits(new MemoryAttemptStore(), { ...settings, maxFailuresPerAccount: 2 });
    for (let index = 0; index < 2; index += 1) {
      const code = await limits.reserve("code", { account: "id-1", ip: "192.0.2.1" });
      if (code.locked) throw new Error("locked too early");
      await code.failed();
      const password = await limits.reserve("password", { account: "ada@example.test", ip: "192.0.2.1" });
      if (password.locked) throw new Error("password locked");
      await password.succeeded();
    }
    const next = await limits.reserve("code", { account: "id-1", ip: "192.0.2.1" });
    expect(next).toMatchObject({ locked: true, scope: "account" });
    await limits.unlock({ email: "ada@example.test", id: "id-1" });
    expect((await limits.reserve("code", { account: "id-1", ip: "192.0.2.1" })).locked).toBe(false);
  });

  it("a flood from a locked address makes no new counters, so it cannot push a victim's out of memory", async () => {
    const store = new MemoryAttemptStore();
    const limits = createLimits(store, { ...settings, maxFailuresPerIp: 3 });
    for (let index = 0; index < 3; index += 1) {
      const reservation = await limits.reserve("password", {
        account: `guess-${index}@example.test`,
        ip: "2001:db8::1",
      });
      if (!reservation.locked) await reservation.failed();
    }
    const kept = store.size;
    for (let index = 0; index < 1000; index += 1) {
      const reservation = await limits.reserve("password", {
        account: `flood-${index}@example.test`,
        ip: "2001:db8::2",
      });
      expect(reservation).toMatchObject({ locked: true, scope: "ip" });
    }
    expect(store.size).toBe(kept);
  });
});
