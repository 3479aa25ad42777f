import { readFileSync } from "node:fs";
import { generateKeyPairSync } from "node:crypto";
import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { createPasskeys } from "../../src/identity/factors/passkeys.js";
import type { PasskeyRecord } from "../../src/identity/factors/types.js";
import { b64url, BE, BS, ORIGIN, RP_ID, SoftwareAuthenticator, UP, UV } from "../support/software-authenticator.js";

const BASE_URL = "https://login.example.org";

const passkeys = createPasskeys({ rpName: "Example", baseUrl: `${BASE_URL}/some/path` });
const user = { id: "user-1", email: "ada@example.org", name: "Ada" };

async function registered(authenticator = new SoftwareAuthenticator()): Promise<PasskeyRecord> {
  const options = await passkeys.registrationOptions(user, []);
  const record = await passkeys.verifyRegistration(authenticator.create(options.challenge), options.challenge, "Key");
  expect(record).toBeDefined();
  return record!;
}

describe("createPasskeys", () => {
  it("takes RP ID and origin from BASE_URL", () => {
    expect(passkeys.rpID).toBe(RP_ID);
    expect(passkeys.origin).toBe(ORIGIN);
    const local = createPasskeys({ rpName: "Dev", baseUrl: "http://localhost:3000/" });
    expect([local.rpID, local.origin]).toEqual(["localhost", "http://localhost:3000"]);
  });

  it("refuses an IP address", () => {
    for (const baseUrl of ["http://127.0.0.1:3000", "https://10.0.0.1", "http://[::1]:3000"]) {
      expect(() => createPasskeys({ rpName: "x", baseUrl })).toThrow(/IP address/);
    }
    expect(() => createPasskeys({ rpName: "x", baseUrl: "ftp://example.org" })).toThrow(/https/);
  });
});

