import { writeFileSync } from "node:fs";
import request from "supertest";
import YAML from "yaml";
import { afterEach, describe, expect, it } from "vitest";
import { currentTotp } from "../../src/identity/factors/totp.js";
import { readUsersFile } from "../../src/identity/users-file.js";
import { csrfTokenOf } from "../support/forms.js";
import { callbackFromProvider, federation, LOCAL_PASSWORD, startAtProvider } from "./support.js";

let world: Awaited<ReturnType<typeof federation>> | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function setUp(...args: Parameters<typeof federation>) {
  world = await federation(...args);
  return world;
}

const CHALLENGE = "challenge-upstream";
const acceptBody = (w: typeof world) => w!.accepts().at(-1)?.body as { subject: string; amr: string[]; acr: string };
const linksIn = (w: NonNullable<typeof world>) =>
  readUsersFile(w.users.file).flatMap((record) =>
    (record.provider_links ?? []).map((link) => ({ id: record.id, provider: link.provider, subject: link.subject })),
  );

async function postLinkPage(agent: request.Agent, fields: Record<string, string>, challenge = CHALLENGE) {
  const page = await agent.get(`/login/link-provider?login_challenge=${challenge}`).expect(200);
  return agent
    .post("/login/link-provider")
    .type("form")
    .send({ _csrf: csrfTokenOf(page.text), challenge, action: "accept", ...fields });
}

describe("the login page", () => {
  it("shows one button per provider, #provider-<id>, with its name", async () => {
    const w = await setUp();
    const page = await request(w.app).get(`/login?login_challenge=${CHALLENGE}`).expect(200);
    expect(page.text).toContain('id="provider-corp"');
    expect(page.text).toContain('formaction="/login/provider/corp"');
    expect(page.text).toContain("Sign in with Corp SSO");
    const german = await request(w.app).get(`/login?login_challenge=${CHALLENGE}`).set("Accept-Language", "de");
    expect(german.text).toContain("Mit Corp SSO anmelden");
  });

  it("the button sends the browser to the provider with PKCE, state, nonce, login_hint and ui_locales", async () => {
    const w = await setUp({}, { loginRequest: { oidc_context: { ui_locales: ["de", "en"] } } });
    const started = await startAtProvider(request.agent(w.app), CHALLENGE, { email: "someone@corp.example" });
    expect(started.status).toBe(303);
    const url = new URL(started.headers.location!);
    expect(url.origin + "/").toBe(w.issuer.issuer);
    expect(url.searchParams.get("redirect_uri")).toBe("http://127.0.0.1:3999/login/provider/corp/callback");
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("state")).toMatch(/^[\w-]{40,}$/);
    expect(url.searchParams.get("nonce")).toMatch(/^[\w-]{40,}$/);
    expect(url.searchParams.get("login_hint")).toBe("someone@corp.example");
    expect(url.searchParams.get("ui_locales")).toBe("de en");
    expect(String(started.headers["set-cookie"])).toMatch(/hlc\.upstream=[\w-]{43}; .*HttpOnly/);
  });

  it("upstream=<id> in the client's request skips our page", async () => {
    const w = await setUp(
      {},
      { loginRequest: { request_url: "https://hydra.test/oauth2/auth?client_id=x&upstream=corp" } },
    );
    const page = await request(w.app).get(`/login?login_challenge=${CHALLENGE}`);
    expect(page.status).toBe(303);
    expect(page.headers.location).toContain(`${w.issuer.issuer}authorize?`);
  });

  it("home-realm discovery: an address of the provider's domain goes to it, a local account's to its password", async () => {
    const w = await setUp({ domains: ["corp.example"] });
    const agent = request.agent(w.app);
    const page = await agent.get(`/login?login_challenge=${CHALLENGE}`).expect(200);
    const post = (email: string) =>
      agent
        .post("/login")
        .type("form")
        .send({ _csrf: csrfTokenOf(page.text), challenge: CHALLENGE, action: "accept", email, password: "" });
    const stranger = await post("someone@corp.example");
    expect(stranger.status).toBe(303);
    expect(new URL(stranger.headers.location!).searchParams.get("login_hint")).toBe("someone@corp.example");
    const local = await post("local@corp.example");
    expect(local.status).toBe(400); // the password form again: this account signs in with its password
    const elsewhere = await post("someone@other.example");
    expect(elsewhere.status).toBe(400);
  });
});

