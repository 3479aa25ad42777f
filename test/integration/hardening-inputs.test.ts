import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { retryUrlFor } from "../../src/http/retry-url.js";
import { consentRequest, loginRequest } from "../support/hydra-admin-stand-in.js";
import { appWithStandIn, formToken, type Harness } from "./app-with-stand-in.js";

let harness: Harness;
afterEach(() => harness.close());

describe("consent page ids and words", () => {
  it("scopes named like the page's own controls get a prefixed id; ordinary ones keep #<scope>", async () => {
    harness = await appWithStandIn();
    harness.hydra.answer("consent", "abc", {
      status: 200,
      body: consentRequest("abc", { requested_scope: ["openid", "remember", "accept", "content", "scope-remember"] }),
    });
    const page = await request(harness.app).get("/consent?consent_challenge=abc");
    expect(page.status).toBe(200);
    expect(page.text).toContain('id="openid" name="grant_scope" value="openid"');
    expect(page.text).toContain('id="scope-remember" name="grant_scope" value="remember"');
    expect(page.text).toContain('id="scope-accept" name="grant_scope" value="accept"');
    expect(page.text).toContain('id="scope-content" name="grant_scope" value="content"');
    expect(page.text).toContain('id="scope-scope-remember" name="grant_scope" value="scope-remember"');
    // The page's own controls keep their ids, each exactly once.
    for (const id of ["remember", "accept", "content"]) expect(page.text.split(`id="${id}"`)).toHaveLength(2);

    // Ticking "Remember this decision" remembers; it grants no scope called "remember".
    const agent = request.agent(harness.app);
    const token = await formToken(agent, "/consent?consent_challenge=abc");
    await agent
      .post("/consent")
      .type("form")
      .send({ _csrf: token, challenge: "abc", action: "accept", grant_scope: "openid", remember: "1" })
      .expect(303);
    expect(harness.hydra.calls("consent", "accept")[0]?.body).toMatchObject({
      grant_scope: ["openid"],
      remember: true,
    });
  });

  it("a scope named `unknown` gets the generic sentence with its name, not a placeholder", async () => {
    harness = await appWithStandIn();
    harness.hydra.answer("consent", "abc", {
      status: 200,
      body: consentRequest("abc", { requested_scope: ["unknown", "scopeFallback"] }),
    });
    const page = await request(harness.app).get("/consent?consent_challenge=abc");
    expect(page.text).toContain("Use the permission “unknown”");
    expect(page.text).toContain("Use the permission “scopeFallback”");
    expect(page.text).not.toContain("{scope}");
  });

  it("an http: logo is not rendered (the image policy would block it); https is", async () => {
    harness = await appWithStandIn();
    harness.hydra.answer("consent", "abc", {
      status: 200,
      body: consentRequest("abc", { client: { client_id: "c", logo_uri: "http://plain.example.test/logo.png" } }),
    });
    const page = await request(harness.app).get("/consent?consent_challenge=abc");
    expect(page.status).toBe(200);
    expect(page.text).not.toContain("plain.example.test");
    expect(page.text).not.toContain('class="logo"');
  });
});

describe("echoed fields", () => {
  it("NUL and other control characters are stripped from what the page shows back", async () => {
    harness = await appWithStandIn({ LOGIN_FAILURE_DELAY_MS: "0" });
    harness.hydra.answer("login", "abc", { status: 200, body: loginRequest("abc") });
    const hinted = await request(harness.app).get("/login?login_challenge=abc&login_hint=a%00b%07c%1B@x.test");
    expect(hinted.text).toContain('value="abc@x.test"');
    const agent = request.agent(harness.app);
    const token = await formToken(agent, "/login?login_challenge=abc");
    const failed = await agent
      .post("/login")
      .type("form")
      .send({ _csrf: token, challenge: "abc", action: "accept", email: "nul\u0000l@x.test\u0085", password: "x" });
    expect(failed.status).toBe(401);
    expect(failed.text).toContain('value="null@x.test"');
    expect(failed.text).not.toContain("\u0000");
    const device = await request(harness.app).get("/device/verify?device_challenge=abc&user_code=AB%00CD");
    expect(device.text).toContain('value="ABCD"');
    const error = await request(harness.app).get("/error?error=bad%00thing");
    expect(error.text).toContain("badthing");
  });
});

describe("links we build", () => {
  it("with Hydra down, a request in absolute form gets a relative Try again link, never the request's host", async () => {
    harness = await appWithStandIn();
    await harness.hydra.stop();
    harness.hydra.stop = async () => undefined;
    const page = await request(harness.app)
      .get("/login?login_challenge=abc")
      .set("Host", "evil.example")
      .set("X-Forwarded-Host", "evil.example");
    expect(page.status).toBe(503);
    expect(page.text).toContain('id="retry" href="/login?login_challenge=abc"');
    expect(page.text).not.toContain("evil.example");
  });

  it("retryUrlFor takes only the declared path and the challenge, whatever the URL looked like", () => {
    const get = (path: string, query: Record<string, string>) => retryUrlFor({ method: "GET", path, query, body: {} });
    expect(get("/login", { login_challenge: "abc", login_hint: "x" })).toBe("/login?login_challenge=abc");
    expect(get("/consent", { consent_challenge: "a b" })).toBeUndefined();
    expect(get("//evil.example/login", { login_challenge: "abc" })).toBeUndefined();
    expect(get("/logged-out", {})).toBe("/logged-out");
    expect(retryUrlFor({ method: "POST", path: "/device/verify", query: {}, body: { challenge: "d" } })).toBe(
      "/device/verify?device_challenge=d",
    );
  });
});

describe("GET /logged-out", () => {
  it("is Hydra's post-logout page: says the person is signed out", async () => {
    harness = await appWithStandIn();
    const page = await request(harness.app).get("/logged-out");
    expect(page.status).toBe(200);
    expect(page.text).toContain("You are signed out");
  });
});
