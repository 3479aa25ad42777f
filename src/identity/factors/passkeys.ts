/**
 * Passkeys (WebAuthn) with @simplewebauthn/server 13: options for navigator.credentials.create/get, and verification
 * of what the browser sends back (public/js/passkey.js posts it as JSON in the form field `credential`).
 *
 * The relying party is BASE_URL: its hostname is the RP ID and its origin the only accepted origin. User
 * verification (PIN, biometrics) is always required, so a passkey counts as two factors; passkeys are discoverable
 * (resident keys), so sign-in can start without a user name. Attestation is not requested ("none").
 *
 * Nothing here throws on what a browser sent: malformed or failing input gives undefined / { ok: false }. The caller
 * keeps the challenge (options.challenge) in the session, uses it once, and stores the PasskeyRecord / new counter.
 */
import { createHash, randomBytes } from "node:crypto";
import { isIP } from "node:net";
import type {
  AuthenticationResponseJSON,
  AuthenticatorAttachment,
  AuthenticatorTransportFuture,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";

/**
 * The library is loaded when a passkey is registered or checked, not at start: with its certificate parsers it
 * holds about 10 MB of memory that an instance whose users never use passkeys does not need. The sign-in page's
 * options are plain data (a random challenge) and are made here without it.
 */
const webauthn = () => import("@simplewebauthn/server");
import type { PasskeyRecord } from "./types.js";

export interface PasskeyUser {
  id: string;
  email: string;
  name?: string | undefined;
}

export type PasskeyAuthenticationResult = { ok: true; counter: number; userVerified: boolean } | { ok: false };

export interface Passkeys {
  readonly rpID: string;
  readonly origin: string;
  /** Options for navigator.credentials.create; keep `.challenge` for verifyRegistration. */
  registrationOptions(user: PasskeyUser, existing: PasskeyRecord[]): Promise<PublicKeyCredentialCreationOptionsJSON>;
  /** The new passkey (name trimmed, at most 64 characters), or undefined when the response does not verify. */
  verifyRegistration(response: unknown, expectedChallenge: string, name: string): Promise<PasskeyRecord | undefined>;
  /** Options for navigator.credentials.get; without `allow` (or with none) any discoverable passkey may answer. */
  authenticationOptions(allow?: PasskeyRecord[]): Promise<PublicKeyCredentialRequestOptionsJSON>;
  /** Verifies an assertion made with `passkey` (find it with credentialIdOf + FactorStore.findPasskey first). */
  verifyAuthentication(
    response: unknown,
    expectedChallenge: string,
    passkey: PasskeyRecord,
  ): Promise<PasskeyAuthenticationResult>;
  /** The credential id a browser response names, to look the passkey up; undefined when malformed. */
  credentialIdOf(response: unknown): string | undefined;
}

const TIMEOUT_MS = 5 * 60_000; // generous: people using assistive technology may need longer than the usual minute
const NAME_MAX = 64;
const RESPONSE_MAX_CHARS = 64 * 1024;
const B64URL = /^[A-Za-z0-9_-]+$/;
const TRANSPORTS: ReadonlySet<string> = new Set(["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"]);

/** Response input: the parsed object, or the JSON text of the `credential` form field. */
function asObject(value: unknown): Record<string, unknown> | undefined {
  if (typeof value === "string") {
    if (value.length > RESPONSE_MAX_CHARS) return undefined;
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function b64url(value: unknown): string | undefined {
  return typeof value === "string" && value.length <= RESPONSE_MAX_CHARS && B64URL.test(value) ? value : undefined;
}

function transportsOf(value: unknown): AuthenticatorTransportFuture[] {
  return Array.isArray(value)
    ? value.filter((t): t is AuthenticatorTransportFuture => typeof t === "string" && TRANSPORTS.has(t))
    : [];
}

/** The common part of both response shapes, rebuilt from checked fields only. */
function credentialBase(value: unknown) {
  const object = asObject(value);
  const response = asObject(object?.response);
  const id = b64url(object?.id);
  const clientDataJSON = b64url(response?.clientDataJSON);
  if (object === undefined || response === undefined || id === undefined || clientDataJSON === undefined) return;
  if (object.rawId !== id || object.type !== "public-key") return;
  const attachment: AuthenticatorAttachment | undefined =
    object.authenticatorAttachment === "platform" || object.authenticatorAttachment === "cross-platform"
      ? object.authenticatorAttachment
      : undefined;
  return {
    id,
    rawId: id,
    type: "public-key" as const,
    clientExtensionResults: {},
    ...(attachment !== undefined ? { authenticatorAttachment: attachment } : {}),
    response,
    clientDataJSON,
  };
}

function registrationResponse(value: unknown): RegistrationResponseJSON | undefined {
  const base = credentialBase(value);
  const attestationObject = b64url(base?.response.attestationObject);
  if (base === undefined || attestationObject === undefined) return;
  const { response, clientDataJSON, ...rest } = base;
  return { ...rest, response: { clientDataJSON, attestationObject, transports: transportsOf(response.transports) } };
}

function authenticationResponse(value: unknown): AuthenticationResponseJSON | undefined {
  const base = credentialBase(value);
  const authenticatorData = b64url(base?.response.authenticatorData);
  const signature = b64url(base?.response.signature);
  if (base === undefined || authenticatorData === undefined || signature === undefined) return;
  const { response, clientDataJSON, ...rest } = base;
  const absent = response.userHandle === undefined || response.userHandle === null || response.userHandle === "";
  const userHandle = b64url(response.userHandle);
  if (!absent && userHandle === undefined) return;
  return {
    ...rest,
    response: { clientDataJSON, authenticatorData, signature, ...(userHandle ? { userHandle } : {}) },
  };
}

function descriptor(passkey: PasskeyRecord) {
  return { id: passkey.credentialId, transports: transportsOf(passkey.transports) };
}

/**
 * The relying party for `baseUrl` (BASE_URL). Throws when its hostname is an IP address (WebAuthn accepts only
 * domain names, "localhost" included) or it is not http(s).
 */
export function createPasskeys({ rpName, baseUrl }: { rpName: string; baseUrl: string }): Passkeys {
  const url = new URL(baseUrl);
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new Error(`passkeys: BASE_URL must be an https URL (got ${url.protocol})`);
  }
  const rpID = url.hostname;
  if (isIP(rpID.replace(/^\[|\]$/g, "")) !== 0) {
    throw new Error(
      `passkeys: BASE_URL's host ${rpID} is an IP address, and WebAuthn only works on a domain name; use a host name (e.g. localhost) in BASE_URL`,
    );
  }
  const origin = url.origin;

  return {
    rpID,
    origin,

    async registrationOptions(user, existing) {
      const { generateRegistrationOptions } = await webauthn();
      return generateRegistrationOptions({
        rpName,
        rpID,
        userName: user.email,
        userDisplayName: user.name ?? user.email,
        // The user handle stays on the authenticator: an opaque, stable 32 bytes rather than the account id itself.
        userID: new Uint8Array(createHash("sha256").update(`user:${user.id}`).digest()),
        attestationType: "none",
        excludeCredentials: existing.map(descriptor),
        authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: "required" },
        timeout: TIMEOUT_MS,
      });
    },

    async verifyRegistration(response, expectedChallenge, name) {
      const parsed = registrationResponse(response);
      if (parsed === undefined) return undefined;
      try {
        const { verifyRegistrationResponse } = await webauthn();
        const result = await verifyRegistrationResponse({
          response: parsed,
          expectedChallenge,
          expectedOrigin: origin,
          expectedRPID: rpID,
          requireUserVerification: true,
        });
        if (!result.verified || !result.registrationInfo.userVerified) return undefined;
        const info = result.registrationInfo;
        const trimmed = [...name.trim()].slice(0, NAME_MAX).join("").trim();
        return {
          credentialId: info.credential.id,
          publicKey: Buffer.from(info.credential.publicKey).toString("base64url"),
          counter: info.credential.counter,
          transports: parsed.response.transports ?? [],
          name: trimmed === "" ? "Passkey" : trimmed,
          createdAt: new Date().toISOString(),
          lastUsedAt: undefined,
          deviceType: info.credentialDeviceType,
          backedUp: info.credentialBackedUp,
        };
      } catch {
        return undefined;
      }
    },

    // As @simplewebauthn's generateAuthenticationOptions makes them: 32 random bytes as the challenge.
    authenticationOptions(allow) {
      return Promise.resolve({
        rpId: rpID,
        challenge: randomBytes(32).toString("base64url"),
        ...(allow !== undefined && allow.length > 0
          ? {
              allowCredentials: allow.map((passkey) => ({
                ...descriptor(passkey),
                id: passkey.credentialId.replace(/=+$/, ""),
                type: "public-key" as const,
              })),
            }
          : {}),
        timeout: TIMEOUT_MS,
        userVerification: "required",
      });
    },

    async verifyAuthentication(response, expectedChallenge, passkey) {
      const parsed = authenticationResponse(response);
      if (parsed === undefined || parsed.id !== passkey.credentialId) return { ok: false };
      try {
        const { verifyAuthenticationResponse } = await webauthn();
        const result = await verifyAuthenticationResponse({
          response: parsed,
          expectedChallenge,
          expectedOrigin: origin,
          expectedRPID: rpID,
          credential: {
            id: passkey.credentialId,
            publicKey: new Uint8Array(Buffer.from(passkey.publicKey, "base64url")),
            counter: passkey.counter,
            transports: transportsOf(passkey.transports),
          },
          requireUserVerification: true,
        });
        if (!result.verified || !result.authenticationInfo.userVerified) return { ok: false };
        return { ok: true, counter: result.authenticationInfo.newCounter, userVerified: true };
      } catch {
        return { ok: false };
      }
    },

    credentialIdOf(response) {
      return b64url(asObject(response)?.id);
    },
  };
}
