import { describe, expect, it } from "vitest";
import { MemoryAttemptStore } from "../../src/sign-in/attempts.js";
import { emailCodes, newEmailBrowserNonce } from "../../src/sign-in/email-codes.js";
import { MemoryProofStore, type ProofStore } from "../../src/sign-in/proofs.js";

/** A proof store that remembers every value put into it, to look for what must never be stored. */
class WatchedProofs extends MemoryProofStore implements ProofStore {
  readonly written: string[] = [];
  override put(key: string, value: string, ttlMs: number) {
    this.written.push(key, value);
    return super.put(key, value, ttlMs);
  }
}

const FACTS = { clientId: "c", clientName: "C", acrValues: [], uiLocales: undefined, sessionId: undefined };

function setUp() {
  const proofs = new WatchedProofs();
  const codes = emailCodes(proofs, new MemoryAttemptStore());
  const nonce = newEmailBrowserNonce();
  const issue = (challenge = "flow-1", browser = nonce) =>
    codes.issue({ email: "a@example.com", challenge, facts: FACTS, remember: false, nonce: browser });
  return { proofs, codes, nonce, issue };
}

describe("emailed sign-in codes", () => {
  it("six digits and a 256-bit link, neither stored as such", async () => {
    const { proofs, issue } = setUp();
    const { code, token } = await issue();
    expect(code).toMatch(/^\d{6}$/);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(proofs.written.join("\n")).not.toContain(token);
    expect(proofs.written.filter((value) => value.includes(`"${code}"`))).toEqual([]);
  });

  it("found only for the same challenge and browser; the code matches with spaces forgiven", async () => {
    const { codes, nonce, issue } = setUp();
    const { code } = await issue();
    const record = (await codes.find("flow-1", nonce))!;
    expect(record.email).toBe("a@example.com");
    expect(await codes.find("flow-2", nonce)).toBeUndefined();
    expect(await codes.find("flow-1", newEmailBrowserNonce())).toBeUndefined();
    expect(await codes.find("flow-1", undefined)).toBeUndefined();
    expect(await codes.find("flow-1", "not a nonce")).toBeUndefined();
    expect(codes.matches(record, code)).toBe(true);
    expect(codes.matches(record, `${code.slice(0, 3)} ${code.slice(3)}`)).toBe(true);
    expect(codes.matches(record, String((Number(code) + 1) % 1_000_000).padStart(6, "0"))).toBe(false);
    expect(codes.matches(record, "")).toBe(false);
  });

  it("taken once; an older code's take leaves a newer code of the same sign-in in place", async () => {
    const { codes, nonce, issue } = setUp();
    await issue();
    const older = (await codes.find("flow-1", nonce))!;
    await issue();
    const newer = (await codes.find("flow-1", nonce))!;
    expect(newer.id).not.toBe(older.id);
    expect(await codes.take(older, nonce)).toBe(false);
    expect((await codes.find("flow-1", nonce))?.id).toBe(newer.id);
    expect(await codes.take(newer, nonce)).toBe(true);
    expect(await codes.take(newer, nonce)).toBe(false);
  });

  it("a link: unknown, opened elsewhere (nothing used up), or here with its sign-in", async () => {
    const { codes, nonce, issue } = setUp();
    const { token } = await issue();
    expect((await codes.openLink("A".repeat(43), nonce)).kind).toBe("unknown");
    expect((await codes.openLink("../etc", nonce)).kind).toBe("unknown");
    expect((await codes.openLink(token, undefined)).kind).toBe("elsewhere");
    expect((await codes.openLink(token, newEmailBrowserNonce())).kind).toBe("elsewhere");
    const here = await codes.openLink(token, nonce);
    expect(here).toMatchObject({
      kind: "here",
      challenge: "flow-1",
      recordId: (await codes.find("flow-1", nonce))!.id,
    });
    await codes.forgetLink(token);
    expect((await codes.openLink(token, nonce)).kind).toBe("unknown");
  });

  it("sends: 20 per IP, 3 per (address, IP) and 10 per address an hour, counted before the send", async () => {
    const { codes } = setUp();
    const results = [];
    for (let index = 0; index < 5; index += 1) results.push(await codes.reserveSend("a@example.com", "192.0.2.1"));
    expect(results.filter(granted)).toHaveLength(3);
    for (let index = 0; index < 15; index += 1) await codes.reserveSend(`other${index}@example.com`, "192.0.2.1");
    expect((await codes.reserveSend("new@example.com", "192.0.2.1")).ipLockedMs).toBeGreaterThan(0);
    expect((await codes.reserveSend("new@example.com", "192.0.2.2")).ipLockedMs).toBe(0);
  });

  it("a stranger asking from one place uses up only their share: the owner elsewhere still gets codes", async () => {
    const { codes } = setUp();
    for (let index = 0; index < 5; index += 1) await codes.reserveSend("ada@example.com", "203.0.113.66");
    expect(granted(await codes.reserveSend("ada@example.com", "198.51.100.7"))).toBe(true);
    // From everywhere together the address gets 10 an hour: then every place is refused, the owner's too.
    const spread = [];
    for (let index = 0; index < 12; index += 1)
      spread.push(await codes.reserveSend("bob@example.com", `203.0.113.${index}`));
    expect(spread.filter(granted)).toHaveLength(10);
    expect(granted(await codes.reserveSend("bob@example.com", "198.51.100.8"))).toBe(false);
  });
});

const granted = (result: { addressLockedMs: number; ipLockedMs: number }) =>
  result.addressLockedMs === 0 && result.ipLockedMs === 0;
