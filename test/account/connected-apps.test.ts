import { describe, expect, it } from "vitest";
import { connectedApps } from "../../src/account/connected-apps.js";

const NOW = new Date("2026-11-27T12:00:00Z");
const session = (overrides: Record<string, unknown>) => ({
  consent_request: { challenge: "c", client: { client_id: "photos", client_name: "Photo Printer" } },
  grant_scope: ["openid"],
  handled_at: "2026-11-01T10:00:00Z",
  ...overrides,
});

describe("connectedApps", () => {
  it("groups a client's consent sessions: scopes and audiences united, the latest grant, sorted by name", () => {
    const apps = connectedApps(
      [
        session({ grant_scope: ["openid", "email"], grant_access_token_audience: ["https://a.test"] }),
        session({ grant_scope: ["openid", "offline_access"], handled_at: "2026-11-20T08:00:00Z" }),
        session({
          consent_request: { challenge: "d", client: { client_id: "alpha", logo_uri: "http://insecure.test/l.png" } },
        }),
      ],
      NOW,
    );
    expect(apps.map((app) => app.clientId)).toEqual(["alpha", "photos"]);
    expect(apps[0]).toMatchObject({ name: "alpha", logoUri: undefined, remembered: undefined });
    expect(apps[1]).toMatchObject({
      name: "Photo Printer",
      scopes: ["openid", "email", "offline_access"],
      audiences: ["https://a.test"],
      grantedAt: new Date("2026-11-20T08:00:00Z"),
    });
  });

  it("remembered: forever (remember_for 0), until a date, or not at all once that date has passed", () => {
    const [forever] = connectedApps([session({ remember: true, remember_for: 0 })], NOW);
    expect(forever?.remembered).toEqual({ until: undefined });
    const [until] = connectedApps([session({ remember: true, remember_for: 30 * 86_400 })], NOW);
    expect(until?.remembered).toEqual({ until: new Date("2026-12-01T10:00:00Z") });
    const [expired] = connectedApps([session({ remember: true, remember_for: 3600 })], NOW);
    expect(expired?.remembered).toBeUndefined();
    const [asked] = connectedApps([session({ remember: false })], NOW);
    expect(asked?.remembered).toBeUndefined();
  });

  it("ignores sessions without a client", () => {
    expect(connectedApps([{ grant_scope: ["openid"] }], NOW)).toEqual([]);
  });
});
