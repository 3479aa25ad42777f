import type { OAuth2ConsentRequest } from "@ory/client";
import type { User } from "../identity/user.js";

export type SkipReason = "remembered" | "client_skips_consent" | "trusted_client";

/**
 * Whether to accept without asking. Hydra sets `skip` for remembered consent; it does not apply the client's
 * `skip_consent`, so that and our own trusted list are decided here.
 */
export function consentSkipReason(
  request: Pick<OAuth2ConsentRequest, "skip" | "client">,
  trustedClientIds: readonly string[],
): SkipReason | undefined {
  if (request.skip === true) return "remembered";
  if (request.client?.skip_consent === true) return "client_skips_consent";
  const clientId = request.client?.client_id;
  if (clientId !== undefined && trustedClientIds.includes(clientId)) return "trusted_client";
  return undefined;
}

/** Normalises a form field that may be absent, one value or many into a list of strings. */
export function formList(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return [];
}

/**
 * The scopes to grant: those requested and ticked, in the requested order. Hydra grants whatever it is sent,
 * so anything not requested (a forged checkbox) is dropped here.
 */
export function grantableScopes(requested: readonly string[] | undefined, ticked: readonly string[]): string[] {
  const wanted = new Set(ticked);
  return [...new Set(requested ?? [])].filter((scope) => wanted.has(scope));
}

/** Audiences are granted as requested, never widened by the form. */
export function grantableAudiences(requested: readonly string[] | undefined): string[] {
  return [...new Set(requested ?? [])];
}

/**
 * Ids the consent page and its layout use for their own controls and landmarks; a scope must never take one.
 * Only this page's: `#email` is the login page's field, but on the consent page it is the `email` scope's box.
 */
export const RESERVED_PAGE_IDS: ReadonlySet<string> = new Set([
  "content",
  "accept",
  "reject",
  "remember",
  "form-error",
  "consent-form",
  "scopes",
  "audiences",
  "language-menu",
]);

const SCOPE_ID_PREFIX = "scope-";

/**
 * The checkbox id of each scope: the scope's own name, as Hydra's browser tests expect (`#openid`), unless that
 * name is one of our page's ids or could collide with a prefixed one; those get `scope-` in front.
 */
export function scopeFieldIds(scopes: readonly string[]): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const scope of scopes) {
    let id = scope;
    if (RESERVED_PAGE_IDS.has(id) || id.startsWith(SCOPE_ID_PREFIX)) id = SCOPE_ID_PREFIX + id;
    while (taken.has(id) || RESERVED_PAGE_IDS.has(id)) id = SCOPE_ID_PREFIX + id;
    taken.add(id);
    ids.set(scope, id);
  }
  return ids;
}

/**
 * The site the person will be sent back to, only when it is certain: every redirect URI registered for the client
 * is on the same host. Not the `redirect_uri` in Hydra's request URL: a signed request object's `redirect_uri`
 * wins over the query's in Hydra, so the query can name a host the browser will never see.
 */
export function redirectHostOf(registered: readonly string[] | undefined): string | undefined {
  const hosts = new Set<string>();
  for (const uri of registered ?? []) {
    const host = webHostOf(uri);
    if (host === undefined) return undefined; // a custom scheme (an app) or garbage: no host to promise
    hosts.add(host);
  }
  return hosts.size === 1 ? [...hosts][0] : undefined;
}

function webHostOf(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    return url.protocol === "http:" || url.protocol === "https:" ? url.host : undefined;
  } catch {
    return undefined;
  }
}

/**
 * "Not you?": the same authorization request at Hydra, with `prompt=login`, so Hydra asks who is signing in again.
 * Only for a request URL on http(s); Hydra built it, the form never sees it.
 */
export function switchAccountUrl(requestUrl: string | undefined): string | undefined {
  if (requestUrl === undefined) return undefined;
  try {
    const url = new URL(requestUrl);
    if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
    url.searchParams.set("prompt", "login");
    return url.href;
  } catch {
    return undefined;
  }
}

/** An audience URL as a person reads it: its host (and path when there is one), the full URL kept beside it. */
export function audienceLabel(audience: string): string {
  try {
    const url = new URL(audience);
    const path = url.pathname === "/" ? "" : url.pathname;
    return url.host + path;
  } catch {
    return audience;
  }
}

/** Why an account may not be granted anything now, or `undefined` when it may. */
export function accountRefusal(
  user: Pick<User, "disabled"> | undefined,
): "account_missing" | "account_disabled" | undefined {
  if (user === undefined) return "account_missing";
  return user.disabled ? "account_disabled" : undefined;
}

/** What Hydra is told when the account behind a consent is disabled or gone. */
export const CANNOT_SIGN_IN = {
  error: "access_denied",
  error_description: "The account cannot sign in: it is disabled or no longer exists.",
} as const;

/** The consent form's "remember" box sends "1" when ticked; nothing else ("", "0", a list) counts. */
export function rememberTicked(value: unknown): boolean {
  return value === "1";
}