describe("first sign-in with a provider", () => {
  it("link: create makes an account (email_verified as the provider says) and signs it in; later sign-ins follow the link, not the email", async () => {
    const w = await setUp();
    w.issuer.state.person = { sub: "up-42", email: "New@Corp.example", email_verified: true, name: "New Person" };
    const agent = request.agent(w.app);
    const done = await agent.get(await callbackFromProvider(agent, CHALLENGE));
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe("https://hydra.test/after/acceptLoginRequest");
    const created = readUsersFile(w.users.file).find((record) => record.email === "new@corp.example")!;
    expect(created.email_verified).toBe(true);
    expect(created.claims.name).toBe("New Person");
    expect(created.provider_links).toEqual([
      expect.objectContaining({ provider: "corp", subject: "up-42", created_account: true }),
    ]);
    expect(acceptBody(w)).toMatchObject({ subject: created.id, amr: ["fed"], acr: "1" });
    // Its password is random and told to nobody, and the account says so until "Forgot password" sets one.
    expect(created.password_unset).toBe(true);

    // The upstream changes the person's email: the link (provider, sub) still names the same account.
    w.issuer.state.person = { sub: "up-42", email: "renamed@corp.example", email_verified: true };
    const again = await agent.get(await callbackFromProvider(agent, "challenge-2"));
    expect(again.status).toBe(303);
    expect(acceptBody(w).subject).toBe(created.id);
    expect(readUsersFile(w.users.file).filter((record) => record.email.endsWith("@corp.example"))).toHaveLength(4);
  });

  it("the client secret goes by HTTP Basic by default, in the form with token_endpoint_auth_method: client_secret_post", async () => {
    const basic = await setUp();
    const agent = request.agent(basic.app);
    expect((await agent.get(await callbackFromProvider(agent, CHALLENGE))).status).toBe(303);
    expect(basic.issuer.state.clientAuth).toBe("basic");
    await basic.close();
    const post = await setUp({ token_endpoint_auth_method: "client_secret_post" });
    const other = request.agent(post.app);
    expect((await other.get(await callbackFromProvider(other, CHALLENGE))).status).toBe(303);
    expect(post.issuer.state.clientAuth).toBe("post");
  });

  // h19 finding 2 (test H1, reversed): an address the provider did not verify makes no account, so nobody can
  // squat someone else's address (and keep it through the owner's password reset).
  it("an unverified address makes no account: the person is sent to the link page to prove an account of theirs", async () => {
    const w = await setUp();
    w.issuer.state.person = { sub: "attacker-sub", email: "victim@elsewhere.example", email_verified: false };
    const attacker = request.agent(w.app);
    const back = await attacker.get(await callbackFromProvider(attacker, CHALLENGE));
    expect(back.status).toBe(303);
    expect(back.headers.location).toBe(`/login/link-provider?login_challenge=${CHALLENGE}`);
    expect(readUsersFile(w.users.file).find((record) => record.email === "victim@elsewhere.example")).toBeUndefined();
    expect(linksIn(w)).toEqual([]);
    expect(w.accepts()).toHaveLength(0);
    // The link page asks for an account here and links only after its password.
    expect((await postLinkPage(attacker, { email: "local@corp.example", password: "wrong-one" })).status).toBe(401);
    expect(linksIn(w)).toEqual([]);
    // email_verified absent is not true either.
    w.issuer.state.person = { sub: "up-43", email: "unverified@corp.example" };
    const other = request.agent(w.app);
    expect((await other.get(await callbackFromProvider(other, "challenge-2"))).status).toBe(303);
    expect(readUsersFile(w.users.file).find((record) => record.email === "unverified@corp.example")).toBeUndefined();
  });

  // h19 finding 11: an address that is not one is a refusal with its own page, not a 503.
  it("a malformed upstream address is a refusal (403 with a way back), not a 503; nothing is made", async () => {
    const w = await setUp();
    w.issuer.state.person = { sub: "up-bad", email: "not-an-address", email_verified: true };
    const agent = request.agent(w.app);
    const refused = await agent.get(await callbackFromProvider(agent, CHALLENGE));
    expect(refused.status).toBe(403);
    expect(refused.text).toContain("did not give an email address");
    expect(refused.text).toContain(`/login?login_challenge=${CHALLENGE}`);
    expect(readUsersFile(w.users.file)).toHaveLength(3);
    expect(linksIn(w)).toEqual([]);
  });

  // h19 finding 3 (test H1's first half, reversed): `link: create` is subject to REGISTRATION.
  for (const registration of ["off", "invite"]) {
    it(`REGISTRATION=${registration}: a verified stranger makes no account and is asked to prove one here; its password links it`, async () => {
      const w = await setUp({}, { env: { REGISTRATION: registration } });
      w.issuer.state.person = { sub: "up-50", email: "stranger@corp.example", email_verified: true };
      const agent = request.agent(w.app);
      const back = await agent.get(await callbackFromProvider(agent, CHALLENGE));
      expect(back.headers.location).toBe(`/login/link-provider?login_challenge=${CHALLENGE}`);
      expect(readUsersFile(w.users.file).find((record) => record.email === "stranger@corp.example")).toBeUndefined();
      const linked = await postLinkPage(agent, { email: "local@corp.example", password: LOCAL_PASSWORD });
      expect(linked.status).toBe(303);
      expect(linksIn(w)).toEqual([{ id: "u-local", provider: "corp", subject: "up-50" }]);
      expect(acceptBody(w).subject).toBe("u-local");
    });
  }

  it("REGISTRATION_DOMAINS limits what link: create makes: another domain is sent to the link page", async () => {
    const w = await setUp({}, { env: { REGISTRATION_DOMAINS: "corp.example" } });
    w.issuer.state.person = { sub: "up-60", email: "someone@other.example", email_verified: true };
    const agent = request.agent(w.app);
    const back = await agent.get(await callbackFromProvider(agent, CHALLENGE));
    expect(back.headers.location).toBe(`/login/link-provider?login_challenge=${CHALLENGE}`);
    expect(readUsersFile(w.users.file).find((record) => record.email === "someone@other.example")).toBeUndefined();
    w.issuer.state.person = { sub: "up-61", email: "someone@corp.example", email_verified: true };
    const inDomain = request.agent(w.app);
    expect((await inDomain.get(await callbackFromProvider(inDomain, "challenge-2"))).headers.location).toBe(
      "https://hydra.test/after/acceptLoginRequest",
    );
    expect(readUsersFile(w.users.file).find((record) => record.email === "someone@corp.example")).toBeDefined();
  });

  it("an email that is a local account's is never linked nor duplicated without that account's password", async () => {
    const w = await setUp();
    w.issuer.state.person = { sub: "up-evil", email: "local@corp.example", email_verified: true };
    const agent = request.agent(w.app);
    const callback = await agent.get(await callbackFromProvider(agent, CHALLENGE));
    expect(callback.status).toBe(303);
    expect(callback.headers.location).toBe(`/login/link-provider?login_challenge=${CHALLENGE}`);
    const page = await agent.get(callback.headers.location!).expect(200);
    for (const id of ["email", "password", "accept"]) expect(page.text).toContain(`id="${id}"`);
    expect(page.text).toMatch(/id="email" name="email" value="local@corp.example"[^>]*readonly/);
    const wrong = await postLinkPage(agent, { password: "not-it" });
    expect(wrong.status).toBe(401);
    // Another address typed into the form changes nothing: the proof is that account's or none.
    const other = await postLinkPage(agent, { email: "totp@corp.example", password: LOCAL_PASSWORD + "x" });
    expect(other.status).toBe(401);
    expect(w.accepts()).toHaveLength(0);
    expect(linksIn(w)).toEqual([]);
    expect(readUsersFile(w.users.file)).toHaveLength(3);
  });

  it("the same email with its password links that account and signs it in", async () => {
    const w = await setUp();
    w.issuer.state.person = { sub: "up-7", email: "local@corp.example", email_verified: true, amr: ["pwd"] };
    const agent = request.agent(w.app);
    await agent.get(await callbackFromProvider(agent, CHALLENGE)).expect(303);
    const linked = await postLinkPage(agent, { password: LOCAL_PASSWORD });
    expect(linked.status).toBe(303);
    expect(acceptBody(w)).toMatchObject({ subject: "u-local", amr: ["pwd"], acr: "1" });
    expect(linksIn(w)).toEqual([{ id: "u-local", provider: "corp", subject: "up-7" }]);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the notice goes out after the answer
    expect(w.sent).toEqual([{ to: "local@corp.example", what: "email.notice.providerLinked" }]);
  });

  it("an account whose address is unconfirmed while sign-up is open: its password signs it in, but no link is made", async () => {
    const w = await setUp();
    // u-local as if it had signed up here and never confirmed its address.
    const records = readUsersFile(w.users.file).map((record) =>
      record.id === "u-local" ? { ...record, email_verified: false } : record,
    );
    writeFileSync(w.users.file, YAML.stringify(records));
    w.users.reload();
    w.issuer.state.person = { sub: "up-8", email: "local@corp.example", email_verified: true, amr: ["pwd"] };
    const agent = request.agent(w.app);
    await agent.get(await callbackFromProvider(agent, CHALLENGE)).expect(303);
    const answer = await postLinkPage(agent, { password: LOCAL_PASSWORD });
    expect(answer.status).toBe(303);
    expect(acceptBody(w)).toMatchObject({ subject: "u-local" });
    expect(linksIn(w)).toEqual([]);
  });

  it("link: existing asks a local account's password, then its second factor; the link is made only after both", async () => {
    const w = await setUp({ link: "existing" });
    w.issuer.state.person = { sub: "up-8", email: "whatever@elsewhere.example" };
    const agent = request.agent(w.app);
    const callback = await agent.get(await callbackFromProvider(agent, CHALLENGE));
    expect(callback.headers.location).toBe(`/login/link-provider?login_challenge=${CHALLENGE}`);
    const page = await agent.get(callback.headers.location!).expect(200);
    expect(page.text).toMatch(/id="email" name="email" value="whatever@elsewhere.example"/);
    const password = await postLinkPage(agent, { email: "totp@corp.example", password: LOCAL_PASSWORD });
    expect(password.status).toBe(303);
    expect(password.headers.location).toBe(`/login/second-factor?login_challenge=${CHALLENGE}`);
    expect(linksIn(w)).toEqual([]);
    const step = await agent.get(password.headers.location!).expect(200);
    const code = await agent
      .post("/login/second-factor")
      .type("form")
      .send({ _csrf: csrfTokenOf(step.text), challenge: CHALLENGE, action: "accept", code: currentTotp(w.totpSecret) });
    expect(code.status).toBe(303);
    expect(acceptBody(w)).toMatchObject({ subject: "u-totp", acr: "2" });
    expect(acceptBody(w).amr).toEqual(expect.arrayContaining(["fed", "pwd", "otp"]));
    expect(linksIn(w)).toEqual([{ id: "u-totp", provider: "corp", subject: "up-8" }]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(w.sent).toEqual([{ to: "totp@corp.example", what: "email.notice.providerLinked" }]);
  });

  it("link: none refuses a stranger with a way back to the sign-in", async () => {
    const w = await setUp({ link: "none" });
    const agent = request.agent(w.app);
    const refused = await agent.get(await callbackFromProvider(agent, CHALLENGE));
    expect(refused.status).toBe(403);
    expect(refused.text).toContain("does not make new ones");
    expect(refused.text).toContain(`/login?login_challenge=${CHALLENGE}`);
    expect(w.accepts()).toHaveLength(0);
  });

  it("allowed_domains: an address of another domain is refused", async () => {
    const w = await setUp({ allowed_domains: ["corp.example"] });
    w.issuer.state.person = { sub: "up-9", email: "someone@gmail.example" };
    const agent = request.agent(w.app);
    expect((await agent.get(await callbackFromProvider(agent, CHALLENGE))).status).toBe(403);
    expect(readUsersFile(w.users.file)).toHaveLength(3);
  });
});

describe("limits", () => {
  it("refused ID tokens count under their own step per IP: past the limit the callback is locked (429)", async () => {
    const w = await setUp({}, { env: { LOGIN_MAX_FAILURES_PER_IP: "2" } });
    w.issuer.state.tamper = "audience";
    const agent = request.agent(w.app);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect((await agent.get(await callbackFromProvider(agent, CHALLENGE))).status).toBe(400);
    }
    w.issuer.state.tamper = undefined;
    const locked = await agent.get(await callbackFromProvider(agent, CHALLENGE));
    expect(locked.status).toBe(429);
    expect(locked.headers["retry-after"]).toMatch(/^\d+$/);
    csrfTokenOf(locked.text); // the login form again, ready to post
    expect(w.accepts()).toHaveLength(0);
  });

  it("two link-page posts at once with the right password: one link, one sign-in", async () => {
    const w = await setUp();
    w.issuer.state.person = { sub: "up-race", email: "local@corp.example" };
    const agent = request.agent(w.app);
    await agent.get(await callbackFromProvider(agent, CHALLENGE)).expect(303);
    const page = await agent.get(`/login/link-provider?login_challenge=${CHALLENGE}`).expect(200);
    const post = () =>
      agent
        .post("/login/link-provider")
        .type("form")
        .send({ _csrf: csrfTokenOf(page.text), challenge: CHALLENGE, action: "accept", password: LOCAL_PASSWORD });
    const results = await Promise.all([post(), post()]);
    expect(results.map((result) => result.status).sort()).toEqual([303, 400]);
    expect(w.accepts()).toHaveLength(1);
    expect(linksIn(w)).toEqual([{ id: "u-local", provider: "corp", subject: "up-race" }]);
  });
});

