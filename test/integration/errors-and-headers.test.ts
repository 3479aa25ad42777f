import express from "express";
import session from "express-session";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { cookieName } from "../../src/http/cookie-names.js";
import { sessionMiddleware } from "../../src/http/session.js";
import { consentRequest, loginRequest } from "../support/hydra-admin-stand-in.js";
import { appWithStandIn, formToken, type Harness } from "./app-with-stand-in.js";

let harness: Harness;
afterEach(() => harness.close());

describe("GET /error and unknown pages", () => {
  it("a known code in our words; the description and hint only as the service's quoted words, escaped", async () => {
    harness = await appWithStandIn();
    const response = await request(harness.app).get("/error").query({
      error: "invalid_request",
      error_description: '<script>alert("x")</script>',
      error_hint: "<img src=x onerror=alert(1)>",
    });
    expect(response.status).toBe(200);
    expect(response.text).toContain(
      '<p id="error-explanation">The application sent a request that this sign-in service cannot handle.',
    );
    expect(response.text).toContain('<code id="error-code">invalid_request</code>');
    expect(response.text).toContain("<strong>The service said:</strong>");
    expect(response.text).toContain('<q id="error-description">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</q>');
    expect(response.text).toContain('<q id="error-hint">&lt;img src=x onerror=alert(1)&gt;</q>');
    expect(response.text).not.toContain("<script>");
    expect(response.text).toContain('href="/"');
  });

  it("an unknown code gets the generic sentence and is shown only quoted, never as our words", async () => {
    harness = await appWithStandIn();
    const lure = "Your account is locked. Call +1 555 0100 to unlock it";
    const response = await request(harness.app).get("/error").query({ error: lure });
    expect(response.status).toBe(200);
    expect(response.text).toContain(
      '<p id="error-explanation">The application or the sign-in service reported a problem.</p>',
    );
    expect(response.text).toContain("<strong>The service said:</strong>");
    expect(response.text).toContain(`<q><code id="error-code">${lure}</code></q>`);
    // Once, inside the quote; not in the title or the explanation. The language menu carries the page's query back
    // as hidden fields (a value, never text), so it is left out of the count.
    const shown = response.text.replace(/<nav class="languages"[\s\S]*?<\/nav>/, "");
    expect(shown.split(lure)).toHaveLength(2);
  });

  it.each([
    ["access_denied", "Access was declined"],
    ["login_required", "without showing you a sign-in"],
    ["invalid_client", "not set up correctly"],
    ["request_unauthorized", "expired or was used already"],
    ["server_error", "had a problem on its side"],
  ])("%s is explained in our words, with no quoted part when nothing else came", async (code, words) => {
    harness = await appWithStandIn();
    const response = await request(harness.app).get("/error").query({ error: code });
    expect(response.text).toContain(words);
    expect(response.text).toContain(`<code id="error-code">${code}</code>`);
    expect(response.text).not.toContain("The service said:");
  });

  it("is in the person's language: German words and the service's text still quoted", async () => {
    harness = await appWithStandIn();
    const response = await request(harness.app)
      .get("/error")
      .set("Accept-Language", "de")
      .query({ error: "access_denied", error_description: "The resource owner denied the request" });
    expect(response.text).toContain("Der Zugriff wurde abgelehnt");
    expect(response.text).toContain("Der Dienst meldete:");
    expect(response.text).toContain('<q id="error-description">The resource owner denied the request</q>');
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
    // same-origin, not no-referrer: under no-referrer Chromium posts our own forms with `Origin: null`.
    expect(response.headers["referrer-policy"]).toBe("same-origin");
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

  it("on https the CSRF cookie is __Host- prefixed (Secure, Path=/, no Domain), and its pair still works", async () => {
    harness = await appWithStandIn({ BASE_URL: "https://login.example.test", TRUST_PROXY: "loopback" });
    harness.hydra.answer("consent", "abc", { status: 200, body: consentRequest("abc") });
    const agent = request.agent(harness.app);
    const page = await agent.get("/consent?consent_challenge=abc").set("X-Forwarded-Proto", "https").expect(200);
    const cookies = page.headers["set-cookie"] as unknown as string[];
    expect(cookies).toHaveLength(1);
    const cookie = cookies[0]!;
    expect(cookie).toMatch(/^__Host-hlc\.csrf=s%3A/);
    expect(cookie).toContain("Secure");
    expect(cookie).toContain("Path=/;");
    expect(cookie).not.toMatch(/Domain=/i);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? "";
    // supertest's agent keeps Secure cookies only for https URLs: send the pair by hand, as the browser would.
    const pair = cookie.split(";")[0]!;
    const posted = await request(harness.app)
      .post("/consent")
      .set("X-Forwarded-Proto", "https")
      .set("Origin", "https://login.example.test")
      .set("Cookie", pair)
      .type("form")
      .send({ _csrf: csrf, challenge: "abc", action: "reject" });
    expect(posted.status).toBe(303);
    // The same pair under the old, unprefixed name is not read: a sibling subdomain could have planted that one.
    const planted = await request(harness.app)
      .post("/consent")
      .set("X-Forwarded-Proto", "https")
      .set("Origin", "https://login.example.test")
      .set("Cookie", pair.replace(/^__Host-/, ""))
      .type("form")
      .send({ _csrf: csrf, challenge: "abc", action: "reject" });
    expect(planted.status).toBe(403);
    expect(planted.text).toContain("This form has expired");
  });

  it("the session cookie is __Host-hlc.sid on https and hlc.sid on http", async () => {
    for (const secure of [true, false]) {
      const app = express();
      app.set("trust proxy", "loopback");
      app.use(
        sessionMiddleware({ secrets: ["s".repeat(32)], secure, store: new session.MemoryStore(), maxAgeMs: 60_000 }),
      );
      app.get("/", (req, res) => {
        (req.session as unknown as Record<string, unknown>).seen = true;
        res.send("ok");
      });
      const response = await request(app).get("/").set("X-Forwarded-Proto", "https").expect(200);
      const cookie = (response.headers["set-cookie"] as unknown as string[])[0] ?? "";
      expect(cookie.split("=")[0]).toBe(cookieName("hlc.sid", secure));
      expect(cookie).toContain("Path=/;");
      expect(cookie).not.toMatch(/Domain=/i);
      if (secure) expect(cookie).toMatch(/^__Host-hlc\.sid=.*; Secure/);
    }
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

describe("Origin of form posts", () => {
  async function postConsentWith(origin: string | undefined) {
    harness.hydra.answer("consent", "abc", { status: 200, body: consentRequest("abc") });
    const agent = request.agent(harness.app);
    const csrf = await formToken(agent, "/consent?consent_challenge=abc");
    const post = agent.post("/consent").type("form");
    if (origin !== undefined) post.set("Origin", origin);
    return post.send({ _csrf: csrf, challenge: "abc", action: "reject" });
  }

  it("Origin: null with a valid CSRF pair is refused with 403 before Hydra is asked", async () => {
    harness = await appWithStandIn();
    const response = await postConsentWith("null");
    expect(response.status).toBe(403);
    expect(response.text).toContain("This form was sent from another site");
    expect(harness.hydra.calls("consent", "reject")).toHaveLength(0);
  });

  it("Origin: null is refused even when Sec-Fetch-Site claims same-origin", async () => {
    harness = await appWithStandIn();
    harness.hydra.answer("logout", "abc", { status: 200, body: { challenge: "abc", subject: "foo@bar.com" } });
    const agent = request.agent(harness.app);
    const csrf = await formToken(agent, "/logout?logout_challenge=abc");
    const response = await agent
      .post("/logout")
      .set("Origin", "null")
      .set("Sec-Fetch-Site", "same-origin")
      .type("form")
      .send({ _csrf: csrf, challenge: "abc", action: "accept" });
    expect(response.status).toBe(403);
    expect(harness.hydra.calls("logout", "accept")).toHaveLength(0);
  });

  it("our own origin (BASE_URL), or none (an old browser), with the pair goes through", async () => {
    harness = await appWithStandIn({ BASE_URL: "http://login.example.test" });
    expect((await postConsentWith(undefined)).status).toBe(303);
    expect((await postConsentWith("http://login.example.test")).status).toBe(303);
    expect((await postConsentWith("http://other.example.test")).status).toBe(403);
  });
});
