import type { HydraAdmin, OAuth2ConsentSession } from "../../src/hydra.js";

export interface FakeHydraCall {
  operation: string;
  /** The challenge, or for the session methods the subject. */
  challenge: string;
  body?: unknown;
}

/**
 * An in-memory HydraAdmin for tests about the app's own state (sessions, counters): every login challenge
 * is a fresh, unskipped request, and every accept answers with a fixed redirect. Consent sessions are what a
 * test puts in `consentSessions` (by subject); revoking one removes it there.
 */
export function fakeHydra(): HydraAdmin & {
  calls: FakeHydraCall[];
  consentSessions: Map<string, OAuth2ConsentSession[]>;
} {
  const calls: FakeHydraCall[] = [];
  const consentSessions = new Map<string, OAuth2ConsentSession[]>();
  const redirect = (operation: string) => async (challenge: string, body?: unknown) => {
    calls.push({ operation, challenge, body });
    return `https://hydra.test/after/${operation}`;
  };
  return {
    calls,
    consentSessions,
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
        // One browser's Hydra login session, the same for every request of a test.
        session_id: "hydra-login-session-1",
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
    listConsentSessions: async (subject) => {
      calls.push({ operation: "listConsentSessions", challenge: subject });
      return [...(consentSessions.get(subject) ?? [])];
    },
    revokeConsentSessions: async (subject, clientId) => {
      calls.push({ operation: "revokeConsentSessions", challenge: subject, body: { client: clientId } });
      const left = (consentSessions.get(subject) ?? []).filter(
        (session) => session.consent_request?.client?.client_id !== clientId,
      );
      consentSessions.set(subject, left);
    },
    revokeAllConsentSessions: async (subject) => {
      calls.push({ operation: "revokeAllConsentSessions", challenge: subject });
      consentSessions.delete(subject);
    },
    revokeLoginSessions: async (subject) => {
      calls.push({ operation: "revokeLoginSessions", challenge: subject });
    },
    isReachable: async () => true,
  };
}
