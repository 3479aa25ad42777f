import { describe, expect, it } from "vitest";
import { createLoginFactsSeal, loginFactsOf, type LoginFacts } from "../../src/flows/login-facts.js";
import type { OAuth2LoginRequest } from "../../src/hydra.js";

const secret = "s".repeat(40);
const facts: LoginFacts = {
  clientId: "printer",
  clientName: "Photo Printer",
  acrValues: ["2"],
  uiLocales: ["de", "en"],
};

describe("login facts sealed into the login form", () => {
  it("opens for the challenge it was made for, with the same facts", () => {
    const seal = createLoginFactsSeal([secret]);
    expect(seal.open("challenge-1", seal.seal("challenge-1", facts))).toEqual(facts);
    const none = { clientId: undefined, clientName: "An application", acrValues: undefined, uiLocales: undefined };
    expect(seal.open("challenge-1", seal.seal("challenge-1", none))).toEqual(none);
  });

  it("does not open for another challenge, another key, or a changed payload or MAC", () => {
    const seal = createLoginFactsSeal([secret]);
    const sealed = seal.seal("challenge-1", facts);
    expect(seal.open("challenge-2", sealed)).toBeUndefined();
    expect(createLoginFactsSeal(["t".repeat(40)]).open("challenge-1", sealed)).toBeUndefined();
    const [payload, mac] = sealed.split(".") as [string, string];
    const forged = Buffer.from(JSON.stringify(["other-client", "Other", null, null])).toString("base64url");
    expect(seal.open("challenge-1", `${forged}.${mac}`)).toBeUndefined();
    expect(seal.open("challenge-1", `${payload}.${mac.slice(0, -2)}`)).toBeUndefined();
    expect(seal.open("challenge-1", `${payload}.`)).toBeUndefined();
  });

  it("rejects what is not a seal at all without throwing", () => {
    const seal = createLoginFactsSeal([secret]);
    for (const junk of [undefined, null, 42, ["a.b"], { a: 1 }, "", ".", "no-dot", "a".repeat(5000), "%%%.%%%"]) {
      expect(seal.open("challenge-1", junk)).toBeUndefined();
    }
  });

  it("follows SESSION_SECRET rotation: the first key seals, every key opens", () => {
    const before = createLoginFactsSeal(["old".repeat(12)]);
    const after = createLoginFactsSeal(["new".repeat(12), "old".repeat(12)]);
    expect(after.open("c", before.seal("c", facts))).toEqual(facts);
    expect(before.open("c", after.seal("c", facts))).toBeUndefined();
  });

  it("takes from Hydra's login request exactly the client, its name, acr_values and ui_locales", () => {
    const request = {
      challenge: "c",
      client: { client_id: "printer", client_name: "" },
      oidc_context: { acr_values: ["1"], ui_locales: ["fr"], login_hint: "x@example.test" },
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
      uiLocales: ["fr"],
    });
  });
});
