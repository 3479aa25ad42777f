/**
 * The name a cookie of ours goes by. On https it carries the `__Host-` prefix: the browser then takes it only
 * with `Secure`, `Path=/` and no `Domain`, so a sibling subdomain cannot plant its own (a CSRF pair, a session).
 * Every cookie set with such a name must therefore be `Secure` with `Path=/` whenever `secure` is true.
 */
export function cookieName(base: string, secure: boolean): string {
  return secure ? `__Host-${base}` : base;
}

export const CSRF_COOKIE_BASE = "hlc.csrf";
export const SESSION_COOKIE_BASE = "hlc.sid";
/** The forgot-password flow's browser marker: a link leads back into the login only in the browser that asked. */
export const RECOVERY_COOKIE_BASE = "hlc.recovery";
/** The account area's sign-in under way (its OIDC state, nonce and verifier), signed. */
export const ACCOUNT_PENDING_COOKIE_BASE = "hlc.oidc";
