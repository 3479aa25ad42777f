import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loginRequest } from "../support/hydra-admin-stand-in.js";
import { createLoginFactsSeal } from "../../src/flows/login-facts.js";
import { csrfTokenOf } from "../support/forms.js";
import { appWithStandIn, formToken, type Harness } from "./app-with-stand-in.js";

let harness: Harness;
beforeEach(async () => {
  harness = await appWithStandIn({ REMEMBER_LOGIN_FOR: "3600" });
});
afterEach(() => harness.close());

const challenge = "login-challenge-1";

describe("GET /login", () => {
  it.each([
    ["missing", "/login", "The link has no sign-in request in it."],
    ["empty", "/login?login_challenge=", "The link has no sign-in request in it."],
    ["repeated", "/login?login_challenge=a&login_challenge=b", "The sign-in request in the link is not valid."],
    ["oversized", `/login?login_challenge=${"a".repeat(4097)}`, "The sign-in request in the link is not valid."],
    ["garbage characters", "/login?login_challenge=%3Cscript%3E", "The sign-in request in the link is not valid."],
    ["bracket syntax", "/login?login_challenge[]=a", "The link has no sign-in request in it."],
  ])("a %s challenge gets a 400 page and nothing is sent to Hydra", async (_case, url, text) => {
    const response = await request(harness.app).get(url);
    expect(response.status).toBe(400);
    expect(response.text).toContain(text);
    expect(harness.hydra.seen).toHaveLength(0);
  });

  it("an unknown challenge (Hydra 404) gets a 404 page", async () => {
    const response = await request(harness.app).get(`/login?login_challenge=${challenge}`);
    expect(response.status).toBe(404);
    expect(response.text).toContain("This sign-in request does not exist.");
    expect(harness.hydra.calls("login", "get")[0]?.query).toEqual({ login_challenge: challenge });
  });

  it("an expired challenge (Hydra 401) says the sign-in took too long", async () => {
    harness.hydra.answer("login", challenge, { status: 401, body: { error: "request_unauthorized" } });
    const response = await request(harness.app).get(`/login?login_challenge=${challenge}`);
    expect(response.status).toBe(401);
    expect(response.text).toContain("The sign-in took too long");
    expect(response.text).toContain("Go back to the application and sign in again.");
  });

  it("a handled challenge (Hydra 410) sends the browser to redirect_to", async () => {
    harness.hydra.answer("login", challenge, {
      status: 410,
      body: { redirect_to: "https://hydra.test/oauth2/auth?again=1" },
    });
    const response = await request(harness.app).get(`/login?login_challenge=${challenge}`);
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe("https://hydra.test/oauth2/auth?again=1");
  });

  it("skip: accepts at once with the request's subject and shows nothing", async () => {
    harness.hydra.answer("login", challenge, {
      status: 200,
      body: loginRequest(challenge, { skip: true, subject: "foo@bar.com" }),
    });
    const response = await request(harness.app).get(`/login?login_challenge=${challenge}`);
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe(`https://hydra.test/after-login-accept?challenge=${challenge}`);
    expect(harness.hydra.calls("login", "accept")[0]?.body).toEqual({ subject: "foo@bar.com" });
  });

  it("skip for a subject that is no account (removed since): rejected, never accepted", async () => {
    harness.hydra.answer("login", challenge, {
      status: 200,
      body: loginRequest(challenge, { skip: true, subject: "user-42" }),
    });
    const response = await request(harness.app).get(`/login?login_challenge=${challenge}`);
    expect(response.status).toBe(403);
    expect(response.text).toContain("This account cannot sign in");
    expect(harness.hydra.calls("login", "accept")).toHaveLength(0);
    expect(harness.hydra.calls("login", "reject")[0]?.body).toMatchObject({ error: "access_denied" });
  });

  it("shows the form with the page contract's ids, the client, and login_hint in the email", async () => {
    harness.hydra.answer("login", challenge, {
      status: 200,
      body: loginRequest(challenge, { oidc_context: { login_hint: "hint@example.test" } }),
    });
    const response = await request(harness.app).get(`/login?login_challenge=${challenge}`);
    expect(response.status).toBe(200);
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.text).toContain("<h1>Please log in</h1>");
    for (const id of ["email", "password", "remember", "accept", "reject"])
      expect(response.text).toContain(`id="${id}"`);
    expect(response.text).toContain('value="hint@example.test"');
    expect(response.text).toContain("Photo Printer wants you to sign in.");
    expect(response.text).toContain(`name="challenge" value="${challenge}"`);
  });
});

