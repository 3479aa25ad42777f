import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { AppError, Gone } from "../../src/errors.js";
import { asAppError } from "../../src/http/error-handler.js";
import { errorPage } from "../../src/http/error-pages.js";
import {
  createHydraAdmin,
  HydraError,
  MAX_CONSENT_SESSION_PAGES,
  nextPageToken,
  type HydraAdminOptions,
  type OAuth2ConsentSession,
} from "../../src/hydra.js";
import { consentRequest, HydraAdminStandIn, loginRequest } from "../support/hydra-admin-stand-in.js";

/** The admin client against the stand-in (or any server), closed after each test. */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function standIn(options: ConstructorParameters<typeof HydraAdminStandIn>[0] = {}) {
  const hydra = await new HydraAdminStandIn(options).start();
  cleanups.push(() => hydra.stop());
  return hydra;
}

function client(adminUrl: string, options: Partial<HydraAdminOptions> = {}) {
  const admin = createHydraAdmin({ adminUrl, timeoutMs: 300, ...options });
  cleanups.push(() => admin.close());
  return admin;
}

/** A throwaway node:http server for answers the stand-in does not give (a stalled body, endless pages). */
async function rawServer(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(HydraError);
  return asAppError(error);
}

const consentSession = (clientId: string): OAuth2ConsentSession => ({
  consent_request: { challenge: `c-${clientId}`, client: { client_id: clientId } },
  grant_scope: ["openid"],
  remember: true,
});

