import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { csrfTokenOf } from "../support/forms.js";
import { loginRequest } from "../support/hydra-admin-stand-in.js";
import { appWithStandIn, type Harness } from "./app-with-stand-in.js";

let harness: Harness;
beforeEach(async () => {
  harness = await appWithStandIn();
});
afterEach(() => harness.close());

/** Hydra v2.3's challenges are about 1,200 characters of base64url. */
const challenge = "Zx9_-".repeat(240);
const menuOf = (html: string) => /<nav class="languages"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? "";

describe("the language menu on the pages", () => {
  it("GET /login carries the challenge twice in all (the login form and the menu), not seven times", async () => {
    harness.hydra.answer("login", challenge, { status: 200, body: loginRequest(challenge) });
    const page = await request(harness.app).get(`/login?login_challenge=${challenge}`);
    expect(page.status).toBe(200);
    expect(page.text.split(challenge)).toHaveLength(3);
    const menu = menuOf(page.text);
    expect(menu).toContain("<details>");
    expect(menu).toContain(`<input type="hidden" name="login_challenge" value="${challenge}">`);
    expect(menu).toContain(
      '<button type="submit" name="lang" value="en" lang="en" aria-current="true">English</button>',
    );
    // Measured: 10,939 bytes with six links, 5,023 with the form; the bound leaves room for new page text.
    expect(Buffer.byteLength(page.text)).toBeLessThan(7_000);
  });

  it("a button's request (?lang=de with the hidden fields) shows the page in German and remembers it", async () => {
    harness.hydra.answer("login", challenge, { status: 200, body: loginRequest(challenge) });
    const agent = request.agent(harness.app);
    const german = await agent.get(`/login?login_challenge=${challenge}&lang=de`);
    expect(german.status).toBe(200);
    expect(german.text).toContain('<html lang="de">');
    const cookies = [german.headers["set-cookie"] ?? []].flat();
    expect(cookies.some((cookie) => /^hlc\.lang=de;/.test(cookie))).toBe(true);
    expect(menuOf(german.text)).toContain('value="de" lang="de" aria-current="true">Deutsch</button>');
    expect((await agent.get(`/login?login_challenge=${challenge}`)).text).toContain('<html lang="de">');
  });

  it("GET //evil.example/x: the menu's form goes to /, never to the request's path", async () => {
    for (const url of ["//evil.example/x", "//evil.example/x?login_challenge=abc"]) {
      const page = await request(harness.app).get(url);
      expect(page.status).toBe(404);
      const menu = menuOf(page.text);
      expect(menu).toContain('<form method="get" action="/">');
      expect(page.text).not.toContain("evil.example");
    }
  });

  it("a failed POST /login shows the menu going back to GET /login with the challenge", async () => {
    harness.hydra.answer("login", challenge, { status: 200, body: loginRequest(challenge) });
    const agent = request.agent(harness.app);
    const form = await agent.get(`/login?login_challenge=${challenge}`);
    const refused = await agent
      .post("/login")
      .type("form")
      .send({ _csrf: csrfTokenOf(form.text), challenge, action: "accept", email: "foo@bar.com", password: "wrong" });
    expect(refused.status).toBe(401);
    expect(menuOf(refused.text)).toContain(
      `<form method="get" action="/login"><input type="hidden" name="login_challenge" value="${challenge}">`,
    );
  });
});
