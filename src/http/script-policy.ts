import type { Response } from "express";

/**
 * Pages run no script, except the passkey pages, which load /public/js/passkey.js, and the account page while an
 * authenticator app is set up, which loads /public/js/copy.js: those get `script-src 'self'` instead of `'none'`
 * (still no inline script, no other origin).
 */
export function allowOwnScripts(res: Response): void {
  const policy = res.getHeader("Content-Security-Policy");
  if (typeof policy === "string") {
    res.setHeader("Content-Security-Policy", policy.replace("script-src 'none'", "script-src 'self'"));
  }
}
