import { createHmac, timingSafeEqual } from "node:crypto";
import type { OAuth2LoginRequest } from "../hydra.js";
import { clientName } from "./deps.js";

/** What a sign-in needs to know of Hydra's login request once the form is shown. */
export interface LoginFacts {
  clientId: string | undefined;
  clientName: string;
  acrValues: string[] | undefined;
  uiLocales: string[] | undefined;
}

export function loginFactsOf(request: OAuth2LoginRequest): LoginFacts {
  return {
    clientId: request.client?.client_id,
    clientName: clientName(request.client),
    acrValues: request.oidc_context?.acr_values,
    uiLocales: request.oidc_context?.ui_locales,
  };
}

/** Bounds on what an opened seal may hold, though only we can make one. */
const MAX_SEALED = 4096;
const MAX_LIST = 20;
const MAX_TEXT = 512;

export interface LoginFactsSeal {
  /** The facts as a form field: base64url JSON and a MAC over it and the challenge. */
  seal(challenge: string, facts: LoginFacts): string;
  /** The facts, when `sealed` is one of ours for this very challenge; otherwise undefined (ask Hydra). */
  open(challenge: string, sealed: unknown): LoginFacts | undefined;
}

/**
 * The login page carries what GET /login learned from Hydra (client, acr_values, ui_locales) to POST /login,
 * sealed with a key of ours and bound to the challenge, so the post does not ask Hydra again: one admin call
 * less per sign-in. A challenge's request never changes at Hydra, so the facts stay true; a seal made for one
 * challenge opens for no other, and a form without a valid seal falls back to asking Hydra. Keys come from
 * SESSION_SECRET (each of them opens, the first seals), so rotating it works as it does for cookies.
 */
export function createLoginFactsSeal(secrets: readonly string[]): LoginFactsSeal {
  const keys = secrets.map((secret) => createHmac("sha256", secret).update("login facts seal v1").digest());
  const mac = (key: Buffer, challenge: string, payload: string) =>
    createHmac("sha256", key).update(challenge).update("\0").update(payload).digest();

  return {
    seal(challenge, facts) {
      const payload = Buffer.from(
        JSON.stringify([facts.clientId ?? null, facts.clientName, facts.acrValues ?? null, facts.uiLocales ?? null]),
      ).toString("base64url");
      return `${payload}.${mac(keys[0]!, challenge, payload).toString("base64url")}`;
    },
    open(challenge, sealed) {
      if (typeof sealed !== "string" || sealed.length > MAX_SEALED) return undefined;
      const dot = sealed.indexOf(".");
      if (dot <= 0) return undefined;
      const payload = sealed.slice(0, dot);
      const given = Buffer.from(sealed.slice(dot + 1), "base64url");
      const genuine = keys.some((key) => {
        const expected = mac(key, challenge, payload);
        return given.length === expected.length && timingSafeEqual(given, expected);
      });
      if (!genuine) return undefined;
      return parseFacts(Buffer.from(payload, "base64url").toString("utf8"));
    },
  };
}

const isText = (value: unknown): value is string => typeof value === "string" && value.length <= MAX_TEXT;
const isList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.length <= MAX_LIST && value.every(isText);

function parseFacts(json: string): LoginFacts | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 4) return undefined;
  const [clientId, name, acrValues, uiLocales] = value as unknown[];
  if (!(clientId === null || isText(clientId)) || !isText(name)) return undefined;
  if (!(acrValues === null || isList(acrValues)) || !(uiLocales === null || isList(uiLocales))) return undefined;
  return {
    clientId: clientId ?? undefined,
    clientName: name,
    acrValues: acrValues ?? undefined,
    uiLocales: uiLocales ?? undefined,
  };
}
