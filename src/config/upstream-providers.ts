import { readFileSync } from "node:fs";
import YAML from "yaml";
import { z } from "zod";

/**
 * UPSTREAM_PROVIDERS_FILE: the OpenID Connect providers people may sign in with (issue 23). Read and checked as a
 * whole at start; a bad file stops the app with the entry and the reason. Secrets stay out of the parsed value's
 * enumerable fields (`secret()` reads them), so logging a provider never logs its secret.
 */
const OUR_CLAIMS = ["email", "email_verified", "name", "given_name", "family_name", "preferred_username"] as const;
export type MappedClaim = (typeof OUR_CLAIMS)[number];

const domain = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, "must be a domain name, as example.com")
  .transform((value) => value.toLowerCase());

const providerSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, "id: lower-case letters, digits and '-', at most 32"),
    name: z.string().min(1).max(80),
    issuer: z.url({ protocol: /^https?$/ }),
    client_id: z.string().min(1),
    client_secret: z.string().min(1).optional(),
    client_secret_file: z.string().min(1).optional(),
    /** How the secret is sent to the token endpoint: HTTP Basic (the usual default, Hydra's) or in the form. */
    token_endpoint_auth_method: z.enum(["client_secret_basic", "client_secret_post"]).default("client_secret_basic"),
    scopes: z
      .array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, "a scope has no spaces"))
      .default(["openid", "email", "profile"]),
    icon: z
      .url({ protocol: /^https?$/ })
      .or(z.string().regex(/^\/[^/]/, "an https URL or a path of ours"))
      .optional(),
    claims: z.partialRecord(z.enum(OUR_CLAIMS), z.string().min(1)).default({}),
    link: z.enum(["existing", "create", "none"]),
    allowed_domains: z.array(domain).optional(),
    domains: z.array(domain).default([]),
    acr: z.enum(["1", "2"]).default("1"),
  })
  .strict()
  .refine((value) => (value.client_secret === undefined) !== (value.client_secret_file === undefined), {
    message: "set exactly one of client_secret and client_secret_file",
  });

export interface UpstreamProvider {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  tokenEndpointAuthMethod: "client_secret_basic" | "client_secret_post";
  scopes: readonly string[];
  icon: string | undefined;
  /** Our claim → the upstream's claim name. */
  claims: Readonly<Record<MappedClaim, string>>;
  link: "existing" | "create" | "none";
  allowedDomains: readonly string[] | undefined;
  domains: readonly string[];
  acr: "1" | "2";
  redirectUri: string;
  /** The client secret; a function so that logging the provider never shows it. */
  secret: () => string;
}

function readSecretFile(file: string): string {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`client_secret_file: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
  const secret = text.split(/\r?\n/)[0]!.trim();
  if (secret === "") throw new Error(`client_secret_file: ${file} is empty`);
  return secret;
}

const reasonOf = (error: unknown) =>
  error instanceof z.ZodError
    ? error.issues
        .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") + ": " : ""}${issue.message}`)
        .join("; ")
    : (error as Error).message;

/** The providers of the file's text; throws naming the entry (index and id) and the reason. */
export function parseUpstreamProviders(file: string, text: string, baseUrl: string): UpstreamProvider[] {
  let data: unknown;
  try {
    data = text.trim() === "" ? [] : YAML.parse(text);
  } catch (error) {
    throw new Error(`${file}: not YAML: ${(error as Error).message.replace(/\s+/g, " ").slice(0, 200)}`);
  }
  if (!Array.isArray(data)) throw new Error(`${file}: must be a list of providers`);
  const base = baseUrl.replace(/\/+$/, "");
  const seen = new Set<string>();
  const claimedDomains = new Map<string, string>();
  return data.map((entry: unknown, index) => {
    const rawId = typeof entry === "object" && entry !== null ? (entry as { id?: unknown }).id : undefined;
    const where = `${file}: providers[${index}]${typeof rawId === "string" ? ` (${rawId})` : ""}`;
    try {
      const value = providerSchema.parse(entry);
      if (seen.has(value.id)) throw new Error(`id: ${value.id} is used twice`);
      seen.add(value.id);
      for (const name of value.domains) {
        const other = claimedDomains.get(name);
        if (other !== undefined) throw new Error(`domains: ${name} belongs to ${other} already`);
        claimedDomains.set(name, value.id);
      }
      const secret = value.client_secret ?? readSecretFile(value.client_secret_file!);
      const scopes = value.scopes.includes("openid") ? value.scopes : ["openid", ...value.scopes];
      return {
        id: value.id,
        name: value.name,
        issuer: value.issuer,
        clientId: value.client_id,
        tokenEndpointAuthMethod: value.token_endpoint_auth_method,
        scopes,
        icon: value.icon,
        claims: Object.fromEntries(OUR_CLAIMS.map((claim) => [claim, value.claims[claim] ?? claim])) as Record<
          MappedClaim,
          string
        >,
        link: value.link,
        allowedDomains: value.allowed_domains,
        domains: value.domains,
        acr: value.acr,
        redirectUri: `${base}/login/provider/${value.id}/callback`,
        secret: () => secret,
      };
    } catch (error) {
      throw new Error(`${where}: ${reasonOf(error)}`);
    }
  });
}

export function readUpstreamProviders(file: string, baseUrl: string): UpstreamProvider[] {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
  return parseUpstreamProviders(file, text, baseUrl);
}
