import type { Request, Response } from "express";
import { allowOwnScripts } from "../http/script-policy.js";
import type { PasskeyRecord } from "../identity/factors/types.js";
import type { FlowDeps } from "./deps.js";

const COOKIE = "hlc.pk";
const MAX_AGE_MS = 5 * 60 * 1000;

/**
 * WebAuthn options for a sign-in page, as the JSON its button carries. The challenge waits in a signed, HttpOnly
 * cookie (nothing stored for a stranger) until the page posts the passkey's answer. Undefined without passkeys.
 */
export async function passkeyOptions(
  deps: FlowDeps,
  req: Request,
  res: Response,
  allow?: PasskeyRecord[],
): Promise<string | undefined> {
  if (deps.passkeys === undefined) return undefined;
  allowOwnScripts(res);
  const options = await deps.passkeys.authenticationOptions(allow);
  res.cookie(COOKIE, options.challenge, {
    signed: true,
    httpOnly: true,
    sameSite: "strict",
    secure: deps.config.secureCookies,
    path: "/login",
    maxAge: MAX_AGE_MS,
  });
  return JSON.stringify(options);
}

/** The challenge the page was given, used up: a second post with the same answer finds none. */
export function takePasskeyChallenge(req: Request, res: Response): string | undefined {
  const value: unknown = req.signedCookies?.[COOKIE];
  res.clearCookie(COOKIE, { path: "/login" });
  return typeof value === "string" && value.length > 0 ? value : undefined;
}
