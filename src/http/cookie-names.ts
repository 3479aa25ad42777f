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
/** The browser an emailed sign-in code was asked from: its code and link work only there. */
export const EMAIL_SIGN_IN_COOKIE_BASE = "hlc.email-sign-in";
/** A browser's own random value that binds its round trips to identity providers (issue 23). */
export const UPSTREAM_COOKIE_BASE = "hlc.upstream";
/** The forgot-password flow's browser marker: a link leads back into the login only in the browser that asked. */
export const RECOVERY_COOKIE_BASE = "hlc.recovery";
/** The account area's sign-in under way (its OIDC state, nonce and verifier), signed. */
export const ACCOUNT_PENDING_COOKIE_BASE = "hlc.oidc";
