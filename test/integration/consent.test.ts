import pino from "pino";
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { demoAccount, MemoryUserStore } from "../../src/identity/memory-store.js";
import { consentRequest } from "../support/hydra-admin-stand-in.js";
import { appWithStandIn, formToken, type Harness } from "./app-with-stand-in.js";

let harness: Harness;
beforeEach(async () => {
  harness = await appWithStandIn({ TRUSTED_CLIENT_IDS: "first-party", REMEMBER_CONSENT_FOR: "7200" });
});
afterEach(() => harness.close());

const challenge = "consent-challenge-1";
const claims = { email: "foo@bar.com", email_verified: true };
const profileClaims = {
  name: "Foo Bar",
  given_name: "Foo",
  family_name: "Bar",
  preferred_username: "foo",
  locale: "en",
};

describe("GET /consent", () => {
  it("a missing challenge gets a 400 page without asking Hydra", async () => {
    const response = await request(harness.app).get("/consent?consent_challenge=a&consent_challenge=b");
    expect(response.status).toBe(400);
    expect(harness.hydra.seen).toHaveLength(0);
  });

  it.each([
    ["Hydra's skip (remembered)", { skip: true }],
    ["the client's skip_consent", { client: { client_id: "client-1", skip_consent: true } }],
    ["a client in TRUSTED_CLIENT_IDS", { client: { client_id: "first-party" } }],
  ])(
    "%s: accepts every requested scope and audience at once, with the same claims as a shown consent",
    async (_case, overrides) => {
      harness.hydra.answer("consent", challenge, { status: 200, body: consentRequest(challenge, overrides) });
      const response = await request(harness.app).get(`/consent?consent_challenge=${challenge}`);
      expect(response.status).toBe(302);
      expect(response.headers.location).toBe(`https://hydra.test/after-consent-accept?challenge=${challenge}`);
      expect(harness.hydra.calls("consent", "accept")[0]?.body).toEqual({
        grant_scope: ["openid", "email", "profile"],
        grant_access_token_audience: ["https://api.example.test"],
        remember: false,
        remember_for: 0,
        session: { id_token: { ...claims, ...profileClaims } },
      });
    },
  );

  it("shows the client, the person, one checkbox per scope (id = scope) and the audiences", async () => {
    harness.hydra.answer("consent", challenge, {
      status: 200,
      body: consentRequest(challenge, {
        requested_scope: ["openid", "offline_access", "custom.read"],
        client: {
          client_id: "client-1",
          client_name: "Photo Printer",
          logo_uri: "https://printer.example.test/logo.png",
          policy_uri: "javascript:alert(1)",
          tos_uri: "https://printer.example.test/terms",
        },
      }),
    });
    const response = await request(harness.app).get(`/consent?consent_challenge=${challenge}`);
    expect(response.status).toBe(200);
    expect(response.text).toContain("An application requests access to your data!");
    expect(response.text).toContain("Photo Printer wants to access your account.");
    // The email once, in "Signed in as … Not you?"; the logo is decorative beside the client's name.
    expect(response.text.split("foo@bar.com").length - 1).toBe(1);
    expect(response.text).toContain("Signed in as foo@bar.com.");
    expect(response.text).toMatch(
      /<img class="logo" src="https:\/\/printer\.example\.test\/logo\.png" alt="" width="64" height="64">/,
    );
    for (const scope of ["openid", "offline_access", "custom.read"]) {
      expect(response.text).toContain(`id="${scope}" name="grant_scope" value="${scope}"`);
    }
    expect(response.text).toContain("Stay connected when you are not using it");
    expect(response.text).toContain("Use the permission “custom.read”");
    expect(response.text).toContain("https://api.example.test");
    expect(response.text).toContain('src="https://printer.example.test/logo.png"');
    expect(response.text).toContain('href="https://printer.example.test/terms"');
    expect(response.text).not.toContain("javascript:");
    expect(harness.hydra.calls("consent", "accept")).toHaveLength(0);
  });
});

