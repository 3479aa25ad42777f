import { describe, expect, it } from "vitest";
import { accountRefusal, redirectHostOf, rememberTicked } from "../../src/policy/consent.js";
import { explainOAuthError } from "../../src/policy/oauth-error.js";

describe("redirectHostOf: the consent page names a host only when it is certain", () => {
  it.each([
    [["https://app.example.test/cb"], "app.example.test"],
    [["https://app.example.test/cb", "https://app.example.test/other?x=1"], "app.example.test"],
    [["http://127.0.0.1:5555/callback"], "127.0.0.1:5555"],
  ])("%j → %s", (uris, host) => {
    expect(redirectHostOf(uris)).toBe(host);
  });

  it.each([
    ["no registered URI", []],
    ["none at all", undefined],
    ["two hosts (a request object may pick either)", ["https://app.example.test/cb", "https://evil.example.test/cb"]],
    ["the same host on another port", ["https://app.example.test/cb", "https://app.example.test:8443/cb"]],
    ["an app's custom scheme beside a web one", ["https://app.example.test/cb", "com.example.app:/cb"]],
    ["garbage", ["not a url"]],
    ["javascript:", ["javascript:alert(1)"]],
  ])("%s → none", (_case, uris) => {
    expect(redirectHostOf(uris)).toBeUndefined();
  });
});

describe("accountRefusal: disabled means out", () => {
  it("refuses a missing or disabled account, lets an enabled one through", () => {
    expect(accountRefusal(undefined)).toBe("account_missing");
    expect(accountRefusal({ disabled: true })).toBe("account_disabled");
    expect(accountRefusal({ disabled: false })).toBeUndefined();
  });
});

describe("rememberTicked: only the value the form sends", () => {
  it.each([
    ["1", true],
    ["", false],
    ["0", false],
    ["true", false],
    [["1", "1"], false],
    [undefined, false],
  ])("%j → %s", (value, ticked) => {
    expect(rememberTicked(value)).toBe(ticked);
  });
});

describe("explainOAuthError: known codes in our words, anything else generic", () => {
  it.each([
    ["access_denied", "accessDenied"],
    ["invalid_request", "badRequest"],
    ["invalid_client", "client"],
    ["unauthorized_client", "client"],
    ["invalid_scope", "scope"],
    ["unsupported_response_type", "badRequest"],
    ["server_error", "serverError"],
    ["temporarily_unavailable", "serverError"],
    ["login_required", "interactionRequired"],
    ["consent_required", "interactionRequired"],
    ["interaction_required", "interactionRequired"],
    ["request_unauthorized", "expired"],
    ["invalid_grant", "expired"],
    ["request_forbidden", "forbidden"],
  ])("%s → %s", (code, explanation) => {
    expect(explainOAuthError(code)).toEqual({ explanation, known: true });
  });

  it.each([["Call +1 555 0100 to unlock your account"], ["ACCESS_DENIED"], ["__proto__"], ["constructor"], [""]])(
    "%j is unknown",
    (code) => {
      expect(explainOAuthError(code)).toEqual({ explanation: "unknown", known: false });
    },
  );

  it("no code is unknown too", () => {
    expect(explainOAuthError(undefined)).toEqual({ explanation: "unknown", known: false });
  });
});
