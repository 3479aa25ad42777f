import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { PasskeyRecord, TotpFactor } from "../../src/identity/factors/types.js";
import { DuplicatePasskeyError, UnknownAccountError, type UserStore } from "../../src/identity/store.js";

/** A store holding two accounts without factors, and how to let it go. */
export interface ContractSubject {
  store: UserStore;
  ada: string;
  grace: string;
  close?: () => Promise<void>;
}

/** What every store's accounts look like here: the stores check only that the hash is argon2's. */
export const FAKE_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export const totp = (lastUsedStep = 1000): TotpFactor => ({
  sealedSecret: "v1.sealed-secret-base64url",
  confirmedAt: "2025-01-02T03:04:05.678Z",
  lastUsedStep,
});

export const passkey = (credentialId: string, overrides: Partial<PasskeyRecord> = {}): PasskeyRecord => ({
  credentialId,
  publicKey: `pk-${credentialId}`,
  counter: 0,
  transports: ["internal", "hybrid"],
  name: `Key ${credentialId}`,
  createdAt: "2025-02-03T04:05:06.789Z",
  lastUsedAt: undefined,
  deviceType: "multiDevice",
  backedUp: true,
  ...overrides,
});

/** The FactorStore contract, run against each store (memory, users file, PostgreSQL). */
export function factorStoreContract(name: string, open: () => Promise<ContractSubject>): void {
  describe(`FactorStore contract: ${name}`, () => {
    let subject: ContractSubject | undefined;
    const start = async () => (subject = await open());
    afterEach(async () => {
      await subject?.close?.();
      subject = undefined;
    });

    it("an account starts without factors, and no account has any", async () => {
      const { store, ada } = await start();
      expect(await store.getFactors(ada)).toEqual({
        totp: undefined,
        recoveryCodeHashes: [],
        passkeys: [],
        mfaRequired: false,
      });
      expect(await store.anyFactors()).toBe(false);
      expect(await store.findPasskey("nothing")).toBeUndefined();
    });

    it("every method refuses an unknown account id with UnknownAccountError", async () => {
      const { store } = await start();
      const calls: Array<[string, () => Promise<unknown>]> = [
        ["getFactors", () => store.getFactors("nobody")],
        ["setTotp", () => store.setTotp("nobody", totp())],
        ["setTotp off", () => store.setTotp("nobody", undefined)],
        ["useTotpStep", () => store.useTotpStep("nobody", 5)],
        ["setRecoveryCodes", () => store.setRecoveryCodes("nobody", [sha256("a")])],
        ["consumeRecoveryCode", () => store.consumeRecoveryCode("nobody", sha256("a"))],
        ["addPasskey", () => store.addPasskey("nobody", passkey("cred-nobody"))],
        ["renamePasskey", () => store.renamePasskey("nobody", "cred", "x")],
        ["removePasskey", () => store.removePasskey("nobody", "cred")],
        ["touchPasskey", () => store.touchPasskey("nobody", "cred", 3)],
        ["setMfaRequired", () => store.setMfaRequired("nobody", true)],
        ["resetFactors", () => store.resetFactors("nobody")],
      ];
      for (const [method, call] of calls) {
        const refusal = call();
        await expect(refusal, method).rejects.toBeInstanceOf(UnknownAccountError);
        await expect(refusal, method).rejects.toMatchObject({ id: "nobody" });
      }
      expect(await store.anyFactors()).toBe(false);
    });

    it("TOTP: turned on and off; a step is accepted once, and never one at or before the last", async () => {
      const { store, ada, grace } = await start();
      expect(await store.useTotpStep(ada, 5)).toBe(false); // no TOTP: nothing to accept
      await store.setTotp(ada, totp(1000));
      expect((await store.getFactors(ada)).totp).toEqual(totp(1000));
      expect(await store.anyFactors()).toBe(true);
      expect(await store.useTotpStep(ada, 1000)).toBe(false);
      expect(await store.useTotpStep(ada, 999)).toBe(false);
      expect(await store.useTotpStep(ada, 1001)).toBe(true);
      expect(await store.useTotpStep(ada, 1001)).toBe(false);
      expect(await store.useTotpStep(ada, 1003)).toBe(true);
      expect(await store.useTotpStep(ada, 1002)).toBe(false);
      expect((await store.getFactors(ada)).totp).toEqual(totp(1003));
      // Steps beyond 32 bits (bigint in PostgreSQL) come back as numbers.
      expect(await store.useTotpStep(ada, 2 ** 40)).toBe(true);
      expect((await store.getFactors(ada)).totp?.lastUsedStep).toBe(2 ** 40);
      expect((await store.getFactors(grace)).totp).toBeUndefined();
      // Confirming again starts from the given step.
      await store.setTotp(ada, totp(7));
      expect(await store.useTotpStep(ada, 8)).toBe(true);
      await store.setTotp(ada, undefined);
      expect((await store.getFactors(ada)).totp).toBeUndefined();
      expect(await store.useTotpStep(ada, 10_000)).toBe(false);
      expect(await store.anyFactors()).toBe(false);
      await store.setTotp(ada, undefined); // off twice: no error
    });

    it("recovery codes: replaced as a set, each consumed once", async () => {
      const { store, ada, grace } = await start();
      const [one, two, three, four] = ["one", "two", "three", "four"].map(sha256) as [string, string, string, string];
      await store.setRecoveryCodes(ada, [one, two, three]);
      expect((await store.getFactors(ada)).recoveryCodeHashes).toEqual([one, two, three]);
      expect(await store.anyFactors()).toBe(true);
      expect(await store.consumeRecoveryCode(ada, two)).toBe(true);
      expect(await store.consumeRecoveryCode(ada, two)).toBe(false);
      expect(await store.consumeRecoveryCode(ada, four)).toBe(false);
      expect(await store.consumeRecoveryCode(grace, one)).toBe(false); // another account's code
      expect((await store.getFactors(ada)).recoveryCodeHashes).toEqual([one, three]);
      await store.setRecoveryCodes(ada, [four]);
      expect((await store.getFactors(ada)).recoveryCodeHashes).toEqual([four]);
      expect(await store.consumeRecoveryCode(ada, one)).toBe(false);
      expect(await store.consumeRecoveryCode(ada, four)).toBe(true);
      expect((await store.getFactors(ada)).recoveryCodeHashes).toEqual([]);
      expect(await store.anyFactors()).toBe(false);
    });

    it("passkeys: added, found by credential id, renamed, touched, removed; ids unique across accounts", async () => {
      const { store, ada, grace } = await start();
      const first = passkey("cred-AAAA-1");
      const second = passkey("cred-BBBB-2", {
        name: "Phone",
        transports: [],
        deviceType: "singleDevice",
        backedUp: false,
        createdAt: "2025-03-01T00:00:00.000Z",
        lastUsedAt: "2025-03-02T00:00:00.000Z",
        counter: 41,
      });
      await store.addPasskey(ada, first);
      await store.addPasskey(ada, second);
      expect(await store.anyFactors()).toBe(true);
      expect((await store.getFactors(ada)).passkeys).toEqual([first, second]);
      expect(await store.findPasskey("cred-BBBB-2")).toEqual({ userId: ada, passkey: second });
      expect(await store.findPasskey("cred-BBBB")).toBeUndefined(); // no prefix matching here

      const duplicate = store.addPasskey(grace, passkey("cred-AAAA-1"));
      await expect(duplicate).rejects.toBeInstanceOf(DuplicatePasskeyError);
      await expect(store.addPasskey(ada, passkey("cred-AAAA-1"))).rejects.toBeInstanceOf(DuplicatePasskeyError);
      expect((await store.getFactors(grace)).passkeys).toEqual([]);

      expect(await store.renamePasskey(ada, "cred-AAAA-1", "Laptop")).toBe(true);
      expect(await store.renamePasskey(ada, "cred-nope", "Laptop")).toBe(false);
      expect(await store.renamePasskey(grace, "cred-AAAA-1", "Stolen")).toBe(false); // not grace's
      expect((await store.findPasskey("cred-AAAA-1"))?.passkey.name).toBe("Laptop");

      const before = Date.now();
      await store.touchPasskey(ada, "cred-AAAA-1", 7);
      await store.touchPasskey(ada, "cred-nope", 9); // nothing to touch: no error
      await store.touchPasskey(grace, "cred-BBBB-2", 99); // not grace's: unchanged
      const touched = (await store.getFactors(ada)).passkeys;
      expect(touched[0]).toMatchObject({ credentialId: "cred-AAAA-1", counter: 7, name: "Laptop" });
      const lastUsed = Date.parse(touched[0]!.lastUsedAt!);
      expect(lastUsed).toBeGreaterThanOrEqual(before - 1000);
      expect(lastUsed).toBeLessThanOrEqual(Date.now() + 1000);
      expect(touched[1]).toEqual(second);

      expect(await store.removePasskey(grace, "cred-BBBB-2")).toBe(false);
      expect(await store.removePasskey(ada, "cred-BBBB-2")).toBe(true);
      expect(await store.removePasskey(ada, "cred-BBBB-2")).toBe(false);
      expect(await store.findPasskey("cred-BBBB-2")).toBeUndefined();
      expect((await store.getFactors(ada)).passkeys.map((key) => key.credentialId)).toEqual(["cred-AAAA-1"]);
      // Removed, its id can be registered again, by anyone.
      await store.addPasskey(grace, passkey("cred-BBBB-2"));
      expect((await store.findPasskey("cred-BBBB-2"))?.userId).toBe(grace);
    });

    it("mfa_required is a switch; reset removes TOTP, recovery codes and passkeys and keeps it", async () => {
      const { store, ada, grace } = await start();
      await store.setMfaRequired(ada, true);
      expect((await store.getFactors(ada)).mfaRequired).toBe(true);
      expect((await store.getFactors(grace)).mfaRequired).toBe(false);
      expect(await store.anyFactors()).toBe(false); // a switch is no factor
      await store.setTotp(ada, totp());
      await store.setRecoveryCodes(ada, [sha256("x"), sha256("y")]);
      await store.addPasskey(ada, passkey("cred-reset-1"));
      await store.addPasskey(grace, passkey("cred-reset-2"));
      await store.setRecoveryCodes(grace, [sha256("z")]);

      await store.resetFactors(ada);
      expect(await store.getFactors(ada)).toEqual({
        totp: undefined,
        recoveryCodeHashes: [],
        passkeys: [],
        mfaRequired: true,
      });
      expect(await store.findPasskey("cred-reset-1")).toBeUndefined();
      expect((await store.getFactors(grace)).passkeys).toHaveLength(1);
      expect((await store.getFactors(grace)).recoveryCodeHashes).toEqual([sha256("z")]);
      expect(await store.anyFactors()).toBe(true);
      await store.resetFactors(grace);
      expect(await store.anyFactors()).toBe(false);
      await store.resetFactors(grace); // nothing left: no error
      await store.setMfaRequired(ada, false);
      expect((await store.getFactors(ada)).mfaRequired).toBe(false);
    });

    it("hands out copies: changing what it returned changes nothing stored", async () => {
      const { store, ada } = await start();
      await store.setTotp(ada, totp(10));
      await store.setRecoveryCodes(ada, [sha256("a")]);
      await store.addPasskey(ada, passkey("cred-copy"));
      const factors = await store.getFactors(ada);
      factors.totp!.lastUsedStep = 99;
      factors.recoveryCodeHashes.push(sha256("b"));
      factors.passkeys[0]!.name = "changed";
      factors.passkeys[0]!.transports.push("usb");
      (await store.findPasskey("cred-copy"))!.passkey.counter = 1234;
      const again = await store.getFactors(ada);
      expect(again.totp?.lastUsedStep).toBe(10);
      expect(again.recoveryCodeHashes).toEqual([sha256("a")]);
      expect(again.passkeys).toEqual([passkey("cred-copy")]);
    });

    it("20 concurrent uses of the same TOTP step: exactly one succeeds", async () => {
      const { store, ada } = await start();
      await store.setTotp(ada, totp(500));
      const results = await Promise.all(Array.from({ length: 20 }, () => store.useTotpStep(ada, 501)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.getFactors(ada)).totp?.lastUsedStep).toBe(501);
      // Different steps at once: whatever the order, the last used step ends as the highest.
      const steps = Array.from({ length: 20 }, (_, index) => 502 + index);
      const mixed = await Promise.all(steps.map((step) => store.useTotpStep(ada, step)));
      expect(mixed.filter(Boolean).length).toBeGreaterThanOrEqual(1);
      expect((await store.getFactors(ada)).totp?.lastUsedStep).toBe(521);
    });

    it("20 concurrent uses of the same recovery code: exactly one succeeds", async () => {
      const { store, ada } = await start();
      const codes = Array.from({ length: 5 }, (_, index) => sha256(`code-${index}`));
      await store.setRecoveryCodes(ada, codes);
      const results = await Promise.all(Array.from({ length: 20 }, () => store.consumeRecoveryCode(ada, codes[2]!)));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await store.getFactors(ada)).recoveryCodeHashes).toEqual(codes.toSpliced(2, 1));
      // Different codes at once: each used exactly once, none lost.
      const all = await Promise.all([...codes, ...codes].map((code) => store.consumeRecoveryCode(ada, code)));
      expect(all.filter(Boolean)).toHaveLength(4);
      expect((await store.getFactors(ada)).recoveryCodeHashes).toEqual([]);
    });
  });
}
