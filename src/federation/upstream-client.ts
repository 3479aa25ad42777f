import type * as OpenIdClient from "openid-client";
import { z } from "zod";
import type { UpstreamProvider } from "../config/upstream-providers.js";
import { BadRequest, Unavailable } from "../errors.js";

/** One round trip's secrets, kept server-side until the callback (sign-in/upstream-flows.ts). */
export interface UpstreamRoundTrip {
  state: string;
  nonce: string;
  verifier: string;
}

/** Who the provider says signed in, its claims mapped to ours, with what it says of how. */
export interface UpstreamIdentity {
  providerId: string;
  sub: string;
  email: string | undefined;
  emailVerified: boolean;
  name: string | undefined;
  givenName: string | undefined;
  familyName: string | undefined;
  preferredUsername: string | undefined;
  /** The provider's `amr` when it sent one. */
  amr: string[] | undefined;
  acr: string | undefined;
}

export interface UpstreamClient {
  /** The provider's authorization URL for a new round trip, and the secrets the callback must match. */
  start(
    provider: UpstreamProvider,
    hints: { loginHint?: string | undefined; uiLocales?: string | undefined },
  ): Promise<{ url: string; roundTrip: UpstreamRoundTrip }>;
  /** Redeems the code (PKCE), checks the ID token (issuer, audience, expiry, nonce, signature): who signed in. */
  finish(provider: UpstreamProvider, callbackUrl: URL, roundTrip: UpstreamRoundTrip): Promise<UpstreamIdentity>;
}

/** How long a provider may take to answer one request (discovery, token, JWKS). */
const TIMEOUT_SECONDS = 5;
/** How long a provider's discovery document is kept before it is read again. */
const DISCOVERY_TTL_MS = 60 * 60 * 1000;

/** The provider cannot be reached or answers nonsense: 503 with a way back to the sign-in. */
const providerDown = (provider: UpstreamProvider, cause: unknown, retryUrl?: string) =>
  new Unavailable("upstream_unavailable", {
    message: `identity provider ${provider.id} unavailable`,
    cause,
    ...(retryUrl === undefined ? {} : { retryUrl }),
  });

/** The provider's answer cannot be trusted or was a refusal: 400 with a way back. */
const providerRefused = (provider: UpstreamProvider, message: string, retryUrl?: string) =>
  new BadRequest("upstream_refused", {
    message: `identity provider ${provider.id}: ${message}`,
    ...(retryUrl === undefined ? {} : { retryUrl }),
  });

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);

/** The account record's own rule for an address: what the provider sends that is not one counts as none. */
const emailRule = z.email();
const emailOf = (value: unknown) => {
  const email = text(value)?.trim().toLowerCase();
  return email !== undefined && emailRule.safeParse(email).success ? email : undefined;
};

export function createUpstreamClient(options: { allowHttp: boolean }): UpstreamClient {
  const discovered = new Map<string, { at: number; config: Promise<OpenIdClient.Configuration> }>();
  let library: Promise<typeof OpenIdClient> | undefined;
  const oidcLibrary = () => (library ??= import("openid-client"));

  /** Discovery on first use, kept for an hour; a failure is forgotten at once, so the next try asks again. */
  async function configOf(
    provider: UpstreamProvider,
  ): Promise<{ oidc: typeof OpenIdClient; config: OpenIdClient.Configuration }> {
    const oidc = await oidcLibrary();
    const kept = discovered.get(provider.id);
    if (kept !== undefined && Date.now() - kept.at < DISCOVERY_TTL_MS) return { oidc, config: await kept.config };
    const config = oidc
      .discovery(
        new URL(provider.issuer),
        provider.clientId,
        undefined,
        (provider.tokenEndpointAuthMethod === "client_secret_post" ? oidc.ClientSecretPost : oidc.ClientSecretBasic)(
          provider.secret(),
        ),
        {
          timeout: TIMEOUT_SECONDS,
          // The ID token's signature is checked against the provider's JWKS too (openid-client skips that by default
          // for a token from the token endpoint): a token is only as good as the key that signed it.
          execute: [oidc.enableNonRepudiationChecks, ...(options.allowHttp ? [oidc.allowInsecureRequests] : [])],
        },
      )
      .catch((error: unknown) => {
        discovered.delete(provider.id);
        throw providerDown(provider, error);
      });
    discovered.set(provider.id, { at: Date.now(), config });
    return { oidc, config: await config };
  }

  return {
    async start(provider, hints) {
      const { oidc, config } = await configOf(provider);
      const roundTrip: UpstreamRoundTrip = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        verifier: oidc.randomPKCECodeVerifier(),
      };
      const extra: Record<string, string> = {};
      if (hints.loginHint !== undefined && hints.loginHint !== "") extra.login_hint = hints.loginHint;
      if (hints.uiLocales !== undefined && hints.uiLocales !== "") extra.ui_locales = hints.uiLocales;
      const url = oidc.buildAuthorizationUrl(config, {
        ...extra,
        redirect_uri: provider.redirectUri,
        scope: provider.scopes.join(" "),
        response_type: "code",
        state: roundTrip.state,
        nonce: roundTrip.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(roundTrip.verifier),
        code_challenge_method: "S256",
      });
      return { url: url.href, roundTrip };
    },

    async finish(provider, callbackUrl, roundTrip) {
      const { oidc, config } = await configOf(provider);
      let tokens;
      try {
        tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: roundTrip.verifier,
          expectedState: roundTrip.state,
          expectedNonce: roundTrip.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        if (error instanceof oidc.AuthorizationResponseError) {
          throw providerRefused(provider, `answered ${error.error}`);
        }
        if (error instanceof oidc.ClientError || error instanceof oidc.ResponseBodyError) {
          throw providerRefused(provider, (error as Error).message);
        }
        throw providerDown(provider, error);
      }
      const claims = tokens.claims();
      if (claims === undefined) throw providerRefused(provider, "no ID token");
      const claim = (ours: keyof UpstreamProvider["claims"]) => claims[provider.claims[ours]];
      const amr = Array.isArray(claims.amr) ? claims.amr.filter((value) => typeof value === "string") : undefined;
      return {
        providerId: provider.id,
        sub: claims.sub,
        email: emailOf(claim("email")),
        emailVerified: claim("email_verified") === true,
        name: text(claim("name")),
        givenName: text(claim("given_name")),
        familyName: text(claim("family_name")),
        preferredUsername: text(claim("preferred_username")),
        amr,
        acr: text(claims.acr),
      };
    },
  };
}