describe("every admin call: method, path, query and body", () => {
  it("login, consent, logout and device requests", async () => {
    const hydra = await standIn();
    hydra.answer("login", "L1", { status: 200, body: loginRequest("L1") });
    hydra.answer("consent", "C1", { status: 200, body: consentRequest("C1") });
    hydra.answer("logout", "O1", { status: 200, body: { challenge: "O1", subject: "foo@bar.com" } });
    hydra.answer("device", "D1", { status: 200, body: { redirect_to: "https://hydra.test/device-done" } }, "accept");
    const admin = client(hydra.url);

    expect((await admin.getLoginRequest("L1")).challenge).toBe("L1");
    expect(await admin.acceptLoginRequest("L1", { subject: "foo@bar.com", remember: true })).toBe(
      "https://hydra.test/after-login-accept?challenge=L1",
    );
    expect(await admin.rejectLoginRequest("L1", { error: "access_denied" })).toBe(
      "https://hydra.test/after-login-reject?challenge=L1",
    );
    expect((await admin.getConsentRequest("C1")).subject).toBe("foo@bar.com");
    expect(await admin.acceptConsentRequest("C1", { grant_scope: ["openid"] })).toContain("after-consent-accept");
    expect(await admin.rejectConsentRequest("C1", { error: "access_denied" })).toContain("after-consent-reject");
    expect((await admin.getLogoutRequest("O1")).subject).toBe("foo@bar.com");
    expect(await admin.acceptLogoutRequest("O1")).toContain("after-logout-accept");
    await expect(admin.rejectLogoutRequest("O1")).resolves.toBeUndefined();
    expect(await admin.acceptUserCode("D1", "ABCD-EFGH")).toBe("https://hydra.test/device-done");

    const seen = hydra.seen.map(({ method, path, query, body }) => ({ method, path, query, body }));
    const base = "/admin/oauth2/auth/requests";
    expect(seen).toEqual([
      { method: "GET", path: `${base}/login`, query: { login_challenge: "L1" }, body: undefined },
      {
        method: "PUT",
        path: `${base}/login/accept`,
        query: { login_challenge: "L1" },
        body: { subject: "foo@bar.com", remember: true },
      },
      {
        method: "PUT",
        path: `${base}/login/reject`,
        query: { login_challenge: "L1" },
        body: { error: "access_denied" },
      },
      { method: "GET", path: `${base}/consent`, query: { consent_challenge: "C1" }, body: undefined },
      {
        method: "PUT",
        path: `${base}/consent/accept`,
        query: { consent_challenge: "C1" },
        body: { grant_scope: ["openid"] },
      },
      {
        method: "PUT",
        path: `${base}/consent/reject`,
        query: { consent_challenge: "C1" },
        body: { error: "access_denied" },
      },
      { method: "GET", path: `${base}/logout`, query: { logout_challenge: "O1" }, body: undefined },
      { method: "PUT", path: `${base}/logout/accept`, query: { logout_challenge: "O1" }, body: undefined },
      { method: "PUT", path: `${base}/logout/reject`, query: { logout_challenge: "O1" }, body: undefined },
      {
        method: "PUT",
        path: `${base}/device/accept`,
        query: { device_challenge: "D1" },
        body: { user_code: "ABCD-EFGH" },
      },
    ]);
    // JSON bodies say so; calls without a body send none.
    expect(hydra.seen[1]!.headers["content-type"]).toBe("application/json");
    expect(hydra.seen[0]!.headers["content-type"]).toBeUndefined();
    expect(hydra.seen[7]!.headers["content-length"] ?? "0").toBe("0");
  });

  it("consent and login sessions", async () => {
    const hydra = await standIn();
    hydra.consentSessions("foo@bar.com", [consentSession("client-1"), consentSession("client-2")]);
    const admin = client(hydra.url);

    expect((await admin.listConsentSessions("foo@bar.com")).map((s) => s.consent_request?.client?.client_id)).toEqual([
      "client-1",
      "client-2",
    ]);
    await admin.revokeConsentSessions("foo@bar.com", "client-1");
    await admin.revokeLoginSessions("foo@bar.com");
    expect(hydra.consentSessionsOf("foo@bar.com").map((s) => s.consent_request?.client?.client_id)).toEqual([
      "client-2",
    ]);

    const seen = hydra.seen.map(({ method, path, query }) => ({ method, path, query }));
    expect(seen).toEqual([
      {
        method: "GET",
        path: "/admin/oauth2/auth/sessions/consent",
        query: { subject: "foo@bar.com", page_size: "250" },
      },
      {
        method: "DELETE",
        path: "/admin/oauth2/auth/sessions/consent",
        query: { subject: "foo@bar.com", client: "client-1" },
      },
      { method: "DELETE", path: "/admin/oauth2/auth/sessions/login", query: { subject: "foo@bar.com" } },
    ]);
  });

  it("encodes every query value", async () => {
    const hydra = await standIn();
    const odd = "a b&c=d/é?#+%";
    hydra.answer("login", odd, { status: 200, body: loginRequest(odd) });
    const admin = client(hydra.url);
    expect((await admin.getLoginRequest(odd)).challenge).toBe(odd);
    await admin.revokeConsentSessions("x&subject=y", "client&all=true");
    expect(hydra.seen.map((request) => request.query)).toEqual([
      { login_challenge: odd },
      { subject: "x&subject=y", client: "client&all=true" },
    ]);
  });

  it("keeps the admin URL's path prefix (Ory Network, reverse proxies)", async () => {
    const hydra = await standIn({ prefix: "/proxy/hydra-admin" });
    hydra.answer("login", "L1", { status: 200, body: loginRequest("L1") });
    expect(hydra.url).toMatch(/\/proxy\/hydra-admin$/);
    for (const url of [hydra.url, `${hydra.url}/`]) {
      const admin = client(url);
      expect((await admin.getLoginRequest("L1")).challenge).toBe("L1");
    }
    expect(hydra.calls("login", "get")).toHaveLength(2);
  });
});

describe("headers", () => {
  it("sends the bearer token and X-Forwarded-Proto when configured", async () => {
    const hydra = await standIn();
    const admin = client(hydra.url, { bearerToken: "ory_pat_secret", mockTlsTermination: true });
    await admin.acceptLoginRequest("L1", { subject: "s" });
    await admin.revokeLoginSessions("s");
    for (const request of hydra.seen) {
      expect(request.headers.authorization).toBe("Bearer ory_pat_secret");
      expect(request.headers["x-forwarded-proto"]).toBe("https");
    }
  });

  it("sends neither when not configured", async () => {
    const hydra = await standIn();
    await client(hydra.url).acceptLoginRequest("L1", { subject: "s" });
    expect(hydra.seen[0]!.headers.authorization).toBeUndefined();
    expect(hydra.seen[0]!.headers["x-forwarded-proto"]).toBeUndefined();
  });
});