describe("a linked account", () => {
  async function linkedTo(id: string, ...args: Parameters<typeof federation>) {
    const w = await setUp(...args);
    await w.users.addProviderLink(id, {
      providerId: "corp",
      subject: "up-linked",
      linkedAt: new Date().toISOString(),
      createdAccount: false,
    });
    w.issuer.state.person = { sub: "up-linked", email: "anything@anywhere.example" };
    return w;
  }

  it("a disabled account is refused as everywhere else", async () => {
    const w = await linkedTo("u-gone");
    const agent = request.agent(w.app);
    const refused = await agent.get(await callbackFromProvider(agent, CHALLENGE));
    expect(refused.status).toBe(403);
    expect(refused.text).toContain("This account cannot sign in");
    expect(w.accepts()).toHaveLength(0);
    expect(w.hydra.calls.some((call) => call.operation === "rejectLoginRequest")).toBe(true);
  });

  it("acr_values=2: our own second factor when the provider did not prove two", async () => {
    const w = await linkedTo("u-totp", {}, { loginRequest: { oidc_context: { acr_values: ["2"] } } });
    const agent = request.agent(w.app);
    const callback = await agent.get(await callbackFromProvider(agent, CHALLENGE));
    expect(callback.headers.location).toBe(`/login/second-factor?login_challenge=${CHALLENGE}`);
    const step = await agent.get(callback.headers.location!).expect(200);
    await agent
      .post("/login/second-factor")
      .type("form")
      .send({ _csrf: csrfTokenOf(step.text), challenge: CHALLENGE, action: "accept", code: currentTotp(w.totpSecret) })
      .expect(303);
    expect(acceptBody(w)).toMatchObject({ subject: "u-totp", amr: ["fed", "otp"], acr: "2" });
  });

  it("acr_values=2 with a provider that proved two factors: accepted at once, acr 2", async () => {
    const w = await linkedTo("u-totp", {}, { loginRequest: { oidc_context: { acr_values: ["2"] } } });
    w.issuer.state.person = { sub: "up-linked", amr: ["pwd", "otp"] };
    const agent = request.agent(w.app);
    expect((await agent.get(await callbackFromProvider(agent, CHALLENGE))).status).toBe(303);
    expect(acceptBody(w)).toMatchObject({ subject: "u-totp", amr: ["pwd", "otp"], acr: "2" });
  });

  it("without a demand the provider's sign-in is enough, even for an account with a second factor", async () => {
    const w = await linkedTo("u-totp");
    const agent = request.agent(w.app);
    const done = await agent.get(await callbackFromProvider(agent, CHALLENGE));
    expect(done.headers.location).toBe("https://hydra.test/after/acceptLoginRequest");
    expect(acceptBody(w)).toMatchObject({ subject: "u-totp", amr: ["fed"], acr: "1" });
  });
});

