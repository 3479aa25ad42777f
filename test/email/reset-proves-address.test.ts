import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resetProvesAddress } from "../../src/account/reset-proves-address.js";
import { createLogger } from "../../src/http/logging.js";
import { hashPassword } from "../../src/identity/passwords.js";
import { readUsersFile, UsersFileStore } from "../../src/identity/users-file.js";

describe("a reset proves the address, on the users file", () => {
  it("an unverified account loses its passkey, TOTP, codes and provider link and is verified; a verified one keeps all", async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "reset-proves-")), "users.json");
    const hash = await hashPassword("some-password-123");
    const account = (id: string, verified: boolean) => ({
      id,
      email: `${id}@example.com`,
      email_verified: verified,
      password_hash: hash,
      claims: {},
    });
    writeFileSync(file, JSON.stringify([account("squatted", false), account("kept", true)]));
    const store = new UsersFileStore(file, createLogger("silent"), { watch: false });
    for (const id of ["squatted", "kept"]) {
      await store.addPasskey(id, {
        credentialId: `key-${id}`,
        publicKey: "pk",
        counter: 0,
        transports: [],
        name: "Key",
        createdAt: new Date().toISOString(),
        lastUsedAt: undefined,
        deviceType: "singleDevice",
        backedUp: false,
      });
      await store.setRecoveryCodes(id, ["a".repeat(64)]);
      await store.addProviderLink(id, {
        providerId: "corp",
        subject: `sub-${id}`,
        linkedAt: new Date().toISOString(),
        createdAccount: false,
      });
    }
    const lines: Array<[string, Record<string, unknown> | undefined]> = [];
    const audit = (event: string, fields?: Record<string, unknown>) => lines.push([event, fields]);
    for (const id of ["squatted", "kept"])
      await resetProvesAddress(store, (await store.findById(id))!, audit, "203.0.113.9");

    const [squatted, kept] = ["squatted", "kept"].map((id) => readUsersFile(file).find((record) => record.id === id)!);
    expect(squatted).toMatchObject({ email_verified: true });
    expect(squatted!.passkeys ?? []).toEqual([]);
    expect(squatted!.recovery_codes ?? []).toEqual([]);
    expect(squatted!.provider_links ?? []).toEqual([]);
    expect(kept!.passkeys).toHaveLength(1);
    expect(kept!.provider_links).toHaveLength(1);
    expect(lines).toEqual([
      ["account.address_proved_by_reset", { subject: "squatted", ip: "203.0.113.9", providerLinksRemoved: ["corp"] }],
    ]);
    await store.close();
  });
});