describe("failures, as people see them", () => {
  it("a slow answer (headers) is a 503 once the timeout passes", async () => {
    const hydra = await standIn();
    hydra.answer("login", "slow", { status: 200, body: loginRequest("slow"), delayMs: 3000 });
    const started = Date.now();
    const error = await failure(client(hydra.url, { timeoutMs: 200 }).getLoginRequest("slow"));
    expect(error.status).toBe(503);
    expect(errorPage(error).detailKey).toBe("error.unavailable.detail");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("a body that stalls after the headers is a 503 once the timeout passes", async () => {
    const url = await rawServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.write('{"challenge":'); // …and nothing more
    });
    const error = await failure(client(url, { timeoutMs: 200 }).getLoginRequest("L1"));
    expect(error.status).toBe(503);
  });

  it("no server at all is a 503", async () => {
    // A port nothing listens on: bind one, then close it.
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const admin = client(`http://127.0.0.1:${port}`);
    expect((await failure(admin.getConsentRequest("C1"))).status).toBe(503);
    expect(await admin.isReachable()).toBe(false);
  });

  it("410 sends the browser to Hydra's redirect_to", async () => {
    const hydra = await standIn();
    hydra.answer("login", "used", { status: 410, body: { redirect_to: "https://hydra.test/oauth2/auth?again" } });
    hydra.answer("consent", "used", { status: 410, body: { redirect_to: "javascript:alert(1)" } });
    const admin = client(hydra.url);
    const login = await failure(admin.getLoginRequest("used"));
    expect(login.status).toBe(410);
    expect((login as Gone).redirectTo).toBe("https://hydra.test/oauth2/auth?again");
    const consent = await failure(admin.getConsentRequest("used"));
    expect(consent.status).toBe(410);
    expect((consent as Gone).redirectTo).toBeUndefined();
  });

  it.each([
    [401, 401],
    [404, 404],
    [400, 400],
    [403, 400],
    [409, 409],
    [429, 503],
    [500, 503],
    [503, 503],
  ])("HTTP %i → %i, for every kind of call", async (status, shown) => {
    const hydra = await standIn();
    const answer = { status, body: { error: "x", error_description: "y" } };
    hydra.answer("login", "L", answer, "accept").answer("logout", "O", answer, "reject");
    hydra.answerSessions("consent", "GET", answer).answerSessions("login", "DELETE", answer);
    const admin = client(hydra.url);
    expect((await failure(admin.acceptLoginRequest("L", { subject: "s" }))).status).toBe(shown);
    expect((await failure(admin.rejectLogoutRequest("O"))).status).toBe(shown);
    expect((await failure(admin.listConsentSessions("s"))).status).toBe(shown);
    expect((await failure(admin.revokeLoginSessions("s"))).status).toBe(shown);
  });

  it("never follows a redirect", async () => {
    const hydra = await standIn();
    hydra.answer("login", "moved", { status: 302, headers: { Location: `${hydra.url}/elsewhere` } });
    const error = await failure(client(hydra.url).getLoginRequest("moved"));
    expect(error.status).toBe(400);
    expect(hydra.seen).toHaveLength(1);
  });

  it("a 2xx answer that is not JSON, or an accept without redirect_to, is a 503", async () => {
    const hydra = await standIn();
    hydra.answer("login", "L", { status: 200, body: {} }, "accept");
    const url = await rawServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end("<html>a proxy's page</html>");
    });
    expect((await failure(client(hydra.url).acceptLoginRequest("L", { subject: "s" }))).status).toBe(503);
    expect((await failure(client(url).getLoginRequest("L"))).status).toBe(503);
  });

  it("isReachable: any answer below 500 is up", async () => {
    const hydra = await standIn();
    expect(await client(hydra.url).isReachable()).toBe(true); // the probe challenge is unknown: 404
    hydra.answer("login", "readiness-probe", { status: 500 });
    expect(await client(hydra.url).isReachable()).toBe(false);
  });

  it("reports every call to onCall with its outcome", async () => {
    const hydra = await standIn();
    hydra.answer("login", "L1", { status: 200, body: loginRequest("L1") });
    const calls: [string, string][] = [];
    const admin = client(hydra.url, {
      onCall: (operation, seconds, outcome) => {
        expect(seconds).toBeGreaterThanOrEqual(0);
        calls.push([operation, outcome]);
      },
    });
    await admin.getLoginRequest("L1");
    await failure(admin.getConsentRequest("unknown"));
    await admin.revokeLoginSessions("s");
    expect(calls).toEqual([
      ["getLoginRequest", "ok"],
      ["getConsentRequest", "404"],
      ["revokeLoginSessions", "ok"],
    ]);
  });
});

