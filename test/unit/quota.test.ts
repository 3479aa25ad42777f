import { describe, expect, it } from "vitest";
import { SIGN_UPS_PER_IP } from "../../src/flows/register.js";
import { MemoryAttemptStore } from "../../src/sign-in/attempts.js";
import { LINK_SENDS, takeIpQuota, takeSendQuota } from "../../src/sign-in/quota.js";

// Finding 9 of the h19 review: a /48 holds 65,536 /64s, which must not be 65,536 fresh quotas.
describe("per-IP quotas count an IPv6 address's /48 too, at ten times the limit", () => {
  it("sign-ups: 10 per /64, 100 per /48; another /48 and IPv4 are their own", async () => {
    const store = new MemoryAttemptStore();
    let granted = 0;
    for (let subnet = 0; subnet < 15; subnet += 1) {
      for (let index = 0; index < SIGN_UPS_PER_IP.max; index += 1) {
        const ip = `2001:db8:bad:${subnet.toString(16)}::${index + 1}`;
        if ((await takeIpQuota(store, "sign-up", ip, SIGN_UPS_PER_IP)) === 0) granted += 1;
      }
    }
    expect(granted).toBe(SIGN_UPS_PER_IP.max * 10);
    expect(await takeIpQuota(store, "sign-up", "2001:db8:bad:ff::1", SIGN_UPS_PER_IP)).toBeGreaterThan(0);
    expect(await takeIpQuota(store, "sign-up", "2001:db8:beef:1::1", SIGN_UPS_PER_IP)).toBe(0);
    expect(await takeIpQuota(store, "sign-up", "192.0.2.1", SIGN_UPS_PER_IP)).toBe(0);
  });

  it("one /64 still gets only the per-IP limit", async () => {
    const store = new MemoryAttemptStore();
    const results = [];
    for (let index = 0; index < SIGN_UPS_PER_IP.max + 2; index += 1) {
      results.push(await takeIpQuota(store, "sign-up", `2001:db8:1:2::${index + 1}`, SIGN_UPS_PER_IP));
    }
    expect(results.filter((lockedForMs) => lockedForMs === 0)).toHaveLength(SIGN_UPS_PER_IP.max);
  });

  it("a /64 hammering away uses up its own quota, not its neighbours' share of the /48 (h24 review)", async () => {
    const store = new MemoryAttemptStore();
    for (let index = 0; index < 200; index += 1)
      await takeIpQuota(store, "sign-up", "2001:db8:1:2::9", SIGN_UPS_PER_IP);
    expect(await takeIpQuota(store, "sign-up", "2001:db8:1:3::1", SIGN_UPS_PER_IP)).toBe(0);
  });

  it("sends: 20 per /64, 200 per /48, refused as the IP's", async () => {
    const store = new MemoryAttemptStore();
    let granted = 0;
    for (let subnet = 0; subnet < 12; subnet += 1) {
      for (let index = 0; index < LINK_SENDS.perIp.max; index += 1) {
        const ip = `2001:db8:bad:${subnet.toString(16)}::${index + 1}`;
        const refused = await takeSendQuota(
          store,
          "recovery",
          { email: `x${subnet}-${index}@example.org`, ip },
          LINK_SENDS,
        );
        if (refused === undefined) granted += 1;
      }
    }
    expect(granted).toBe(LINK_SENDS.perIp.max * 10);
    const next = { email: "fresh@example.org", ip: "2001:db8:bad:ff::1" };
    expect(await takeSendQuota(store, "recovery", next, LINK_SENDS)).toMatchObject({ scope: "ip" });
  });
});