describe("POST /consent", () => {
  async function post(form: Record<string, string | string[]>, overrides: Record<string, unknown> = {}) {
    harness.hydra.answer("consent", challenge, { status: 200, body: consentRequest(challenge, overrides) });
    const agent = request.agent(harness.app);
    const csrf = await formToken(agent, `/consent?consent_challenge=${challenge}`);
    return agent
      .post("/consent")
      .type("form")
      .send({ _csrf: csrf, challenge, ...form });
  }

  it("grants only requested and ticked scopes: a forged one is dropped; claims follow the granted scopes", async () => {
    const response = await post({
      action: "accept",
      grant_scope: ["openid", "email", "admin", "offline_access"],
      remember: "1",
    });
    expect(response.status).toBe(303);
    expect(harness.hydra.calls("consent", "accept")[0]?.body).toEqual({
      grant_scope: ["openid", "email"],
      grant_access_token_audience: ["https://api.example.test"],
      remember: true,
      remember_for: 7200,
      session: { id_token: claims },
    });
  });

  it("a forged audience field cannot widen the audience", async () => {
    await post({ action: "accept", grant_scope: "openid", grant_access_token_audience: "https://evil.example.test" });
    expect(harness.hydra.calls("consent", "accept")[0]?.body).toMatchObject({
      grant_scope: ["openid"],
      grant_access_token_audience: ["https://api.example.test"],
      session: { id_token: {} },
    });
  });

  it("nothing ticked grants nothing, and succeeds", async () => {
    const response = await post({ action: "accept" });
    expect(response.status).toBe(303);
    expect(harness.hydra.calls("consent", "accept")[0]?.body).toMatchObject({ grant_scope: [], remember: false });
  });

  it("deny rejects with access_denied", async () => {
    const response = await post({ action: "reject", grant_scope: "openid" });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`https://hydra.test/after-consent-reject?challenge=${challenge}`);
    expect(harness.hydra.calls("consent", "reject")[0]?.body).toEqual({
      error: "access_denied",
      error_description: "The resource owner denied the request",
    });
    expect(harness.hydra.calls("consent", "accept")).toHaveLength(0);
  });
});

describe("CONFORMITY_FAKE_CLAIMS", () => {
  it("puts the fixed claims of every granted scope into the id_token", async () => {
    await harness.close();
    harness = await appWithStandIn({ CONFORMITY_FAKE_CLAIMS: "1" });
    harness.hydra.answer("consent", challenge, {
      status: 200,
      body: consentRequest(challenge, { skip: true, requested_scope: ["openid", "phone"] }),
    });
    await request(harness.app).get(`/consent?consent_challenge=${challenge}`).expect(302);
    expect(harness.hydra.calls("consent", "accept")[0]?.body).toMatchObject({
      session: { id_token: { phone_number: "+1 555 0100", phone_number_verified: true } },
    });
  });
});

describe("the host the consent page promises", () => {
  const show = async (client: Record<string, unknown>, requestUrl: string) => {
    harness.hydra.answer("consent", challenge, {
      status: 200,
      body: consentRequest(challenge, { client: { client_id: "client-1", ...client }, request_url: requestUrl }),
    });
    return request(harness.app).get(`/consent?consent_challenge=${challenge}`).expect(200);
  };

  it("names the host of the registered redirect URIs, not the query's redirect_uri (a request object wins in Hydra)", async () => {
    const page = await show(
      { redirect_uris: ["https://app.example.test/cb", "https://app.example.test/cb2"] },
      "https://hydra.test/oauth2/auth?client_id=client-1&redirect_uri=https%3A%2F%2Fevil.example.test%2Fcb",
    );
    expect(page.text).toContain('id="redirect-host"');
    const destination = /<p class="destination" id="redirect-host">([^<]*)<\/p>/.exec(page.text)?.[1];
    expect(destination).toBe("After this, you will be sent to app.example.test.");
  });

  it("names no host when the client may be sent to more than one", async () => {
    const page = await show(
      { redirect_uris: ["https://app.example.test/cb", "https://other.example.test/cb"] },
      "https://hydra.test/oauth2/auth?client_id=client-1&redirect_uri=https%3A%2F%2Fapp.example.test%2Fcb",
    );
    expect(page.text).not.toContain('id="redirect-host"');
    expect(page.text).not.toContain("you will be sent to");
  });
});