describe("callbacks that do not belong to their own flow", () => {
  it("a forged state is refused before any token request", async () => {
    const w = await setUp();
    const agent = request.agent(w.app);
    const callback = await callbackFromProvider(agent, CHALLENGE);
    const forged = callback.replace(/state=[^&]+/, "state=forged-state-value-0123456789abcdefghijkl");
    const refused = await agent.get(forged);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain("could not be accepted");
    expect(w.issuer.state.tokenRequests).toBe(0);
    expect(w.accepts()).toHaveLength(0);
  });

  it("a callback replayed into another browser is refused, and burns the flow for the first one too", async () => {
    const w = await setUp();
    const victim = request.agent(w.app);
    const callback = await callbackFromProvider(victim, CHALLENGE);
    const attacker = request.agent(w.app);
    await attacker.get(`/login?login_challenge=${CHALLENGE}`).expect(200);
    expect((await attacker.get(callback)).status).toBe(400);
    expect((await request(w.app).get(callback)).status).toBe(400); // no browser value at all
    expect((await victim.get(callback)).status).toBe(400);
    expect(w.issuer.state.tokenRequests).toBe(0);
    expect(w.accepts()).toHaveLength(0);
    expect(linksIn(w)).toEqual([]);
  });

  it("a state used twice: the second use is refused", async () => {
    const w = await setUp();
    const agent = request.agent(w.app);
    const callback = await callbackFromProvider(agent, CHALLENGE);
    const [first, second] = await Promise.all([agent.get(callback), agent.get(callback)]);
    expect([first.status, second.status].sort()).toEqual([303, 400]);
    expect(w.accepts()).toHaveLength(1);
    expect((await agent.get(callback)).status).toBe(400);
  });

  it("a callback for another provider's path is refused", async () => {
    const w = await setUp();
    const agent = request.agent(w.app);
    const callback = await callbackFromProvider(agent, CHALLENGE);
    expect((await agent.get(callback.replace("/provider/corp/", "/provider/other/"))).status).toBe(404);
  });
});

