import { describe, expect, it } from "vitest";
import * as loginFactsSeal from "../../src/flows/login-facts.js";
import { createLoginFactsSeal, SEAL_MAX_AGE_MS } from "../../src/flows/login-facts.js";
import { loginFactsOf, type LoginFacts } from "../../src/policy/login-request.js";
import type { OAuth2LoginRequest } from "../../src/hydra.js";

const secret = "s".repeat(40);
const facts: LoginFacts = {
  clientId: "printer",
  clientName: "Photo Printer",
  acrValues: ["2"],
  uiLocales: ["de", "en"],
  sessionId: "hydra-login-session-1",
};
const now = Date.UTC(2026, 10, 27, 12);

describe("login facts sealed into the login form", () => {
  it("opens for the challenge it was made for, with the same facts", () => {
    const seal = createLoginFactsSeal([secret]);
    expect(seal.open("challenge-1", seal.seal("challenge-1", facts, now), now)).toEqual(facts);
    const none = {
      clientId: undefined,
      clientName: "An application",
      acrValues: undefined,
      uiLocales: undefined,
      sessionId: undefined,
    };
    expect(seal.open("challenge-1", seal.seal("challenge-1", none, now), now)).toEqual(none);
  });

  it("does not open for another challenge, another key, or a changed payload or MAC", () => {
    const seal = createLoginFactsSeal([secret]);
    const sealed = seal.seal("challenge-1", facts, now);
    expect(seal.open("challenge-2", sealed, now)).toBeUndefined();
    const otherKey = createLoginFactsSeal(["t".repeat(40)]).seal(
      "challenge-1",
      { ...facts, acrValues: undefined },
      now,
    );
    expect(seal.open("challenge-1", otherKey, now)).toBeUndefined();
    const [payload, mac] = sealed.split(".") as [string, string];
    const [otherPayload] = otherKey.split(".") as [string, string];
    expect(seal.open("challenge-1", `${otherPayload}.${mac}`, now)).toBeUndefined();
    const flipped = mac.slice(0, -3) + (mac.at(-3) === "A" ? "B" : "A") + mac.slice(-2);
    expect(seal.open("challenge-1", `${payload}.${flipped}`, now)).toBeUndefined();
    // The last character's two spare bits: another spelling of the same MAC is not ours either.
    const last = mac.at(-1)!;
    const alias = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".indexOf(last) ^ 1;
    const respelled = mac.slice(0, -1) + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[alias];
    expect(Buffer.from(respelled, "base64url")).toEqual(Buffer.from(mac, "base64url"));
    expect(seal.open("challenge-1", `${payload}.${respelled}`, now)).toBeUndefined();
    expect(seal.open("challenge-1", `${payload}.${mac} `, now)).toBeUndefined();
  });

  it("does not open once older than Hydra's default request lifetime, nor from the future", () => {
    const seal = createLoginFactsSeal([secret]);
    const sealed = seal.seal("c", facts, now);
    expect(seal.open("c", sealed, now + SEAL_MAX_AGE_MS)).toEqual(facts);
    expect(seal.open("c", sealed, now + SEAL_MAX_AGE_MS + 1)).toBeUndefined();
    expect(seal.open("c", sealed, now - 1)).toBeUndefined();
  });

  it("rejects what is not a seal at all without throwing", () => {
    const seal = createLoginFactsSeal([secret]);
    for (const junk of [undefined, null, 42, ["a.b"], { a: 1 }, "", ".", "no-dot", "a".repeat(5000), "%%%.%%%"]) {
      expect(seal.open("challenge-1", junk, now)).toBeUndefined();
    }
  });

  it("follows SESSION_SECRET rotation: the first key seals, every key opens", () => {
    const before = createLoginFactsSeal(["old".repeat(12)]);
    const after = createLoginFactsSeal(["new".repeat(12), "old".repeat(12)]);
    expect(after.open("c", before.seal("c", facts, now), now)).toEqual(facts);
    expect(before.open("c", after.seal("c", facts, now), now)).toBeUndefined();
  });

  it("seals nothing when the facts are too big to carry (the post then asks Hydra)", () => {
    const seal = createLoginFactsSeal([secret]);
    expect(seal.seal("c", { ...facts, clientName: "x".repeat(513) }, now)).toBe("");
    expect(seal.seal("c", { ...facts, acrValues: Array.from({ length: 21 }, () => "1") }, now)).toBe("");
  });

  it("takes from Hydra's login request the client, its name, acr_values and ui_locales (a string or a list)", () => {
    const request = {
      challenge: "c",
      client: { client_id: "printer", client_name: "" },
      oidc_context: { acr_values: ["1"], ui_locales: "fr de" as unknown as string[], login_hint: "x@example.test" },
      request_url: "https://hydra.test/oauth2/auth",
      requested_access_token_audience: [],
      requested_scope: ["openid"],
      skip: false,
      subject: "",
    } as OAuth2LoginRequest;
    expect(loginFactsOf(request)).toEqual({
      clientId: "printer",
      clientName: "printer",
      acrValues: ["1"],
      uiLocales: ["fr", "de"],
    });
  });
});

describe("where the login facts come from", () => {
  it("the seal module seals them; what they are is read from policy/login-request.ts alone (no second way in)", () => {
    expect(Object.keys(loginFactsSeal).sort()).toEqual([
      "SEAL_MAX_AGE_MS",
      "createLoginFactsSeal",
      "factsOfPostedForm",
    ]);
  });
});