describe("registration", () => {
  it("offers options requiring a discoverable credential and user verification", async () => {
    const existing = await registered();
    const options = await passkeys.registrationOptions(user, [existing]);
    expect(options.rp).toEqual({ name: "Example", id: RP_ID });
    expect(options.user.name).toBe("ada@example.org");
    expect(options.user.displayName).toBe("Ada");
    expect(Buffer.from(options.user.id, "base64url")).toHaveLength(32);
    expect(options.user.id).not.toContain(b64url(Buffer.from("user-1")));
    expect(options.attestation).toBe("none");
    expect(options.authenticatorSelection).toMatchObject({ residentKey: "required", userVerification: "required" });
    expect(options.excludeCredentials).toEqual([
      { id: existing.credentialId, type: "public-key", transports: ["internal", "hybrid"] },
    ]);
    expect(options.challenge).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const again = await passkeys.registrationOptions(user, []);
    expect(again.challenge).not.toBe(options.challenge);
    expect(again.user.id).toBe(options.user.id);
  });

  it("verifies a valid response into a PasskeyRecord", async () => {
    const authenticator = new SoftwareAuthenticator();
    const options = await passkeys.registrationOptions(user, []);
    const response = authenticator.create(options.challenge);
    const before = Date.now();
    const record = await passkeys.verifyRegistration(JSON.stringify(response), options.challenge, "  My laptop ");
    expect(record).toEqual({
      credentialId: b64url(authenticator.credentialId),
      publicKey: b64url(authenticator.coseKey),
      counter: 0,
      transports: ["internal", "hybrid"],
      name: "My laptop",
      createdAt: expect.any(String),
      lastUsedAt: undefined,
      deviceType: "singleDevice",
      backedUp: false,
    });
    expect(Date.parse(record!.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(passkeys.credentialIdOf(response)).toBe(record!.credentialId);
  });

  it("reports a synced, backed-up passkey and bounds the name", async () => {
    const authenticator = new SoftwareAuthenticator();
    const options = await passkeys.registrationOptions(user, []);
    const response = authenticator.create(options.challenge, { flags: UP | UV | BE | BS });
    const record = await passkeys.verifyRegistration(response, options.challenge, "x".repeat(100));
    expect(record).toMatchObject({ deviceType: "multiDevice", backedUp: true, name: "x".repeat(64) });
    const unnamed = await passkeys.verifyRegistration(
      new SoftwareAuthenticator().create(options.challenge),
      options.challenge,
      "   ",
    );
    expect(unnamed?.name).toBe("Passkey");
  });

  it("refuses a wrong challenge, a wrong origin, another RP, a missing UV flag or a get response", async () => {
    const options = await passkeys.registrationOptions(user, []);
    const other = await passkeys.registrationOptions(user, []);
    const a = new SoftwareAuthenticator();
    const refuse = async (response: unknown, challenge = options.challenge) =>
      expect(await passkeys.verifyRegistration(response, challenge, "Key")).toBeUndefined();
    await refuse(a.create(other.challenge));
    await refuse(a.create(options.challenge), "");
    await refuse(a.create(options.challenge, { origin: "https://evil.example.org" }));
    await refuse(a.create(options.challenge, { origin: "http://login.example.org" }));
    await refuse(new SoftwareAuthenticator("example.org").create(options.challenge));
    await refuse(a.create(options.challenge, { flags: UP }));
    await refuse(a.create(options.challenge, { flags: UV }));
    await refuse(a.create(options.challenge, { type: "webauthn.get" }));
  });

  it("never throws on garbage", async () => {
    const options = await passkeys.registrationOptions(user, []);
    const valid = new SoftwareAuthenticator().create(options.challenge);
    const garbage: unknown[] = [
      undefined,
      null,
      "",
      "{",
      "null",
      "[]",
      42,
      [],
      {},
      { id: 1 },
      { ...valid, rawId: "other" },
      { ...valid, type: "password" },
      { ...valid, id: "not base64url!", rawId: "not base64url!" },
      { ...valid, response: null },
      { ...valid, response: { ...valid.response, attestationObject: "AAAA" } },
      { ...valid, response: { ...valid.response, attestationObject: undefined } },
      { ...valid, response: { ...valid.response, clientDataJSON: b64url(Buffer.from("not json")) } },
      { ...valid, response: { ...valid.response, clientDataJSON: "%%%" } },
      "x".repeat(100_000),
    ];
    for (const input of garbage) {
      expect(await passkeys.verifyRegistration(input, options.challenge, "Key")).toBeUndefined();
      expect(passkeys.credentialIdOf(input)).toBe(
        input === valid || (typeof input === "object" && input !== null && (input as { id?: unknown }).id === valid.id)
          ? valid.id
          : undefined,
      );
    }
  });
});

describe("authentication", () => {
  it("offers options requiring user verification, with or without allowed credentials", async () => {
    const record = await registered();
    const open = await passkeys.authenticationOptions();
    expect(open.rpId).toBe(RP_ID);
    expect(open.userVerification).toBe("required");
    expect(open.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(open.challenge, "base64url")).toHaveLength(32);
    expect(open.allowCredentials ?? []).toEqual([]);
    expect((await passkeys.authenticationOptions([])).allowCredentials ?? []).toEqual([]);
    const allowed = await passkeys.authenticationOptions([record]);
    expect(allowed.allowCredentials).toEqual([
      { id: record.credentialId, type: "public-key", transports: ["internal", "hybrid"] },
    ]);
  });

  it("verifies a valid assertion and returns the new counter", async () => {
    const authenticator = new SoftwareAuthenticator();
    const record = await registered(authenticator);
    const options = await passkeys.authenticationOptions();
    const response = authenticator.get(options.challenge);
    expect(passkeys.credentialIdOf(JSON.stringify(response))).toBe(record.credentialId);
    expect(await passkeys.verifyAuthentication(JSON.stringify(response), options.challenge, record)).toEqual({
      ok: true,
      counter: 1,
      userVerified: true,
    });
  });

  it("accepts counters that stay 0 (synced passkeys) but refuses a replayed or lower counter", async () => {
    const authenticator = new SoftwareAuthenticator();
    const record = await registered(authenticator);
    const options = await passkeys.authenticationOptions();
    expect(
      await passkeys.verifyAuthentication(
        authenticator.get(options.challenge, { counter: 0 }),
        options.challenge,
        record,
      ),
    ).toMatchObject({ ok: true, counter: 0 });
    const used = { ...record, counter: 5 };
    for (const counter of [5, 4, 0]) {
      const response = authenticator.get(options.challenge, { counter });
      expect(await passkeys.verifyAuthentication(response, options.challenge, used)).toEqual({ ok: false });
    }
    expect(
      await passkeys.verifyAuthentication(
        authenticator.get(options.challenge, { counter: 6 }),
        options.challenge,
        used,
      ),
    ).toMatchObject({ ok: true, counter: 6 });
  });

  it("refuses a wrong challenge, origin, RP, missing UV, a wrong key or another passkey's record", async () => {
    const authenticator = new SoftwareAuthenticator();
    const record = await registered(authenticator);
    const otherRecord = await registered();
    const { challenge } = await passkeys.authenticationOptions();
    const { challenge: otherChallenge } = await passkeys.authenticationOptions();
    const refuse = async (response: unknown, passkey = record, expected = challenge) =>
      expect(await passkeys.verifyAuthentication(response, expected, passkey)).toEqual({ ok: false });
    await refuse(authenticator.get(otherChallenge));
    await refuse(authenticator.get(challenge), record, "");
    await refuse(authenticator.get(challenge, { origin: "https://evil.example.org" }));
    await refuse(authenticator.get(challenge, { flags: UP }));
    await refuse(authenticator.get(challenge, { flags: UV }));
    await refuse(authenticator.get(challenge, { key: generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey }));
    await refuse(authenticator.get(challenge), otherRecord);
    await refuse(authenticator.get(challenge), { ...otherRecord, credentialId: record.credentialId });
    const wrongRp = new SoftwareAuthenticator("example.org");
    await refuse(wrongRp.get(challenge), { ...record, credentialId: b64url(wrongRp.credentialId) });
    const tampered = authenticator.get(challenge);
    tampered.response.clientDataJSON = b64url(
      Buffer.from(JSON.stringify({ type: "webauthn.get", challenge, origin: ORIGIN, extra: 1 })),
    );
    await refuse(tampered);
    // and the same, untampered, still works
    expect(await passkeys.verifyAuthentication(authenticator.get(challenge), challenge, record)).toMatchObject({
      ok: true,
    });
  });

  it("never throws on garbage", async () => {
    const authenticator = new SoftwareAuthenticator();
    const record = await registered(authenticator);
    const { challenge } = await passkeys.authenticationOptions();
    const valid = authenticator.get(challenge);
    const garbage: unknown[] = [
      undefined,
      null,
      "",
      "{}",
      "not json",
      7,
      { id: record.credentialId },
      { ...valid, response: { ...valid.response, signature: "AAAA" } },
      { ...valid, response: { ...valid.response, signature: undefined } },
      { ...valid, response: { ...valid.response, authenticatorData: "AAAA" } },
      { ...valid, response: { ...valid.response, userHandle: 12 } },
      { ...valid, rawId: undefined },
    ];
    for (const input of garbage) {
      expect(await passkeys.verifyAuthentication(input, challenge, record)).toEqual({ ok: false });
    }
    expect(await passkeys.verifyAuthentication(valid, challenge, { ...record, publicKey: "AAAA" })).toEqual({
      ok: false,
    });
    expect(passkeys.credentialIdOf("nope")).toBeUndefined();
  });
});

describe("public/js/passkey.js with the server", () => {
  const source = readFileSync(new URL("../../public/js/passkey.js", import.meta.url), "utf8");
  const toArrayBuffer = (text: string) => new Uint8Array(Buffer.from(text, "base64url")).buffer;
  const fromArrayBuffer = (buffer: ArrayBuffer) => Buffer.from(buffer).toString("base64url");

  /** Just enough DOM to run the script: one form with one button, an error box and an "unsupported" notice. */
  function page(action: string, options: unknown, credentials: unknown, supported = true) {
    const errorBox = {
      hidden: true,
      textContent: "",
      attrs: {} as Record<string, string>,
      setAttribute(name: string, value: string) {
        this.attrs[name] = value;
      },
    };
    const unsupported = { hidden: true };
    const inputs: { type: string; name: string; value: string }[] = [];
    const form = {
      submitted: false,
      submit() {
        this.submitted = true;
      },
      querySelector: (selector: string) =>
        selector === "[data-passkey-error]"
          ? errorBox
          : selector === 'input[name="credential"]'
            ? (inputs[0] ?? null)
            : null,
      appendChild: (input: { type: string; name: string; value: string }) => inputs.push(input),
    };
    const attributes: Record<string, string> = {
      "data-passkey-action": action,
      "data-options": JSON.stringify(options),
      "data-error-message": "That did not work.",
    };
    let onClick: ((event: { preventDefault(): void }) => void) | undefined;
    const button = {
      form,
      hidden: false,
      disabled: false,
      getAttribute: (name: string) => attributes[name] ?? null,
      addEventListener: (_type: string, handler: typeof onClick) => (onClick = handler),
    };
    const document = {
      readyState: "complete",
      querySelectorAll: (selector: string) => (selector === "[data-passkey-action]" ? [button] : [unsupported]),
      createElement: () => ({ type: "", name: "", value: "" }),
    };
    const context = vm.createContext({
      window: supported ? { PublicKeyCredential: function PublicKeyCredential() {} } : {},
      navigator: { credentials },
      document,
      atob,
      btoa,
    });
    vm.runInContext(source, context);
    return {
      button,
      form,
      errorBox,
      unsupported,
      inputs,
      async click() {
        onClick!({ preventDefault() {} });
        for (let i = 0; i < 20 && !form.submitted && errorBox.hidden; i++) await new Promise((r) => setTimeout(r, 1));
      },
    };
  }

  it("registers: converts options, posts RegistrationResponseJSON that verifies", async () => {
    const authenticator = new SoftwareAuthenticator();
    const existing = await registered();
    const options = await passkeys.registrationOptions(user, [existing]);
    const credentials = {
      async create({
        publicKey,
      }: {
        publicKey: { challenge: ArrayBuffer; user: { id: ArrayBuffer }; excludeCredentials: { id: ArrayBuffer }[] };
      }) {
        expect(fromArrayBuffer(publicKey.user.id)).toBe(options.user.id);
        expect(fromArrayBuffer(publicKey.excludeCredentials[0]!.id)).toBe(existing.credentialId);
        const json = authenticator.create(fromArrayBuffer(publicKey.challenge));
        return {
          id: json.id,
          rawId: toArrayBuffer(json.rawId),
          type: "public-key",
          authenticatorAttachment: "platform",
          response: {
            clientDataJSON: toArrayBuffer(json.response.clientDataJSON),
            attestationObject: toArrayBuffer(json.response.attestationObject),
            getTransports: () => ["internal"],
          },
          getClientExtensionResults: () => ({}),
        };
      },
    };
    const view = page("register", options, credentials);
    await view.click();
    expect(view.form.submitted).toBe(true);
    expect(view.inputs).toHaveLength(1);
    expect(view.inputs[0]).toMatchObject({ type: "hidden", name: "credential" });
    const record = await passkeys.verifyRegistration(view.inputs[0]!.value, options.challenge, "Laptop");
    expect(record).toMatchObject({ credentialId: b64url(authenticator.credentialId), transports: ["internal"] });
  });

  it("authenticates: posts AuthenticationResponseJSON that verifies", async () => {
    const authenticator = new SoftwareAuthenticator();
    const record = await registered(authenticator);
    const options = await passkeys.authenticationOptions([record]);
    const credentials = {
      async get({ publicKey }: { publicKey: { challenge: ArrayBuffer; allowCredentials: { id: ArrayBuffer }[] } }) {
        expect(fromArrayBuffer(publicKey.allowCredentials[0]!.id)).toBe(record.credentialId);
        const json = authenticator.get(fromArrayBuffer(publicKey.challenge));
        return {
          id: json.id,
          rawId: toArrayBuffer(json.rawId),
          type: "public-key",
          authenticatorAttachment: null,
          response: {
            clientDataJSON: toArrayBuffer(json.response.clientDataJSON),
            authenticatorData: toArrayBuffer(json.response.authenticatorData),
            signature: toArrayBuffer(json.response.signature),
            userHandle: toArrayBuffer(json.response.userHandle),
          },
          getClientExtensionResults: () => ({}),
        };
      },
    };
    const view = page("authenticate", options, credentials);
    await view.click();
    expect(view.form.submitted).toBe(true);
    const value = view.inputs[0]!.value;
    expect(passkeys.credentialIdOf(value)).toBe(record.credentialId);
    expect(await passkeys.verifyAuthentication(value, options.challenge, record)).toMatchObject({
      ok: true,
      counter: 1,
    });
  });

  it("shows the error message and does not submit when the person cancels", async () => {
    const options = await passkeys.authenticationOptions();
    const credentials = { get: () => Promise.reject(new Error("NotAllowedError")) };
    const view = page("authenticate", options, credentials);
    await view.click();
    expect(view.form.submitted).toBe(false);
    expect(view.errorBox).toMatchObject({ hidden: false, textContent: "That did not work.", attrs: { role: "alert" } });
    expect(view.button.disabled).toBe(false);
  });

  it("hides the buttons and shows the notice without WebAuthn", () => {
    const view = page("authenticate", {}, undefined, false);
    expect(view.button.hidden).toBe(true);
    expect(view.unsupported.hidden).toBe(false);
  });
});
