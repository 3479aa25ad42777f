import { describe, expect, it } from "vitest";
import { AppError } from "../../src/errors.js";
import { guardedUserStore } from "../../src/identity/guarded-store.js";
import { demoAccount, MemoryUserStore } from "../../src/identity/memory-store.js";
import type { PasskeyRecord } from "../../src/identity/factors/types.js";
import { DuplicatePasskeyError, UnknownAccountError } from "../../src/identity/store.js";

const passkey: PasskeyRecord = {
  credentialId: "cred-1",
  publicKey: "AQID",
  counter: 0,
  transports: [],
  name: "Passkey",
  createdAt: new Date(0).toISOString(),
  lastUsedAt: undefined,
  deviceType: "multiDevice",
  backedUp: true,
};

async function refusal(call: Promise<unknown>): Promise<AppError> {
  const error: unknown = await call.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("the user store as the routes see it", () => {
  it("an account removed while in use: 410 with a page that says so, not 'try again'", async () => {
    const users = guardedUserStore(new MemoryUserStore([await demoAccount()]));
    const error = await refusal(users.getFactors("no-such-account"));
    expect(error).toMatchObject({ status: 410, reason: "account" });
    expect(error.cause).toBeInstanceOf(UnknownAccountError);
  });

  it("a passkey saved already (one answer posted twice at once): 409", async () => {
    const store = new MemoryUserStore([await demoAccount()]);
    const users = guardedUserStore(store);
    await users.addPasskey("foo@bar.com", passkey);
    const error = await refusal(users.addPasskey("foo@bar.com", passkey));
    expect(error).toMatchObject({ status: 409, reason: "passkey_taken" });
    expect(error.cause).toBeInstanceOf(DuplicatePasskeyError);
  });

  it("anything else, thrown or rejected: our 503", async () => {
    const store = new MemoryUserStore([await demoAccount()]);
    const users = guardedUserStore(store);
    store.findById = () => Promise.reject(new Error("connection refused"));
    expect(await refusal(users.findById("foo@bar.com"))).toMatchObject({ status: 503 });
    store.findByEmail = () => {
      throw new Error("file unreadable");
    };
    expect(await refusal(users.findByEmail("foo@bar.com"))).toMatchObject({ status: 503 });
  });
});
