import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { installMessages } from "../../src/i18n/index.js";
import { contrast, textOn } from "../../src/http/brand.js";
import { consentRequest, loginRequest } from "../support/hydra-admin-stand-in.js";
import { appWithStandIn, type Harness } from "../integration/app-with-stand-in.js";

let harness: Harness;
afterEach(async () => {
  await harness.close();
  installMessages(undefined);
});

describe("the page's language", () => {
  it("Accept-Language (with q-values) chooses it, and <html lang> says which", async () => {
    harness = await appWithStandIn();
    harness.hydra.answer("login", "abc", { status: 200, body: loginRequest("abc") });
    const page = await request(harness.app)
      .get("/login?login_challenge=abc")
      .set("Accept-Language", "xx, fr-CA;q=0.9, de;q=0.5");
    expect(page.text).toContain('<html lang="fr">');
    expect(page.text).not.toContain("Please log in");
  });

  it("Hydra's ui_locales wins over Accept-Language", async () => {
    harness = await appWithStandIn();
    harness.hydra.answer("login", "abc", {
      status: 200,
      body: loginRequest("abc", { oidc_context: { ui_locales: ["ja", "de"] } }),
    });
    const page = await request(harness.app).get("/login?login_challenge=abc").set("Accept-Language", "fr");
    expect(page.text).toContain('<html lang="ja">');
  });

  it("the menu keeps the challenge; a pick is remembered in a cookie", async () => {
    harness = await appWithStandIn();
    harness.hydra.answer("login", "abc", { status: 200, body: loginRequest("abc") });
    const agent = request.agent(harness.app);
    const english = await agent.get("/login?login_challenge=abc");
    expect(english.text).toContain('<html lang="en">');
    expect(english.text).toContain(
      '<form method="get" action="/login"><input type="hidden" name="login_challenge" value="abc"><button',
    );
    expect(english.text).toContain('<button type="submit" name="lang" value="de" lang="de">Deutsch</button>');
    const german = await agent.get("/login?login_challenge=abc&lang=de");
    expect(german.text).toContain('<html lang="de">');
    expect(german.headers["set-cookie"]?.[0]).toMatch(/^hlc\.lang=de;/);
    expect((await agent.get("/login?login_challenge=abc")).text).toContain('<html lang="de">');
    expect((await agent.get("/")).text).toContain('<html lang="de">');
  });

  it("DEFAULT_LANGUAGE when nothing else decides", async () => {
    harness = await appWithStandIn({ DEFAULT_LANGUAGE: "es" });
    expect((await request(harness.app).get("/")).text).toContain('<html lang="es">');
  });
});

describe("a consent screen people understand", () => {
  it("names where the person will be sent, who is signed in with a way out, and how long remember lasts", async () => {
    harness = await appWithStandIn({ REMEMBER_CONSENT_FOR: "2592000" });
    harness.hydra.answer("consent", "abc", {
      status: 200,
      body: consentRequest("abc", {
        // The host shown is the one every registered redirect URI shares (a request object may override the query's).
        client: { client_id: "c", redirect_uris: ["https://printer.example.test/cb"] },
        request_url:
          "https://hydra.example.test/oauth2/auth?client_id=c&redirect_uri=https%3A%2F%2Fprinter.example.test%2Fcb&prompt=none",
      }),
    });
    const page = await request(harness.app).get("/consent?consent_challenge=abc");
    expect(page.text).toContain("you will be sent to printer.example.test");
    expect(page.text).toContain("Signed in as foo@bar.com.");
    expect(page.text).toMatch(/id="not-you"[^>]*|href="[^"]*prompt=login[^"]*" id="not-you"/);
    expect(page.text).toContain("prompt=login");
    expect(page.text).not.toContain("prompt=none");
    expect(page.text).toContain("30 days");
    expect(page.text).toContain("Make sure you trust");
    expect(page.text).not.toMatch(/name="grant_scope"[^>]*checked/);
  });

  it("CONSENT_PRESELECT_SCOPES=true starts the boxes ticked", async () => {
    harness = await appWithStandIn({ CONSENT_PRESELECT_SCOPES: "true" });
    harness.hydra.answer("consent", "abc", { status: 200, body: consentRequest("abc") });
    const page = await request(harness.app).get("/consent?consent_challenge=abc");
    expect(page.text).toMatch(/name="grant_scope" value="openid" checked/);
  });

  it("MESSAGES_DIR describes the operator's own scopes and overrides wording, per language", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "messages-"));
    writeFileSync(
      path.join(dir, "en.json"),
      JSON.stringify({ "scope.photos.read": "See your photo albums", "consent.accept": "Yes, allow" }),
    );
    writeFileSync(path.join(dir, "de.json"), JSON.stringify({ "scope.photos.read": "Ihre Fotoalben sehen" }));
    harness = await appWithStandIn({ MESSAGES_DIR: dir });
    harness.hydra.answer("consent", "abc", {
      status: 200,
      body: consentRequest("abc", { requested_scope: ["photos.read"] }),
    });
    const english = await request(harness.app).get("/consent?consent_challenge=abc");
    expect(english.text).toContain("See your photo albums");
    expect(english.text).toContain("Yes, allow");
    const german = await request(harness.app).get("/consent?consent_challenge=abc").set("Accept-Language", "de");
    expect(german.text).toContain("Ihre Fotoalben sehen");
  });
});

