import type { OAuth2LoginRequest } from "../hydra.js";

/** What a sign-in needs to know of Hydra's login request once the form is shown. */
export interface LoginFacts {
  clientId: string | undefined;
  clientName: string;
  acrValues: string[] | undefined;
  uiLocales: string[] | undefined;
  /** Hydra's login session: a remembered login keeps it, so how that login was made can be looked up later. */
  sessionId: string | undefined;
}

/** A list Hydra sends as an array; `ui_locales` may also come as one space-separated string. */
function listOf(value: unknown): string[] | undefined {
  if (typeof value === "string") return value.split(" ").filter(Boolean);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : undefined;
}

export function clientName(client: { client_name?: string; client_id?: string } | undefined): string {
  return client?.client_name || client?.client_id || "An application";
}

export function loginFactsOf(request: OAuth2LoginRequest): LoginFacts {
  return {
    clientId: request.client?.client_id,
    clientName: clientName(request.client),
    acrValues: listOf(request.oidc_context?.acr_values),
    uiLocales: listOf(request.oidc_context?.ui_locales),
    sessionId: typeof request.session_id === "string" && request.session_id !== "" ? request.session_id : undefined,
  };
}