describe("consent sessions, page by page", () => {
  it("follows Link rel=next until the last page", async () => {
    const hydra = await standIn({ maxPageSize: 3 });
    const sessions = Array.from({ length: 8 }, (_, i) => consentSession(`client-${i}`));
    hydra.consentSessions("foo@bar.com", sessions);
    const listed = await client(hydra.url).listConsentSessions("foo@bar.com");
    expect(listed).toEqual(sessions);
    const pages = hydra.sessionCalls("consent").map((request) => request.query.page_token);
    expect(pages).toEqual([undefined, "3", "6"]);
  });

  it("an empty list is one request, though Hydra names a next page", async () => {
    const hydra = await standIn();
    expect(await client(hydra.url).listConsentSessions("nobody")).toEqual([]);
    expect(hydra.sessionCalls("consent")).toHaveLength(1);
  });

  it(`stops after ${MAX_CONSENT_SESSION_PAGES} pages of a server that never stops`, async () => {
    let requests = 0;
    const url = await rawServer((req, res) => {
      requests++;
      const token = Number(new URL(req.url ?? "/", "http://x").searchParams.get("page_token") ?? 0);
      res.writeHead(200, {
        "Content-Type": "application/json",
        Link: `</admin/oauth2/auth/sessions/consent?page_size=1&page_token=${token + 1}>; rel="next"`,
      });
      res.end(JSON.stringify([consentSession(`client-${token}`)]));
    });
    const listed = await client(url).listConsentSessions("s");
    expect(listed).toHaveLength(MAX_CONSENT_SESSION_PAGES);
    expect(requests).toBe(MAX_CONSENT_SESSION_PAGES);
  });

  it("reads the next page token from Link headers as Hydra and others write them", () => {
    expect(
      nextPageToken(
        '</admin/clients?page_size=5&page_token=0>; rel="first",</admin/clients?page_size=5&page_token=15>; rel="next"',
      ),
    ).toBe("15");
    expect(nextPageToken('<https://x.test/a?page_token=abc%3D>; rel="next"')).toBe("abc=");
    expect(
      nextPageToken(['<https://x.test/a?page_token=1>; rel="prev"', "<https://x.test/a?page_token=2>; rel=next"]),
    ).toBe("2");
    expect(nextPageToken('</a?page_token=1>; rel="first"')).toBeUndefined();
    expect(nextPageToken(undefined)).toBeUndefined();
  });
});

describe("keep-alive", () => {
  /** A turn of the event loop, as between two pages: undici hands a socket back to its pool only after one. */
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

  async function everyKindOfCall(hydra: HydraAdminStandIn, between: () => Promise<unknown>) {
    hydra.answer("login", "L1", { status: 200, body: loginRequest("L1") });
    hydra.consentSessions("s", [consentSession("client-1")]);
    const admin = client(hydra.url);
    const calls = [
      () => admin.getLoginRequest("L1"),
      () => admin.acceptLoginRequest("L1", { subject: "s" }),
      () => failure(admin.getConsentRequest("unknown")), // 404 with a body
      () => admin.rejectLogoutRequest("O1"), // 204, no body
      () => admin.listConsentSessions("s"),
      () => admin.revokeLoginSessions("s"),
    ];
    for (let i = 0; i < 20; i++) {
      for (const call of calls) {
        await call();
        await between();
      }
    }
    expect(hydra.seen).toHaveLength(120);
  }

  it("many sequential calls, answered or failed, share one connection", async () => {
    const hydra = await standIn();
    await everyKindOfCall(hydra, nextTurn);
    expect(hydra.connections).toBe(1);
  });

  it("back-to-back calls (no turn of the event loop between them) share two connections at most", async () => {
    const hydra = await standIn();
    await everyKindOfCall(hydra, async () => undefined);
    expect(hydra.connections).toBeLessThanOrEqual(2);
  });

  it("concurrent calls open no more connections than are in flight", async () => {
    const hydra = await standIn();
    hydra.answer("login", "L1", { status: 200, body: loginRequest("L1") });
    const admin = client(hydra.url);
    for (let round = 0; round < 10; round++) {
      await Promise.all(Array.from({ length: 4 }, () => admin.getLoginRequest("L1")));
      await nextTurn();
    }
    expect(hydra.seen).toHaveLength(40);
    expect(hydra.connections).toBeLessThanOrEqual(4);
  });
});