describe("the provider fails or refuses", () => {
  it("error=access_denied: our page with a way back to the sign-in, never a 500", async () => {
    const w = await setUp();
    w.issuer.state.error = "access_denied";
    const agent = request.agent(w.app);
    const cancelled = await agent.get(await callbackFromProvider(agent, CHALLENGE));
    expect(cancelled.status).toBe(400);
    expect(cancelled.text).toContain("cancelled or refused");
    expect(cancelled.text).toContain(`/login?login_challenge=${CHALLENGE}`);
  });

  it("a provider that is down: 503 with a way back, and it is asked again on the next try", async () => {
    const w = await setUp();
    await w.issuer.close();
    const agent = request.agent(w.app);
    const down = await startAtProvider(agent, CHALLENGE);
    expect(down.status).toBe(503);
    expect(down.text).toContain("cannot be reached");
    expect(down.text).toContain(`/login?login_challenge=${CHALLENGE}`);
  });

  for (const tamper of ["nonce", "audience", "issuer", "expired", "signature"] as const) {
    it(`an ID token with a wrong ${tamper} is refused: no sign-in, no account, no link`, async () => {
      const w = await setUp();
      w.issuer.state.tamper = tamper;
      const agent = request.agent(w.app);
      const refused = await agent.get(await callbackFromProvider(agent, CHALLENGE));
      expect(refused.status).toBe(400);
      expect(refused.text).toContain(`/login?login_challenge=${CHALLENGE}`);
      expect(w.accepts()).toHaveLength(0);
      expect(readUsersFile(w.users.file)).toHaveLength(3);
    });
  }
});
