import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consentRequest, loginRequest } from "../support/hydra-admin-stand-in.js";
import { appWithStandIn, formToken, type Harness } from "./app-with-stand-in.js";

/**
 * Every bad request must end on a 4xx page: never a 5xx, never a hang, and never an accept or reject sent to
 * Hydra. Each case gets a browser (agent) with a live session and a valid CSRF token, which it may misuse.
 */
interface Context {
  app: Harness["app"];
  agent: request.Agent;
  token: string;
  /** A valid token of another session. */
  foreignToken: string;
}
type Case = [name: string, status: number, run: (context: Context) => Promise<request.Response>];

const form = (context: Context, fields: Record<string, unknown>) => ({
  _csrf: context.token,
  challenge: "abc",
  ...fields,
});
const post = (context: Context, path: string, fields: Record<string, unknown>) =>
  context.agent.post(path).type("form").send(form(context, fields));
const raw = (context: Context, path: string, body: string) =>
  context.agent.post(path).set("Content-Type", "application/x-www-form-urlencoded").send(body);

const cases: Case[] = [
  // Methods a flow route does not take.
  ["PUT /login", 405, ({ agent }) => agent.put("/login")],
  ["DELETE /login", 405, ({ agent }) => agent.delete("/login?login_challenge=abc")],
  ["PATCH /consent", 405, ({ agent }) => agent.patch("/consent")],
  ["PUT /consent", 405, ({ agent }) => agent.put("/consent").send("x=1")],
  ["PUT /logout", 405, ({ agent }) => agent.put("/logout")],
  ["DELETE /device/verify", 405, ({ agent }) => agent.delete("/device/verify")],
  ["PATCH /error", 405, ({ agent }) => agent.patch("/error")],
  ["OPTIONS /login", 405, ({ agent }) => agent.options("/login")],
  // Bodies that are not HTML forms.
  [
    "JSON to /login",
    415,
    ({ agent, token }) => agent.post("/login").send({ _csrf: token, challenge: "abc", action: "accept" }),
  ],
  [
    "text/plain to /login",
    415,
    ({ agent }) => agent.post("/login").set("Content-Type", "text/plain").send("action=accept"),
  ],
  ["multipart to /login", 415, ({ agent }) => agent.post("/login").field("action", "accept")],
  ["XML to /login", 415, ({ agent }) => agent.post("/login").set("Content-Type", "application/xml").send("<a/>")],
  ["no content type to /login", 415, ({ agent }) => agent.post("/login")],
  ["JSON to /consent", 415, ({ agent }) => agent.post("/consent").send({ action: "accept" })],
  ["text/plain to /logout", 415, ({ agent }) => agent.post("/logout").set("Content-Type", "text/plain").send("x")],
  ["JSON to /device/verify", 415, ({ agent }) => agent.post("/device/verify").send({ user_code: "X" })],
  // CSRF.
  [
    "no CSRF token on /login",
    403,
    (c) =>
      c.agent
        .post("/login")
        .type("form")
        .send({ challenge: "abc", action: "accept", email: "foo@bar.com", password: "foobar" }),
  ],
  [
    "a wrong CSRF token on /login",
    403,
    (c) => post(c, "/login", { _csrf: "forged-token", action: "accept", email: "foo@bar.com", password: "foobar" }),
  ],
  [
    "a token of another session on /login",
    403,
    (c) => post(c, "/login", { _csrf: c.foreignToken, action: "accept", email: "foo@bar.com", password: "foobar" }),
  ],
  [
    "a token without the session cookie",
    403,
    (c) =>
      request(c.app)
        .post("/login")
        .type("form")
        .send(form(c, { action: "accept", email: "foo@bar.com", password: "foobar" })),
  ],
  [
    "no CSRF token on /consent",
    403,
    (c) => c.agent.post("/consent").type("form").send({ challenge: "abc", action: "accept", grant_scope: "openid" }),
  ],
  ["a wrong CSRF token on /logout", 403, (c) => post(c, "/logout", { _csrf: "nope", action: "accept" })],
  [
    "no CSRF token on /device/verify",
    403,
    (c) => c.agent.post("/device/verify").type("form").send({ challenge: "abc", user_code: "X" }),
  ],
  // The token counts only in the form body: never from the URL (logs, Referer) or a header.
  [
    "the CSRF token only in the query string",
    403,
    (c) =>
      c.agent
        .post(`/login?_csrf=${encodeURIComponent(c.token)}`)
        .type("form")
        .send({ challenge: "abc", action: "accept", email: "foo@bar.com", password: "foobar" }),
  ],
  [
    "the CSRF token only in a header",
    403,
    (c) =>
      c.agent
        .post("/login")
        .set("X-CSRF-Token", c.token)
        .set("CSRF-Token", c.token)
        .type("form")
        .send({ challenge: "abc", action: "accept", email: "foo@bar.com", password: "foobar" }),
  ],
  // Cross-site posts, refused even with a valid token and cookie.
  [
    "a post from another site (Sec-Fetch-Site: cross-site)",
    403,
    (c) =>
      post(c, "/login", { action: "accept", email: "foo@bar.com", password: "foobar" }).set(
        "Sec-Fetch-Site",
        "cross-site",
      ),
  ],
  [
    "a post with a foreign Origin",
    403,
    (c) => post(c, "/consent", { action: "accept", grant_scope: "openid" }).set("Origin", "https://evil.example"),
  ],
  [
    "a deny from a foreign Origin",
    403,
    (c) => post(c, "/login", { action: "reject" }).set("Origin", "http://127.0.0.1.evil.example"),
  ],
  ["a repeated CSRF field", 403, (c) => post(c, "/login", { _csrf: [c.token, c.token], action: "accept" })],
  // The challenge inside forms.
  [
    "no challenge in the login form",
    400,
    (c) =>
      c.agent
        .post("/login")
        .type("form")
        .send({ _csrf: c.token, action: "accept", email: "foo@bar.com", password: "foobar" }),
  ],
  ["an empty challenge", 400, (c) => post(c, "/login", { challenge: "", action: "reject" })],
  ["a repeated challenge", 400, (c) => post(c, "/login", { challenge: ["abc", "def"], action: "reject" })],
  ["an oversized challenge", 400, (c) => post(c, "/login", { challenge: "a".repeat(5000), action: "reject" })],
  ["a challenge with markup", 400, (c) => post(c, "/consent", { challenge: "<script>", action: "reject" })],
  [
    "no challenge in the consent form",
    400,
    (c) => c.agent.post("/consent").type("form").send({ _csrf: c.token, action: "accept" }),
  ],
  ["a repeated challenge on /logout", 400, (c) => post(c, "/logout", { challenge: ["a", "b"], action: "accept" })],
  [
    "a garbage challenge on /device/verify",
    400,
    (c) => post(c, "/device/verify", { challenge: "a b c", user_code: "X" }),
  ],
  // Which button was pressed.
  ["no action", 400, (c) => post(c, "/login", { email: "foo@bar.com", password: "foobar" })],
  ["an unknown action", 400, (c) => post(c, "/login", { action: "maybe" })],
  ["a repeated action", 400, (c) => post(c, "/consent", { action: ["accept", "reject"] })],
  ["an unknown logout action", 400, (c) => post(c, "/logout", { action: "delete-everything" })],
  [
    "an action in bad percent-encoding",
    400,
    (c) => raw(c, "/login", `_csrf=${encodeURIComponent(c.token)}&challenge=abc&action=%E0%A4%A`),
  ],
  // Field sizes and shapes.
  [
    "an oversized email",
    400,
    (c) => post(c, "/login", { action: "accept", email: `${"a".repeat(300)}@example.test`, password: "x" }),
  ],
  [
    "an oversized password",
    400,
    (c) => post(c, "/login", { action: "accept", email: "foo@bar.com", password: "p".repeat(2000) }),
  ],
  [
    "a repeated email",
    400,
    (c) => post(c, "/login", { action: "accept", email: ["foo@bar.com", "x@y.z"], password: "foobar" }),
  ],
  [
    "a body over 32 kB",
    413,
    (c) => post(c, "/login", { action: "accept", email: "foo@bar.com", password: "x".repeat(40_000) }),
  ],
  ["more than 100 fields", 413, (c) => raw(c, "/login", Array.from({ length: 150 }, (_, i) => `f${i}=1`).join("&"))],
  ["an oversized device code", 400, (c) => post(c, "/device/verify", { user_code: "X".repeat(100) })],
  // Query strings.
  ["a bad percent-encoding in the path", 404, ({ agent }) => agent.get("/login%ZZ")],
  ["a device challenge with a stray percent", 400, ({ agent }) => agent.get("/device/verify?device_challenge=%ZZ")],
  [
    "a repeated device challenge",
    400,
    ({ agent }) => agent.get("/device/verify?device_challenge=a&device_challenge=b"),
  ],
  [
    "a consent challenge as an array",
    400,
    ({ agent }) => agent.get("/consent?consent_challenge=a&consent_challenge=a"),
  ],
  ["a logout challenge with spaces", 400, ({ agent }) => agent.get("/logout?logout_challenge=a%20b")],
  // Control characters: stripped from what is echoed, and a wrong sign-in is still only a 401.
  [
    "NUL bytes in the email",
    401,
    (c) => post(c, "/login", { action: "accept", email: "foo\u0000@bar.com", password: "wrong" }),
  ],
  ["a device code of control characters only", 400, (c) => post(c, "/device/verify", { user_code: "\u0000\u0007" })],
];

