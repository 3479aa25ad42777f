import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/** A compact JWS (RS256), as a provider signs its ID tokens. */
function signJwt(claims: Record<string, unknown>, key: KeyObject, kid: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const input = `${part({ alg: "RS256", typ: "JWT", kid })}.${part(claims)}`;
  return `${input}.${sign("sha256", Buffer.from(input), key).toString("base64url")}`;
}

/** Who the issuer signs in next, and what its ID token says. */
export interface UpstreamPerson {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  amr?: string[];
}

/** A flaw to put in the next ID token, as a broken or malicious provider (or a captured token) would. */
export type Tamper = "nonce" | "audience" | "issuer" | "expired" | "signature";

/**
 * A small but real OpenID Connect provider on 127.0.0.1: discovery, JWKS, an authorization endpoint that signs the
 * configured person in at once (302 to the redirect URI with a code), a token endpoint that checks the client's
 * secret, the redirect URI and the PKCE verifier, and ID tokens signed with RS256 by a key of its own.
 */
export async function startOidcIssuer(client: { id: string; secret: string }) {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const other = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: "jwk" }), kid: "k1", alg: "RS256", use: "sig" };
  const codes = new Map<string, { nonce?: string; challenge: string; redirectUri: string; person: UpstreamPerson }>();
  const state = {
    person: { sub: "upstream-1", email: "new@corp.example", email_verified: true } as UpstreamPerson,
    tamper: undefined as Tamper | undefined,
    /** Answer the next authorization with this error instead of a code. */
    error: undefined as string | undefined,
    authorizations: [] as URLSearchParams[],
    tokenRequests: 0,
    /** How the last token request sent the client's secret. */
    clientAuth: undefined as "basic" | "post" | undefined,
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", issuer);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    if (url.pathname === "/.well-known/openid-configuration") {
      json(200, {
        issuer,
        authorization_endpoint: `${issuer}authorize`,
        token_endpoint: `${issuer}token`,
        jwks_uri: `${issuer}jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        code_challenge_methods_supported: ["S256"],
        token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
      });
      return;
    }
    if (url.pathname === "/jwks") return json(200, { keys: [jwk] });
    if (url.pathname === "/authorize") {
      state.authorizations.push(url.searchParams);
      const redirect = new URL(url.searchParams.get("redirect_uri") ?? "http://invalid/");
      redirect.searchParams.set("state", url.searchParams.get("state") ?? "");
      if (state.error !== undefined) {
        redirect.searchParams.set("error", state.error);
        state.error = undefined;
      } else {
        const code = randomBytes(16).toString("base64url");
        codes.set(code, {
          nonce: url.searchParams.get("nonce") ?? undefined,
          challenge: url.searchParams.get("code_challenge") ?? "",
          redirectUri: redirect.origin + redirect.pathname,
          person: { ...state.person },
        });
        redirect.searchParams.set("code", code);
      }
      res.writeHead(302, { location: redirect.href }).end();
      return;
    }
    if (url.pathname === "/token" && req.method === "POST") {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        void (async () => {
          state.tokenRequests += 1;
          const form = new URLSearchParams(body);
          const basic = req.headers.authorization?.startsWith("Basic ")
            ? Buffer.from(req.headers.authorization.slice(6), "base64").toString().split(":").map(decodeURIComponent)
            : undefined;
          const [id, secret] = basic ?? [form.get("client_id"), form.get("client_secret")];
          state.clientAuth = basic === undefined ? "post" : "basic";
          if (id !== client.id || secret !== client.secret) return json(401, { error: "invalid_client" });
          const grant = codes.get(form.get("code") ?? "");
          codes.delete(form.get("code") ?? "");
          const verifier = form.get("code_verifier") ?? "";
          const challenge = createHash("sha256").update(verifier).digest("base64url");
          if (grant === undefined || grant.challenge !== challenge || grant.redirectUri !== form.get("redirect_uri")) {
            return json(400, { error: "invalid_grant" });
          }
          const tamper = state.tamper;
          const now = Math.floor(Date.now() / 1000);
          const { sub, ...claims } = grant.person;
          const token = signJwt(
            {
              ...claims,
              sub,
              nonce: tamper === "nonce" ? "another-nonce" : grant.nonce,
              iss: tamper === "issuer" ? "http://127.0.0.1:1/" : issuer,
              aud: tamper === "audience" ? "another-client" : client.id,
              iat: tamper === "expired" ? now - 7200 : now,
              exp: tamper === "expired" ? now - 3600 : now + 300,
            },
            tamper === "signature" ? other.privateKey : privateKey,
            "k1",
          );
          json(200, {
            access_token: randomBytes(16).toString("hex"),
            token_type: "Bearer",
            expires_in: 300,
            id_token: token,
          });
        })();
      });
      return;
    }
    json(404, { error: "not_found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    issuer,
    state,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
