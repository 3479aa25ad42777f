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

// Emailed codes too (finding 7 of the h19 review): a stranger who asks codes for an address must not lock its owner out.
describe.each(["password", "email-code"] as const)("one account's %s step, from many addresses", (step) => {
  const wrong = async (limits: ReturnType<typeof createLimits>, ip: string) => {
    const reservation = await limits.reserve(step, { account: "Ada@Example.test", ip });
    if (reservation.locked) return reservation;
    await reservation.failed();
    return "checked" as const;
  };

  it("an attacker in one /64 locks only their own address: the owner elsewhere signs in", async () => {
    const limits = createLimits(new MemoryAttemptStore(), settings);
    const results = [];
    for (let index = 0; index < 30; index += 1) results.push(await wrong(limits, `2001:db8:bad:1::${index + 1}`));
    expect(results.filter((result) => result === "checked")).toHaveLength(10);
    expect(results.at(-1)).toMatchObject({ locked: true, scope: "account" });
    // Another address of the same /64 is the same attacker.
    expect(await wrong(limits, "2001:db8:bad:1:ffff::9")).toMatchObject({ locked: true });
    // The owner, from home, is not locked out: the right password (or code) is checked and passes.
    const owner = await limits.reserve(step, { account: "ada@example.test", ip: "198.51.100.7" });
    expect(owner.locked).toBe(false);
    if (!owner.locked) await owner.succeeded();
  });

  it("150 wrong passwords over 150 addresses cost at most the ceiling (five times the per-address limit)", async () => {
    const limits = createLimits(new MemoryAttemptStore(), settings);
    const results = await Promise.all(Array.from({ length: 150 }, (_, index) => wrong(limits, `203.0.113.${index}`)));
    const checked = results.filter((result) => result === "checked").length;
    expect(checked).toBe(50);
    // Past the ceiling the account is locked for everyone, its owner too, and a success elsewhere does not reopen it.
    expect(await wrong(limits, "198.51.100.7")).toMatchObject({ locked: true, scope: "account" });
  });

  it("the operator's unlock clears the account from every address, and its ceiling", async () => {
    const limits = createLimits(new MemoryAttemptStore(), settings);
    for (let index = 0; index < 10; index += 1) await wrong(limits, "192.0.2.66");
    expect(await wrong(limits, "192.0.2.66")).toMatchObject({ locked: true });
    await limits.unlock({ email: "ADA@example.test" });
    expect(await wrong(limits, "192.0.2.66")).toBe("checked");
    for (let index = 0; index < 60; index += 1) await wrong(limits, `203.0.113.${index}`);
    expect(await wrong(limits, "198.51.100.7")).toMatchObject({ locked: true });
    await limits.unlock({ email: "ada@example.test" });
    expect(await wrong(limits, "198.51.100.7")).toBe("checked");
  });
});
