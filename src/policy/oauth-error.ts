/**
 * What the /error page says about an error code from Hydra (OAuth 2.0, OpenID Connect and Hydra's own codes),
 * in our own words. The page is on our domain, so text from its query is never shown as if we wrote it: a known
 * code gets our sentence, anything else a generic one, and the free text only as the service's quoted words.
 */
export type OAuthErrorExplanation =
  | "accessDenied"
  | "interactionRequired"
  | "client"
  | "badRequest"
  | "scope"
  | "serverError"
  | "expired"
  | "forbidden"
  | "unknown";

const EXPLANATIONS: ReadonlyMap<string, OAuthErrorExplanation> = new Map([
  ["access_denied", "accessDenied"],
  ["login_required", "interactionRequired"],
  ["consent_required", "interactionRequired"],
  ["interaction_required", "interactionRequired"],
  ["account_selection_required", "interactionRequired"],
  ["invalid_client", "client"],
  ["unauthorized_client", "client"],
  ["invalid_request", "badRequest"],
  ["invalid_request_object", "badRequest"],
  ["invalid_request_uri", "badRequest"],
  ["request_not_supported", "badRequest"],
  ["request_uri_not_supported", "badRequest"],
  ["registration_not_supported", "badRequest"],
  ["unsupported_response_type", "badRequest"],
  ["unsupported_response_mode", "badRequest"],
  ["unsupported_grant_type", "badRequest"],
  ["invalid_scope", "scope"],
  ["server_error", "serverError"],
  ["temporarily_unavailable", "serverError"],
  ["misconfiguration", "serverError"],
  ["request_unauthorized", "expired"],
  ["invalid_grant", "expired"],
  ["expired_token", "expired"],
  ["token_expired", "expired"],
  ["request_forbidden", "forbidden"],
  ["invalid_state", "forbidden"],
]);

/** Our explanation of a code, and whether the code is one we know (and so may show as a code of ours). */
export function explainOAuthError(code: string | undefined): { explanation: OAuthErrorExplanation; known: boolean } {
  const explanation = code === undefined ? undefined : EXPLANATIONS.get(code);
  return explanation === undefined ? { explanation: "unknown", known: false } : { explanation, known: true };
}
