import type * as OpenIdClient from "openid-client";
import { BadRequest, Unavailable } from "../errors.js";

/** What a sign-in to the account area proved: who, when and how strongly, and the id_token to end Hydra's session with. */
export interface AccountSignIn {
  subject: string;
  idToken: string | undefined;
  /** The id_token's `auth_time` (seconds): when the person last signed in at Hydra, a remembered login included. */
  authTime: number | undefined;
  /** The id_token's `acr`: "2" when that sign-in used a second factor. */
  acr: string | undefined;
}

/** What a sign-in must prove: a recent one (`max_age`, with `prompt=login`) and a second factor (`acr_values`). */
export interface SignInDemand {
  maxAgeSeconds?: number;
  acrValues?: string;
  promptLogin?: boolean;
}

/** One authorization-code + PKCE round trip's secrets, kept in a signed cookie until the callback. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
}

/** The account area as an OpenID Connect client of Hydra; openid-client does discovery, PKCE and id_token checks. */
export interface AccountOidc {
  start(demand?: SignInDemand): Promise<{ url: string; pending: PendingSignIn }>;
  finish(callbackUrl: URL, pending: PendingSignIn): Promise<AccountSignIn>;
  /** Hydra's end-session URL, which ends the browser's Hydra session and comes back to our signed-out page. */
  endSessionUrl(idToken: string | undefined): Promise<string>;
}

export interface AccountOidcOptions {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  allowHttp: boolean;
}

const discoveryUnavailable = (cause: unknown) =>
  new Unavailable("hydra_public", { message: "Hydra's public API (OpenID discovery) unavailable", cause });

interface Discovered {
  oidc: typeof OpenIdClient;
  config: OpenIdClient.Configuration;
}

export function createAccountOidc(options: AccountOidcOptions): AccountOidc {
  // Discovery happens on first use and is kept; a failure is retried on the next request (Hydra may start later).
  // The library is loaded then too, so that it costs no memory until someone opens the account area.
  let configuration: Promise<Discovered> | undefined;
  const configured = (): Promise<Discovered> => {
    configuration ??= import("openid-client")
      .then(async (oidc) => ({
        oidc,
        config: await oidc.discovery(
          new URL(options.issuerUrl),
          options.clientId,
          // auth_time is what decides whether a sign-in is recent enough to change how the account signs in.
          { require_auth_time: true },
          oidc.ClientSecretBasic(options.clientSecret),
          options.allowHttp ? { execute: [oidc.allowInsecureRequests] } : undefined,
        ),
      }))
      .catch((error: unknown) => {
        configuration = undefined;
        throw discoveryUnavailable(error);
      });
    return configuration;
  };

  return {
    async start(demand = {}) {
      const { oidc, config } = await configured();
      const pending: PendingSignIn = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        verifier: oidc.randomPKCECodeVerifier(),
      };
      const extra: Record<string, string> = {};
      if (demand.maxAgeSeconds !== undefined) extra.max_age = String(demand.maxAgeSeconds);
      if (demand.acrValues !== undefined) extra.acr_values = demand.acrValues;
      if (demand.promptLogin === true) extra.prompt = "login";
      const url = oidc.buildAuthorizationUrl(config, {
        ...extra,
        redirect_uri: options.redirectUri,
        scope: "openid email profile",
        response_type: "code",
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: "S256",
      });
      return { url: url.href, pending };
    },
    async finish(callbackUrl, pending) {
      const { oidc, config } = await configured();
      let tokens;
      try {
        tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        if (error instanceof oidc.ClientError || error instanceof oidc.AuthorizationResponseError) {
          throw new BadRequest("account_sign_in_failed", {
            message: `account sign-in refused: ${(error as Error).message}`,
            retryUrl: "/account",
          });
        }
        throw discoveryUnavailable(error);
      }
      const claims = tokens.claims();
      if (claims === undefined) throw discoveryUnavailable(new Error("no id_token"));
      return {
        subject: claims.sub,
        idToken: tokens.id_token,
        authTime: typeof claims.auth_time === "number" ? claims.auth_time : undefined,
        acr: typeof claims.acr === "string" ? claims.acr : undefined,
      };
    },
    async endSessionUrl(idToken) {
      const { oidc, config } = await configured();
      const parameters: Record<string, string> = { post_logout_redirect_uri: options.postLogoutRedirectUri };
      if (idToken !== undefined) parameters.id_token_hint = idToken;
      return oidc.buildEndSessionUrl(config, parameters).href;
    },
  };
}