describe("brand and theme", () => {
  it("name, logo, colour (as /brand.css from our origin) and footer links", async () => {
    const css = path.join(mkdtempSync(path.join(os.tmpdir(), "brand-")), "extra.css");
    writeFileSync(css, ".brand-name { letter-spacing: 0.02em; }\n");
    harness = await appWithStandIn({
      BRAND_NAME: "Example Corp",
      BRAND_LOGO_URL: "https://cdn.example.test/logo.svg",
      BRAND_PRIMARY_COLOR: "#0b6e4f",
      BRAND_PRIVACY_URL: "https://example.test/privacy",
      BRAND_HELP_URL: "https://example.test/help",
      BRAND_CSS_FILE: css,
    });
    const page = await request(harness.app).get("/");
    expect(page.text).toContain("Example Corp");
    expect(page.text).toContain('src="https://cdn.example.test/logo.svg"');
    expect(page.text).toContain('<link rel="stylesheet" href="/brand.css">');
    expect(page.text).toContain('href="https://example.test/privacy" id="footer-privacy"');
    expect(page.text).toContain('id="footer-help"');
    expect(page.text).not.toContain('id="footer-imprint"');
    const sheet = await request(harness.app).get("/brand.css");
    expect(sheet.headers["content-type"]).toContain("text/css");
    expect(sheet.text).toContain("--accent: #0b6e4f;");
    expect(sheet.text).toContain("--accent-text: #ffffff;");
    expect(sheet.text).toContain("letter-spacing");
  });

  it("THEME_DIR shadows a template and a public file", async () => {
    const theme = mkdtempSync(path.join(os.tmpdir(), "theme-"));
    mkdirSync(path.join(theme, "views"));
    mkdirSync(path.join(theme, "public"));
    writeFileSync(
      path.join(theme, "views", "index.njk"),
      '{% extends "layout.njk" %}{% block content %}<h1>Themed home</h1>{% endblock %}',
    );
    writeFileSync(path.join(theme, "public", "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
    harness = await appWithStandIn({ THEME_DIR: theme });
    expect((await request(harness.app).get("/")).text).toContain("Themed home");
    const icon = await request(harness.app).get("/public/favicon.svg");
    expect(icon.status).toBe(200);
    expect(icon.headers["content-length"]).toBe(String("<svg xmlns='http://www.w3.org/2000/svg'/>".length));
    expect((await request(harness.app).get("/public/css/app.css")).status).toBe(200);
  });

  it("a theme's template can list the languages itself, each link keeping the flow's challenge", async () => {
    const theme = mkdtempSync(path.join(os.tmpdir(), "theme-"));
    mkdirSync(path.join(theme, "views"));
    writeFileSync(
      path.join(theme, "views", "index.njk"),
      '{% extends "layout.njk" %}{% block content %}<ol id="themed">' +
        '{% for item in languages %}<li><a href="{{ item.href }}">{{ item.name }}</a>{% if item.current %}*{% endif %}</li>{% endfor %}' +
        "</ol>{% endblock %}",
    );
    harness = await appWithStandIn({ THEME_DIR: theme });
    const page = await request(harness.app).get("/?x=1&lang=de");
    expect(page.text).toContain('<li><a href="/?x=1&amp;lang=de">Deutsch</a>*</li>');
    expect(page.text).toContain('<li><a href="/?x=1&amp;lang=ja">日本語</a></li>');
  });

  it("text on the primary colour is picked for contrast", () => {
    expect(textOn("#ffd400")).toBe("#111111");
    expect(textOn("#0b3d91")).toBe("#ffffff");
    expect(contrast("#ffffff", "#000000")).toBeCloseTo(21, 0);
  });
});
