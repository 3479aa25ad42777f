import type { OAuth2ConsentSession } from "@ory/client";

/** One application that holds access to a person's data, as the account page shows it. */
export interface ConnectedApp {
  clientId: string;
  name: string;
  /** https only: the image policy blocks anything else. */
  logoUri: string | undefined;
  scopes: string[];
  audiences: string[];
  /** The latest grant. */
  grantedAt: Date | undefined;
  /** "remembered" with an end (or none: until removed), or "asked" each time. */
  remembered: { until: Date | undefined } | undefined;
}

const httpsOnly = (url: string | undefined) => (url !== undefined && /^https:\/\//i.test(url) ? url : undefined);

function dateOf(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) || date.getTime() <= 0 ? undefined : date;
}

/**
 * Hydra's consent sessions of one subject, grouped by client: every scope and audience granted in any of them,
 * the latest grant, and whether a remembered one still stands. Expired remembered grants are not "remembered".
 */
export function connectedApps(sessions: readonly OAuth2ConsentSession[], now: Date): ConnectedApp[] {
  const byClient = new Map<string, ConnectedApp>();
  for (const session of sessions) {
    const client = session.consent_request?.client;
    const clientId = client?.client_id;
    if (clientId === undefined || clientId === "") continue;
    const app = byClient.get(clientId) ?? {
      clientId,
      name: client?.client_name || clientId,
      logoUri: httpsOnly(client?.logo_uri),
      scopes: [],
      audiences: [],
      grantedAt: undefined,
      remembered: undefined,
    };
    for (const scope of session.grant_scope ?? []) if (!app.scopes.includes(scope)) app.scopes.push(scope);
    for (const audience of session.grant_access_token_audience ?? [])
      if (!app.audiences.includes(audience)) app.audiences.push(audience);
    const grantedAt = dateOf(session.handled_at);
    if (grantedAt !== undefined && (app.grantedAt === undefined || grantedAt > app.grantedAt))
      app.grantedAt = grantedAt;
    if (session.remember === true) {
      const seconds = session.remember_for ?? 0;
      const until = seconds > 0 && grantedAt !== undefined ? new Date(grantedAt.getTime() + seconds * 1000) : undefined;
      const stillValid = until === undefined || until > now;
      const current = app.remembered;
      if (
        stillValid &&
        (current === undefined || (current.until !== undefined && (until === undefined || until > current.until)))
      )
        app.remembered = { until };
    }
    byClient.set(clientId, app);
  }
  return [...byClient.values()].sort((a, b) => a.name.localeCompare(b.name));
}
