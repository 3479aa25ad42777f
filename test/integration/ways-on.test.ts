import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { ACCOUNT_ENV, fakeOidc } from "../account/stand-ins.js";
import { appUnderTest } from "../support/app-under-test.js";
import { appWithStandIn, formToken, type Harness } from "./app-with-stand-in.js";

let harness: Harness | undefined;
afterEach(() => {
  harness?.close();
  harness = undefined;
});

const wayOn = (html: string) => /<a href="([^"]*)" id="way-on"[^>]*>([^<]*)<\/a>/.exec(html);

/** Rejects the logout of a client registered as Hydra describes it; returns the "still signed in" page. */
async function stayWith(client: Record<string, unknown>, env: Record<string, string> = {}) {
  harness = await appWithStandIn(env);
  const challenge = "logout-challenge-1";
  harness.hydra.answer("logout", challenge, { status: 200, body: { challenge, subject: "foo@bar.com", client } });
  const agent = request.agent(harness.app);
  const csrf = await formToken(agent, `/logout?logout_challenge=${challenge}`);
  return agent.post("/logout").type("form").send({ _csrf: csrf, challenge, action: "reject" }).expect(200);
}

describe("pages that end a flow offer a way on", () => {
  it("still signed in: back to the application at its client_uri", async () => {
    const page = await stayWith({ client_id: "c", client_name: "Photo Printer", client_uri: "https://photos.test/" });
    expect(page.text).toContain("You are still signed in");
    expect(wayOn(page.text)?.slice(1)).toEqual(["https://photos.test/", "Back to Photo Printer"]);
  });

  it.each(["javascript:alert(1)", "data:text/html,hi", "//evil.test/", ""])(
    "still signed in: a client_uri of %j is no link; the home page is",
    async (clientUri) => {
      const page = await stayWith({ client_id: "c", client_name: "Photo Printer", client_uri: clientUri });
      expect(wayOn(page.text)?.slice(1)).toEqual(["/", "Go to the start page"]);
      expect(page.text).not.toContain("javascript:");
    },
  );

  it("still signed in, no client_uri, account area on: the account page", async () => {
    // The fake's logout request names no client at all.
    const { app } = await appUnderTest(ACCOUNT_ENV, { accountOidc: fakeOidc() });
    const agent = request.agent(app);
    const shown = await agent.get("/logout?logout_challenge=lc").expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(shown.text)![1]!;
    const page = await agent.post("/logout").type("form").send({ _csrf: csrf, challenge: "lc", action: "reject" });
    expect(wayOn(page.text)?.slice(1)).toEqual(["/account", "Go to your account"]);
  });

  it("signed out: the home page without the account area, the account page with it", async () => {
    harness = await appWithStandIn();
    const plain = await request(harness.app).get("/logged-out").expect(200);
    expect(plain.text).toContain("You are signed out");
    expect(wayOn(plain.text)?.slice(1)).toEqual(["/", "Go to the start page"]);
    const { app } = await appUnderTest(ACCOUNT_ENV, { accountOidc: fakeOidc() });
    const withAccount = await request(app).get("/logged-out").set("Accept-Language", "de").expect(200);
    expect(wayOn(withAccount.text)?.slice(1)).toEqual(["/account", "Zu Ihrem Konto"]);
  });
});

describe("the home page speaks to people who land on it", () => {
  it("says whose sign-in service it is, without operator words, and links to the account when it is on", async () => {
    const { app } = await appUnderTest({ ...ACCOUNT_ENV, BRAND_NAME: "Example Corp" }, { accountOidc: fakeOidc() });
    const page = await request(app).get("/").expect(200);
    expect(page.text).toContain('<p id="index-what">This is the sign-in service of Example Corp.</p>');
    expect(page.text).toContain('<a href="/account" id="index-account">Go to your account</a>');
    expect(page.text).not.toMatch(/Hydra|consent provider/i);
  });

  it("without a brand or the account area: what the service is, no brand line, no account link", async () => {
    harness = await appWithStandIn();
    const page = await request(harness.app).get("/").expect(200);
    expect(page.text).toContain("<h1>Sign-in service</h1>");
    expect(page.text).toContain("Applications send you here when you sign in to them.");
    expect(page.text).not.toContain('id="index-what"');
    expect(page.text).not.toContain('id="index-account"');
  });
});

describe("the header", () => {
  it("shows BRAND_NAME as text beside the logo, the logo's alt empty", async () => {
    harness = await appWithStandIn({ BRAND_NAME: "Example Corp", BRAND_LOGO_URL: "https://cdn.example.test/logo.svg" });
    const page = await request(harness.app).get("/logged-out").expect(200);
    expect(page.text).toContain('<img class="brand-logo" src="https://cdn.example.test/logo.svg" alt="" height="32">');
    expect(page.text).toContain('<span class="brand-name" id="brand-name">Example Corp</span>');
  });
});