describe("bad input never gets a 5xx", () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await appWithStandIn();
    harness.hydra.answer("login", "abc", { status: 200, body: loginRequest("abc") });
    harness.hydra.answer("consent", "abc", { status: 200, body: consentRequest("abc") });
  });
  afterAll(() => harness.close());

  it(`has at least 40 cases (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)("%s → %i page", async (_name, status, run) => {
    const agent = request.agent(harness.app);
    const token = await formToken(agent, "/login?login_challenge=abc");
    const foreignToken = await formToken(request.agent(harness.app), "/login?login_challenge=abc");
    const before = harness.hydra.seen.filter((call) => call.method === "PUT").length;

    const response = await run({ app: harness.app, agent, token, foreignToken });
    expect(response.status).toBe(status);
    expect(response.headers["content-type"]).toContain("text/html");
    expect(response.text).toContain("<h1>");
    expect(harness.hydra.seen.filter((call) => call.method === "PUT").length).toBe(before);
  });

  it("a CSRF failure offers to reopen the same flow", async () => {
    const agent = request.agent(harness.app);
    await formToken(agent, "/login?login_challenge=abc");
    const response = await agent
      .post("/login")
      .type("form")
      .send({ _csrf: "stale", challenge: "abc", action: "accept" });
    expect(response.status).toBe(403);
    expect(response.text).toContain("This form has expired");
    expect(response.text).toContain('href="/login?login_challenge=abc"');
  });
});
