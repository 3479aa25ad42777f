import { createHmac, timingSafeEqual } from "node:crypto";
import type { OAuth2LoginRequest } from "../hydra.js";
import { loginFactsOf, type LoginFacts } from "../policy/login-request.js";

/**
 * Hydra's default `ttl.login_consent_request`: an older seal is not trusted, and the app asks Hydra instead (which
 * says whether the request still lives, before any password is checked).
 */
export const SEAL_MAX_AGE_MS = 30 * 60 * 1000;
/** Bounds on what a seal may hold; facts beyond them are not sealed (the post then asks Hydra). */
const MAX_LIST = 20;
const MAX_TEXT = 512;
/** base64url of the payload, a dot, base64url of a 32-byte HMAC-SHA256: anything else is not one of ours. */
const SEAL_SHAPE = /^[A-Za-z0-9_-]{1,4000}\.[A-Za-z0-9_-]{43}$/;

export interface LoginFactsSeal {
  /** The facts as a form field, bound to the challenge and stamped with the time; "" when they are too big. */
  seal(challenge: string, facts: LoginFacts, now?: number): string;
  /** The facts, when `sealed` is one of ours, for this very challenge, and fresh; otherwise undefined (ask Hydra). */
  open(challenge: string, sealed: unknown, now?: number): LoginFacts | undefined;
}

/**
 * The login page carries what GET /login learned from Hydra (client, acr_values, ui_locales) to POST /login,
 * sealed with a key of ours and bound to the challenge, so the post does not ask Hydra again: one admin call
 * less per sign-in. A challenge's request never changes at Hydra, so the facts stay true while it lives; a seal
 * opens for no other challenge and not after SEAL_MAX_AGE_MS, and a form without a valid seal falls back to
 * asking Hydra. Keys come from SESSION_SECRET (each of them opens, the first seals), so rotating it works as it
 * does for cookies.
 */
export function createLoginFactsSeal(secrets: readonly string[]): LoginFactsSeal {
  const keys = secrets.map((secret) => createHmac("sha256", secret).update("login facts seal v2").digest());
  const mac = (key: Buffer, challenge: string, payload: string) =>
    createHmac("sha256", key).update(challenge).update("\0").update(payload).digest();

  return {
    seal(challenge, facts, now = Date.now()) {
      if (!withinBounds(facts)) return "";
      const payload = Buffer.from(
        JSON.stringify([
          now,
          facts.clientId ?? null,
          facts.clientName,
          facts.acrValues ?? null,
          facts.uiLocales ?? null,
          facts.sessionId ?? null,
        ]),
      ).toString("base64url");
      return `${payload}.${mac(keys[0]!, challenge, payload).toString("base64url")}`;
    },
    open(challenge, sealed, now = Date.now()) {
      if (typeof sealed !== "string" || !SEAL_SHAPE.test(sealed)) return undefined;
      const [payload, given] = sealed.split(".") as [string, string];
      const givenMac = Buffer.from(given, "base64url");
      // base64url's last character carries two spare bits: only the one spelling we write is ours.
      if (givenMac.toString("base64url") !== given) return undefined;
      const genuine = keys.some((key) => timingSafeEqual(givenMac, mac(key, challenge, payload)));
      if (!genuine) return undefined;
      return parseFacts(Buffer.from(payload, "base64url").toString("utf8"), now);
    },
  };
}

/**
 * The facts a posted login form stands on: its seal opened, when it is ours for this challenge and fresh; otherwise
 * Hydra's answer to `ask`, sealed anew. `sealed` is what the form carries if it is shown again: an opened seal as it
 * came, so that showing the form again never makes an old seal young.
 */
export async function factsOfPostedForm(
  seal: LoginFactsSeal,
  challenge: string,
  posted: unknown,
  ask: () => Promise<OAuth2LoginRequest>,
): Promise<{ facts: LoginFacts; sealed: string }> {
  const opened = seal.open(challenge, posted);
  if (opened !== undefined) return { facts: opened, sealed: posted as string };
  const facts = loginFactsOf(await ask());
  return { facts, sealed: seal.seal(challenge, facts) };
}

const isText = (value: unknown): value is string => typeof value === "string" && value.length <= MAX_TEXT;
const isList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.length <= MAX_LIST && value.every(isText);

function withinBounds(facts: LoginFacts): boolean {
  return (
    (facts.clientId === undefined || isText(facts.clientId)) &&
    isText(facts.clientName) &&
    (facts.acrValues === undefined || isList(facts.acrValues)) &&
    (facts.uiLocales === undefined || isList(facts.uiLocales)) &&
    (facts.sessionId === undefined || isText(facts.sessionId))
  );
}

function parseFacts(json: string, now: number): LoginFacts | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 6) return undefined;
  const [sealedAt, clientId, name, acrValues, uiLocales, sessionId] = value as unknown[];
  if (typeof sealedAt !== "number" || !(now - sealedAt >= 0 && now - sealedAt <= SEAL_MAX_AGE_MS)) return undefined;
  const facts = {
    clientId: clientId === null ? undefined : clientId,
    clientName: name,
    acrValues: acrValues === null ? undefined : acrValues,
    uiLocales: uiLocales === null ? undefined : uiLocales,
    sessionId: sessionId === null ? undefined : sessionId,
  } as LoginFacts;
  return withinBounds(facts) ? facts : undefined;
}