describe("POST /login", () => {
  async function post(form: Record<string, string>) {
    harness.hydra.answer("login", challenge, { status: 200, body: loginRequest(challenge) });
    const agent = request.agent(harness.app);
    const csrf = await formToken(agent, `/login?login_challenge=${challenge}`);
    return agent
      .post("/login")
      .type("form")
      .send({ _csrf: csrf, challenge, ...form });
  }

  it("the right password accepts with the account id, remember, remember_for, acr and amr", async () => {
    const response = await post({ action: "accept", email: "  FOO@bar.com ", password: "foobar", remember: "1" });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`https://hydra.test/after-login-accept?challenge=${challenge}`);
    expect(harness.hydra.calls("login", "accept")[0]?.body).toEqual({
      subject: "foo@bar.com",
      remember: true,
      remember_for: 3600,
      acr: "1",
      amr: ["pwd"],
    });
  });

  it("without remember, Hydra is told not to remember", async () => {
    await post({ action: "accept", email: "foo@bar.com", password: "foobar" });
    expect(harness.hydra.calls("login", "accept")[0]?.body).toEqual({
      subject: "foo@bar.com",
      remember: false,
      remember_for: 0,
      acr: "1",
      amr: ["pwd"],
    });
  });

  it.each([
    ["a wrong password", "foo@bar.com", "wrong"],
    ["an unknown account", "nobody@example.test", "foobar"],
  ])(
    "%s re-renders the form with a 401, the email kept and the challenge intact, and accepts nothing",
    async (_case, email, password) => {
      const response = await post({ action: "accept", email, password });
      expect(response.status).toBe(401);
      expect(response.text).toContain("The email or password is not correct. Please try again.");
      expect(response.text).toContain(`value="${email}"`);
      expect(response.text).toContain(`name="challenge" value="${challenge}"`);
      expect(harness.hydra.calls("login", "accept")).toHaveLength(0);
    },
  );

  it("missing email or password re-renders with a 400", async () => {
    const response = await post({ action: "accept", email: "foo@bar.com", password: "" });
    expect(response.status).toBe(400);
    expect(response.text).toContain("Please enter your email and password.");
  });

  it("deny rejects with access_denied and follows Hydra", async () => {
    const response = await post({ action: "reject" });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`https://hydra.test/after-login-reject?challenge=${challenge}`);
    expect(harness.hydra.calls("login", "reject")[0]?.body).toEqual({
      error: "access_denied",
      error_description: "The resource owner denied the request",
    });
  });

  const factsOf = (html: string) => /name="facts" value="([^"]+)"/.exec(html)?.[1];

  /** The login form posted from `page` (a GET /login answer), its sealed facts replaced by `facts`. */
  function postFrom(agent: request.Agent, page: { text: string }, facts: string | undefined, password = "foobar") {
    return agent
      .post("/login")
      .type("form")
      .send({ _csrf: csrfTokenOf(page.text), challenge, facts, action: "accept", email: "foo@bar.com", password });
  }

  it("the form carries Hydra's facts sealed: the post accepts without asking Hydra for the request again", async () => {
    harness.hydra.answer("login", challenge, { status: 200, body: loginRequest(challenge) });
    const agent = request.agent(harness.app);
    const page = await agent.get(`/login?login_challenge=${challenge}`);
    const facts = factsOf(page.text);
    expect(facts).toMatch(/^[\w-]+\.[\w-]+$/);
    const response = await postFrom(agent, page, facts);
    expect(response.status).toBe(303);
    expect(harness.hydra.calls("login", "get")).toHaveLength(1);
    expect(harness.hydra.calls("login", "accept")).toHaveLength(1);
  });

  it("a seal made for another challenge, or a forged one, is ignored: the post asks Hydra", async () => {
    const other = "login-challenge-2";
    for (const id of [challenge, other]) harness.hydra.answer("login", id, { status: 200, body: loginRequest(id) });
    const agent = request.agent(harness.app);
    const otherFacts = factsOf((await agent.get(`/login?login_challenge=${other}`)).text);
    const page = await agent.get(`/login?login_challenge=${challenge}`);
    // A well-formed seal for this very challenge, made with a key that is not ours.
    const forged = createLoginFactsSeal(["not-our-secret".repeat(3)]).seal(challenge, {
      clientId: "evil",
      clientName: "Evil",
      acrValues: undefined,
      uiLocales: undefined,
      sessionId: undefined,
    });
    for (const facts of [otherFacts, forged]) expect((await postFrom(agent, page, facts)).status).toBe(303);
    const asked = harness.hydra.calls("login", "get").filter((call) => call.query.login_challenge === challenge);
    expect(asked).toHaveLength(3);
  });

  it("a wrong password with a seal re-renders the form with the same seal, and the page in the request's language", async () => {
    harness.hydra.answer("login", challenge, {
      status: 200,
      body: loginRequest(challenge, { oidc_context: { ui_locales: ["de"] } }),
    });
    const agent = request.agent(harness.app);
    const page = await agent.get(`/login?login_challenge=${challenge}`);
    const facts = factsOf(page.text);
    const response = await postFrom(agent, page, facts, "nope");
    expect(response.status).toBe(401);
    expect(response.text).toContain('<html lang="de"');
    expect(response.text).toContain(`name="facts" value="${facts}"`);
    expect(harness.hydra.calls("login", "get")).toHaveLength(1);
  });

  it.each([
    [401, { error: "request_unauthorized" }, "The sign-in took too long"],
    [404, { error: "Not Found" }, "This sign-in request does not exist."],
  ])(
    "with a seal, a challenge Hydra refuses at accept (%i) ends on the same page as before",
    async (status, body, text) => {
      harness.hydra.answer("login", challenge, { status: 200, body: loginRequest(challenge) });
      const agent = request.agent(harness.app);
      const page = await agent.get(`/login?login_challenge=${challenge}`);
      harness.hydra.answer("login", challenge, { status, body }, "accept");
      const response = await postFrom(agent, page, factsOf(page.text));
      expect(response.status).toBe(status);
      expect(response.text).toContain(text);
    },
  );

  it("with a seal, a challenge handled meanwhile (410 at accept) sends the browser to Hydra's redirect_to", async () => {
    harness.hydra.answer("login", challenge, { status: 200, body: loginRequest(challenge) });
    const agent = request.agent(harness.app);
    const page = await agent.get(`/login?login_challenge=${challenge}`);
    const again = "https://hydra.test/oauth2/auth?again=1";
    harness.hydra.answer("login", challenge, { status: 410, body: { redirect_to: again } }, "accept");
    const response = await postFrom(agent, page, factsOf(page.text));
    expect([302, 303]).toContain(response.status);
    expect(response.headers.location).toBe(again);
  });

  it("an accept Hydra no longer knows (404) gets a 404 page, not a 500", async () => {
    harness.hydra.answer("login", challenge, { status: 404, body: { error: "Not Found" } }, "accept");
    const response = await post({ action: "accept", email: "foo@bar.com", password: "foobar" });
    expect(response.status).toBe(404);
  });
});
