import { describe, expect, it, vi } from "vitest";
import { csrfTokenOf } from "../support/forms.js";
import { accountApp, giveTotp, signInTo } from "./stand-ins.js";

/** The otpauth URIs the account page drew as QR codes: what the authenticator app will read. */
const drawnUris = vi.hoisted(() => [] as string[]);
vi.mock("../../src/identity/factors/totp.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/identity/factors/totp.js")>();
  return {
    ...real,
    totpQrSvg: (uri: string, label?: string) => {
      drawnUris.push(uri);
      return real.totpQrSvg(uri, label);
    },
  };
});

async function enrolling(env: Record<string, string> = {}) {
  const { app } = await accountApp({ env });
  const { agent, page } = await signInTo(app);
  await agent
    .post("/account/totp/start")
    .type("form")
    .send({ _csrf: csrfTokenOf(page.text) })
    .expect(303);
  drawnUris.length = 0;
  return agent.get("/account").expect(200);
}

describe("setting up an authenticator app: what the page says", () => {
  it("the issuer is BRAND_NAME, in the otpauth URI and in a line on the page", async () => {
    const page = await enrolling({ BRAND_NAME: "Example Corp" });
    expect(drawnUris).toHaveLength(1);
    const uri = new URL(drawnUris[0]!);
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.searchParams.get("issuer")).toBe("Example Corp");
    expect(decodeURIComponent(uri.pathname)).toContain("Example Corp:foo@bar.com");
    expect(page.text).toContain('id="totp-issuer">Your authenticator app will list this account as “Example Corp”.');
  });

  it("without BRAND_NAME the issuer is the app's name in the page's language", async () => {
    const page = await enrolling();
    expect(new URL(drawnUris[0]!).searchParams.get("issuer")).toBe("Sign in");
    expect(page.text).toContain("will list this account as “Sign in”.");
  });

  it("the key in groups of four (data-secret whole) with a copy button for /public/js/copy.js and no inline script", async () => {
    const page = await enrolling();
    const secret = /data-secret="([A-Z2-7]+)"/.exec(page.text)![1]!;
    const groups = [...page.text.matchAll(/<code id="totp-secret"[^>]*>(.*?)<\/code>/g)][0]![1]!;
    const shown = [...groups.matchAll(/<span>([A-Z2-7]+)<\/span>/g)].map((match) => match[1]);
    expect(shown.join("")).toBe(secret);
    expect(shown.slice(0, -1).every((group) => group!.length === 4)).toBe(true);
    expect(page.text).toContain(`<button type="button" id="totp-copy" data-copy="${secret}"`);
    expect(page.text).toContain('<script src="/public/js/copy.js" defer></script>');
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it("the page without a set-up in progress loads no copy script and keeps scripts off", async () => {
    const { app } = await accountApp();
    const { page } = await signInTo(app);
    expect(page.text).not.toContain("/public/js/copy.js");
    expect(page.text).not.toContain('id="totp-copy"');
  });
});

describe("dates on the account page", () => {
  it("say UTC, the authenticator app's date too", async () => {
    const { app, users, hydra, oidc } = await accountApp();
    await giveTotp(users);
    oidc.next = { subject: "foo@bar.com", ageSeconds: 0, acr: "2" };
    hydra.consentSessions.set("foo@bar.com", [
      {
        consent_request: { challenge: "c1", client: { client_id: "photos", client_name: "Photo Printer" } },
        grant_scope: ["openid"],
        handled_at: "2026-11-01T23:30:00Z",
        remember: true,
        remember_for: 3653 * 86_400 + 3600, // ten years and an hour: still remembered, past midnight UTC
      },
    ]);
    const { page } = await signInTo(app);
    expect(page.text).toMatch(/On since [^<]+ \(UTC\)\./);
    // 23:30 UTC is shown as such, whatever the server's own zone.
    expect(page.text).toContain("Allowed on Nov 1, 2026, 11:30 PM (UTC)");
    expect(page.text).toContain("Remembered until Nov 2, 2036, 12:30 AM (UTC)");
  });
});
