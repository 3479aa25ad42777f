import request from "supertest";
import { afterEach, describe, expect, it, vi } from "vitest";
import { csrfTokenOf } from "../support/forms.js";
import { appUnderTest } from "../support/app-under-test.js";
import { ACCOUNT_ENV, fakeOidc } from "../account/stand-ins.js";

const HTTPS = { BASE_URL: "https://login.test", TRUST_PROXY: "loopback" };
const schemes = [
  { scheme: "http", env: {}, prefix: "" },
  { scheme: "https", env: HTTPS, prefix: "__Host-" },
] as const;

const setCookies = (answer: request.Response) =>
  (answer.headers["set-cookie"] as unknown as string[] | undefined) ?? [];
const cookieNamed = (answer: request.Response, name: string) =>
  setCookies(answer).find((cookie) => cookie.startsWith(`${name}=`));

/** What a `__Host-` cookie needs for the browser to take it, and what any of ours needs on http. */
function expectHostOnly(cookie: string | undefined, secure: boolean) {
  expect(cookie).toBeDefined();
  expect(cookie).toContain("Path=/;");
  expect(cookie).toContain("HttpOnly");
  expect(cookie).not.toMatch(/Domain=/i);
  if (secure) expect(cookie).toContain("Secure");
  else expect(cookie).not.toContain("Secure");
}

afterEach(() => vi.restoreAllMocks());

describe.each(schemes)("cookies on $scheme", ({ scheme, env, prefix }) => {
  const secure = scheme === "https";

  it(`the account area's pending sign-in is ${prefix}hlc.oidc, read back only under that name, and not after 10 minutes`, async () => {
    const oidc = fakeOidc();
    oidc.finish = async (url, pending) => {
      if (url.searchParams.get("state") !== pending.state) throw new Error("state mismatch");
      return { subject: "foo@bar.com", idToken: "id-token", authTime: Math.floor(Date.now() / 1000), acr: "1" };
    };
    const { app } = await appUnderTest({ ...ACCOUNT_ENV, ...env }, { accountOidc: oidc });
    const started = async () => {
      const answer = await request(app).get("/account").set("X-Forwarded-Proto", scheme).expect(303);
      const cookie = cookieNamed(answer, `${prefix}hlc.oidc`);
      expectHostOnly(cookie, secure);
      const state = new URL(answer.headers.location!).searchParams.get("state")!;
      return { pair: cookie!.split(";")[0]!, state };
    };
    const callback = (pair: string, state: string) =>
      request(app)
        .get(`/account/callback?code=abc&state=${state}`)
        .set("X-Forwarded-Proto", scheme)
        .set("Cookie", pair);

    const first = await started();
    const back = await callback(first.pair, first.state);
    expect(back.status).toBe(303);
    expect(back.headers.location).toBe("/account");
    // Cleared under the same name and path it was set with.
    expect(cookieNamed(back, `${prefix}hlc.oidc`)).toMatch(/Path=\/;.*Expires=Thu, 01 Jan 1970/);

    if (secure) {
      // The same signed value without the prefix (as a sibling subdomain could plant it) is not read.
      const second = await started();
      const planted = await callback(second.pair.replace(/^__Host-/, ""), second.state);
      expect(planted.status).toBe(400);
      expect(planted.text).toContain("The sign-in did not complete");
    }

    // A signed value kept and replayed later than its 10 minutes is refused, whatever the browser kept.
    const old = await started();
    const now = Date.now();
    vi.spyOn(Date, "now").mockReturnValue(now + 10 * 60_000 + 1_000);
    const replayed = await callback(old.pair, old.state);
    expect(replayed.status).toBe(400);
  });

  it(`the forgot-password browser marker is ${prefix}hlc.recovery`, async () => {
    const { app } = await appUnderTest({
      ...env,
      BASE_URL: secure ? "https://login.test" : "http://login.test",
      SMTP_URL: "smtp://127.0.0.1:9",
      MAIL_FROM: "sign-in@example.test",
    });
    const form = await request(app).get("/recovery").set("X-Forwarded-Proto", scheme).expect(200);
    const csrf = cookieNamed(form, `${prefix}hlc.csrf`)!.split(";")[0]!;
    const sent = await request(app)
      .post("/recovery")
      .set("X-Forwarded-Proto", scheme)
      .set("Origin", secure ? "https://login.test" : "http://login.test")
      .set("Cookie", csrf)
      .type("form")
      .send({ _csrf: csrfTokenOf(form.text), email: "nobody@example.test" });
    expect(sent.status).toBe(200);
    expectHostOnly(cookieNamed(sent, `${prefix}hlc.recovery`), secure);
    if (secure) expect(cookieNamed(sent, "hlc.recovery")).toBeUndefined();
  });
});