describe("the remember box", () => {
  it.each([
    ["1", true],
    ["", false],
    ["0", false],
    ["on", false],
  ])("remember=%j → remember %s", async (value, remembered) => {
    harness.hydra.answer("consent", challenge, { status: 200, body: consentRequest(challenge) });
    const agent = request.agent(harness.app);
    const csrf = await formToken(agent, `/consent?consent_challenge=${challenge}`);
    await agent
      .post("/consent")
      .type("form")
      .send({ _csrf: csrf, challenge, action: "accept", grant_scope: "openid", remember: value })
      .expect(303);
    expect(harness.hydra.calls("consent", "accept")[0]?.body).toMatchObject({
      remember: remembered,
      remember_for: remembered ? 7200 : 0,
    });
  });
});

describe("consent for an account that cannot sign in", () => {
  let lines: string[];
  beforeEach(async () => {
    await harness.close();
    lines = [];
    const demo = await demoAccount();
    const disabled = { ...demo, id: "disabled-1", email: "off@example.test", disabled: true };
    harness = await appWithStandIn(
      { TRUSTED_CLIENT_IDS: "first-party" },
      {
        users: new MemoryUserStore([demo, disabled]),
        logger: pino({ level: "info" }, { write: (line: string) => lines.push(line) }),
      },
    );
  });
  const auditLines = () =>
    lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.audit !== undefined);

  function expectRefused(response: request.Response) {
    expect(response.status).toBe(403);
    expect(response.text).toContain("This account cannot sign in");
    expect(response.text).not.toContain('id="retry"');
    expect(harness.hydra.calls("consent", "accept")).toHaveLength(0);
    expect(harness.hydra.calls("consent", "reject")[0]?.body).toEqual({
      error: "access_denied",
      error_description: "The account cannot sign in: it is disabled or no longer exists.",
    });
  }

  it.each([
    ["a disabled account", "disabled-1", "account_disabled", {}],
    ["a removed account", "removed-1", "account_missing", {}],
    ["a disabled account on a remembered consent", "disabled-1", "account_disabled", { skip: true }],
    ["a removed account on a trusted client", "removed-1", "account_missing", { client: { client_id: "first-party" } }],
  ])("GET with %s: rejected with access_denied and a 403 page", async (_case, subject, reason, overrides) => {
    harness.hydra.answer("consent", challenge, {
      status: 200,
      body: consentRequest(challenge, { subject, ...overrides }),
    });
    const response = await request(harness.app).get(`/consent?consent_challenge=${challenge}`);
    expectRefused(response);
    expect(auditLines()).toContainEqual(
      expect.objectContaining({ audit: "consent.denied", subject, client: expect.any(String), reason }),
    );
  });

  it("POST accept for an account disabled since the page was shown: rejected, nothing granted", async () => {
    harness.hydra.answer("consent", challenge, { status: 200, body: consentRequest(challenge) });
    const agent = request.agent(harness.app);
    const csrf = await formToken(agent, `/consent?consent_challenge=${challenge}`);
    // Between the page and the click the account is disabled: Hydra's request now names it.
    harness.hydra.answer("consent", challenge, {
      status: 200,
      body: consentRequest(challenge, { subject: "disabled-1" }),
    });
    const response = await agent
      .post("/consent")
      .type("form")
      .send({ _csrf: csrf, challenge, action: "accept", grant_scope: ["openid", "email"], remember: "1" });
    expectRefused(response);
  });

  it("consent.denied by the person names the subject, the client and the IP", async () => {
    harness.hydra.answer("consent", challenge, { status: 200, body: consentRequest(challenge) });
    const agent = request.agent(harness.app);
    const csrf = await formToken(agent, `/consent?consent_challenge=${challenge}`);
    await agent.post("/consent").type("form").send({ _csrf: csrf, challenge, action: "reject" }).expect(303);
    const denied = auditLines().find((line) => line.audit === "consent.denied");
    expect(denied).toMatchObject({ subject: "foo@bar.com", client: "client-1", reason: "person_denied" });
    expect(denied?.ip).toMatch(/127\.0\.0\.1/);
  });
});
