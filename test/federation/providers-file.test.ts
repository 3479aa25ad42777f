import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";
import { parseUpstreamProviders } from "../../src/config/upstream-providers.js";

const BASE = "https://login.example.com/";
const good = `
- id: corp
  name: Corp SSO
  issuer: https://idp.corp.example/
  client_id: login
  client_secret: very-secret-value
  link: existing
  domains: [Corp.Example]
`;
const parse = (text: string) => parseUpstreamProviders("providers.yaml", text, BASE);

describe("UPSTREAM_PROVIDERS_FILE", () => {
  it("a good file: defaults filled in, the redirect URI from BASE_URL, the secret out of what is logged", () => {
    const [provider] = parse(good);
    expect(provider).toMatchObject({
      id: "corp",
      scopes: ["openid", "email", "profile"],
      acr: "1",
      domains: ["corp.example"],
      redirectUri: "https://login.example.com/login/provider/corp/callback",
      claims: { email: "email", email_verified: "email_verified", name: "name" },
    });
    expect(provider!.secret()).toBe("very-secret-value");
    expect(JSON.stringify(provider)).not.toContain("very-secret-value");
  });

  it.each([
    ["a bad id", good.replace("id: corp", "id: Corp SSO"), /providers\[0\] \(Corp SSO\): id:/],
    ["no link policy", good.replace("  link: existing\n", ""), /providers\[0\] \(corp\): link:/],
    ["an unknown policy", good.replace("link: existing", "link: email"), /link:/],
    ["both secrets", good + "  client_secret_file: /run/x\n", /exactly one of client_secret and client_secret_file/],
    ["no secret", good.replace("  client_secret: very-secret-value\n", ""), /exactly one of/],
    ["an unknown field", good + "  clientSecret: x\n", /providers\[0\] \(corp\): .*clientSecret/],
    ["an issuer that is no URL", good.replace("https://idp.corp.example/", "idp"), /issuer:/],
    [
      "the same id twice",
      good + good.replace("Corp.Example", "other.example"),
      /providers\[1\] \(corp\): id: corp is used twice/,
    ],
    [
      "a domain of two providers",
      good + good.replace("id: corp", "id: corp2"),
      /providers\[1\] \(corp2\): domains: corp.example belongs to corp/,
    ],
    [
      "a secret file that is missing",
      good.replace("client_secret: very-secret-value", "client_secret_file: /nonexistent/secret"),
      /cannot read \/nonexistent\/secret: ENOENT/,
    ],
    ["not a list", "id: corp\n", /must be a list of providers/],
    ["not YAML", "- id: [corp\n", /not YAML/],
  ])("%s stops the start, naming the entry and the reason", (_name, text, reason) => {
    expect(() => parse(text)).toThrow(reason);
  });

  it("never puts the secret into the error", () => {
    expect(() => parse(good.replace("link: existing", "link: nope"))).not.toThrow(/very-secret-value/);
  });

  it("loadConfig: a bad file is a ConfigError naming the variable; it needs BASE_URL; https in production", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "providers-"));
    const file = path.join(dir, "providers.yaml");
    writeFileSync(file, good.replace("link: existing", "link: nope"));
    const env = { NODE_ENV: "test", BASE_URL: BASE, UPSTREAM_PROVIDERS_FILE: file };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(/UPSTREAM_PROVIDERS_FILE: .*providers\.yaml: providers\[0\] \(corp\): link:/);
    writeFileSync(file, good);
    expect(loadConfig(env).upstreamProviders.map((provider) => provider.id)).toEqual(["corp"]);
    expect(JSON.stringify(loadConfig(env))).not.toContain("very-secret-value");
    expect(() => loadConfig({ NODE_ENV: "test", UPSTREAM_PROVIDERS_FILE: file })).toThrow(
      /UPSTREAM_PROVIDERS_FILE: needs BASE_URL/,
    );
    expect(() =>
      loadConfig({ ...env, LDAP_URL: "ldaps://ldap.example", LDAP_USER_BASE: "ou=people,dc=example" }),
    ).toThrow(/UPSTREAM_PROVIDERS_FILE and LDAP_URL: accounts from a directory keep no links/);
    writeFileSync(file, good.replace("https://idp", "http://idp"));
    expect(() =>
      loadConfig({
        ...env,
        NODE_ENV: "production",
        SESSION_SECRET: "x".repeat(40),
        HYDRA_ADMIN_URL: "https://hydra:4445",
      }),
    ).toThrow(/issuer must be https in production/);
  });
});

describe("the start log and `link: create` (h19 finding 3)", () => {
  it("warns once per `link: create` provider while REGISTRATION is not open; nothing with open", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "providers-"));
    const file = path.join(dir, "providers.yaml");
    const create = good.replace("link: existing", "link: create");
    const third = good.replace("id: corp", "id: other").replace("domains: [Corp.Example]", "domains: []");
    writeFileSync(file, create + create.replace("id: corp", "id: partner").replace("[Corp.Example]", "[]") + third);
    const env = { NODE_ENV: "test", BASE_URL: BASE, UPSTREAM_PROVIDERS_FILE: file };
    const aboutCreate = (warnings: readonly string[]) => warnings.filter((line) => line.includes("link: create"));
    expect(aboutCreate(loadConfig(env).warnings)).toEqual([
      expect.stringMatching(/^identity provider corp: link: create makes no accounts while REGISTRATION is off/),
      expect.stringMatching(/^identity provider partner: link: create makes no accounts while REGISTRATION is off/),
    ]);
    expect(aboutCreate(loadConfig({ ...env, REGISTRATION: "invite", SMTP_URL: "smtp://mail" }).warnings)).toHaveLength(
      2,
    );
    const open = { ...env, REGISTRATION: "open", SMTP_URL: "smtp://mail", USERS_FILE: path.join(dir, "users.yaml") };
    expect(aboutCreate(loadConfig(open).warnings)).toEqual([]);
  });
});
