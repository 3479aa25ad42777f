import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { loginRequest } from "../support/hydra-admin-stand-in.js";
import { appWithStandIn, type Harness } from "./app-with-stand-in.js";

let harness: Harness;
afterEach(() => harness.close());

describe("GET /error and unknown pages", () => {
  it("renders Hydra's error, description and hint, escaped", async () => {
    harness = await appWithStandIn();
    const response = await request(harness.app).get("/error").query({
      error: "invalid_request",
      error_description: '<script>alert("x")</script>',
      error_hint: "<img src=x onerror=alert(1)>",
    });
    expect(response.status).toBe(200);
    expect(response.text).toContain("invalid_request");
    expect(response.text).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(response.text).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(response.text).not.toContain("<script>");
    expect(response.text).toContain('href="/"');
  });

  it("GET / answers 200 and an unknown route gets the 404 page", async () => {
    harness = await appWithStandIn();
    expect((await request(harness.app).get("/")).status).toBe(200);
    const missing = await request(harness.app).get("/nowhere");
    expect(missing.status).toBe(404);
    expect(missing.text).toContain("Page not found");
  });
});

describe("Hydra unreachable or slow", () => {
  it("refused connections get a 503 page with a retry link and Retry-After", async () => {
    harness = await appWithStandIn();
    await harness.hydra.stop();
    const response = await request(harness.app).get("/login?login_challenge=abc");
    expect(response.status).toBe(503);
    expect(response.headers["retry-after"]).toBe("5");
    expect(response.text).toContain("The sign-in service is not available");
    expect(response.text).toContain('id="retry" href="/login?login_challenge=abc"');
    harness.hydra.stop = async () => undefined; // already stopped
  });

  it("a Hydra slower than HYDRA_TIMEOUT_MS gets a 503, not a hang", async () => {
    harness = await appWithStandIn({ HYDRA_TIMEOUT_MS: "200" });
    harness.hydra.answer("login", "slow", { status: 200, body: loginRequest("slow"), delayMs: 2000 });
    const started = Date.now();
    const response = await request(harness.app).get("/login?login_challenge=slow");
    expect(response.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("Hydra's 5xx is a 503 for the person", async () => {
    harness = await appWithStandIn();
    harness.hydra.answer("consent", "broken", { status: 500, body: { error: "internal" } });
    expect((await request(harness.app).get("/consent?consent_challenge=broken")).status).toBe(503);
  });
});

describe("what the admin client sends", () => {
  it("MOCK_TLS_TERMINATION adds X-Forwarded-Proto: https; ORY_API_KEY becomes a bearer token", async () => {
    harness = await appWithStandIn({ MOCK_TLS_TERMINATION: "true", ORY_API_KEY: "ory_pat_test" });
    await request(harness.app).get("/login?login_challenge=abc");
    const seen = harness.hydra.seen[0];
    expect(seen?.headers["x-forwarded-proto"]).toBe("https");
    expect(seen?.headers.authorization).toBe("Bearer ory_pat_test");
  });

  it("without them, neither header is sent", async () => {
    harness = await appWithStandIn();
    await request(harness.app).get("/login?login_challenge=abc");
    expect(harness.hydra.seen[0]?.headers["x-forwarded-proto"]).toBeUndefined();
    expect(harness.hydra.seen[0]?.headers.authorization).toBeUndefined();
  });
});

describe("security headers", () => {
  it("every flow page: strict CSP, no framing, no referrer, no caching", async () => {
    harness = await appWithStandIn();
    harness.hydra.answer("login", "abc", { status: 200, body: loginRequest("abc") });
    const response = await request(harness.app).get("/login?login_challenge=abc");
    const csp = response.headers["content-security-policy"] ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("form-action");
    expect(response.headers["x-frame-options"]).toBe("DENY");
    expect(response.headers["referrer-policy"]).toBe("no-referrer");
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.headers["strict-transport-security"]).toBeUndefined();
    expect(response.headers["x-powered-by"]).toBeUndefined();
    // The form's CSRF secret is a signed cookie; no session exists for a visitor who has not signed in.
    expect(response.headers["set-cookie"]).toHaveLength(1);
    const cookie = response.headers["set-cookie"]?.[0] ?? "";
    expect(cookie).toMatch(/^hlc\.csrf=s%3A/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).not.toContain("Secure");
  });

  it("with an https BASE_URL behind a trusted proxy: Secure cookies and HSTS", async () => {
    harness = await appWithStandIn({ BASE_URL: "https://login.example.test", TRUST_PROXY: "loopback" });
    harness.hydra.answer("login", "abc", { status: 200, body: loginRequest("abc") });
    const response = await request(harness.app).get("/login?login_challenge=abc").set("X-Forwarded-Proto", "https");
    expect(response.headers["strict-transport-security"]).toContain("max-age=31536000");
    expect(response.headers["set-cookie"]?.[0]).toContain("Secure");
  });

  it("signing in stores no session and sets no session cookie (the flows need none)", async () => {
    harness = await appWithStandIn();
    harness.hydra.answer("login", "abc", { status: 200, body: loginRequest("abc") });
    const agent = request.agent(harness.app);
    const page = await agent.get("/login?login_challenge=abc");
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? "";
    const posted = await agent
      .post("/login")
      .type("form")
      .send({ _csrf: csrf, challenge: "abc", action: "accept", email: "foo@bar.com", password: "foobar" })
      .expect(303);
    expect(posted.headers["set-cookie"] ?? []).toEqual([]);
  });
});
