import type { HydraAdmin } from "../../src/hydra.js";

export interface FakeHydraCall {
  operation: string;
  challenge: string;
  body?: unknown;
}

/**
 * An in-memory HydraAdmin for tests about the app's own state (sessions, counters): every login challenge
 * is a fresh, unskipped request, and every accept answers with a fixed redirect.
 */
export function fakeHydra(): HydraAdmin & { calls: FakeHydraCall[] } {
  const calls: FakeHydraCall[] = [];
  const redirect = (operation: string) => async (challenge: string, body?: unknown) => {
    calls.push({ operation, challenge, body });
    return `https://hydra.test/after/${operation}`;
  };
  return {
    calls,
    getLoginRequest: async (challenge) => {
      calls.push({ operation: "getLoginRequest", challenge });
      return {
        challenge,
        client: { client_id: "test-client", client_name: "Test Client" },
        request_url: "https://hydra.test/oauth2/auth",
        requested_scope: ["openid"],
        requested_access_token_audience: [],
        skip: false,
        subject: "",
      };
    },
    acceptLoginRequest: redirect("acceptLoginRequest"),
    rejectLoginRequest: redirect("rejectLoginRequest"),
    getConsentRequest: async (challenge) => ({
      challenge,
      requested_scope: ["openid"],
      skip: false,
      subject: "foo@bar.com",
    }),
    acceptConsentRequest: redirect("acceptConsentRequest"),
    rejectConsentRequest: redirect("rejectConsentRequest"),
    getLogoutRequest: async (challenge) => ({ challenge }),
    acceptLogoutRequest: redirect("acceptLogoutRequest"),
    rejectLogoutRequest: async (challenge) => {
      calls.push({ operation: "rejectLogoutRequest", challenge });
    },
    acceptUserCode: redirect("acceptUserCode"),
    isReachable: async () => true,
  };
}
