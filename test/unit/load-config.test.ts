import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

const SECRET = "s".repeat(32);

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("loadConfig", () => {
  it("development defaults: local Hydra, demo account, a random session secret with a warning", () => {
    const config = loadConfig({});
    expect(config.env).toBe("development");
    expect(config.port).toBe(3000);
    expect(config.host).toBe("127.0.0.1");
    expect(config.hydra.adminUrl).toBe("http://127.0.0.1:4445");
    expect(config.hydra.timeoutMs).toBe(5000);
    expect(config.demoAccount).toBe(true);
    expect(config.sessionSecrets).toHaveLength(1);
    expect(config.sessionSecrets[0]!.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({}).sessionSecrets[0]).not.toBe(config.sessionSecrets[0]);
    expect(config.warnings.join("\n")).toContain("SESSION_SECRET is not set");
    expect(config.bruteForce).toEqual({
      maxFailuresPerAccount: 10,
      maxFailuresPerIp: 100,
      windowSeconds: 900,
      lockoutSeconds: 900,
      failureDelayMs: 250,
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.hydra)).toBe(true);
  });

  it("production refuses to start without SESSION_SECRET or HYDRA_ADMIN_URL, naming both", () => {
    expect(problemsOf({ NODE_ENV: "production" })).toEqual([
      "SESSION_SECRET: required in production (at least 32 characters)",
      "HYDRA_ADMIN_URL: required in production",
    ]);
  });

  it("a short secret is refused in any mode; several secrets rotate", () => {
    expect(problemsOf({ SESSION_SECRET: "short" })).toEqual([
      "SESSION_SECRET: every secret must have at least 32 characters",
    ]);
    const config = loadConfig({ SESSION_SECRET: ` ${SECRET}a , ${SECRET}b ` });
    expect(config.sessionSecrets).toEqual([`${SECRET}a`, `${SECRET}b`]);
  });

  it.each([
    ["PORT", "eighty"],
    ["PORT", "70000"],
    ["HYDRA_ADMIN_URL", "not a url"],
    ["HYDRA_ADMIN_URL", "ftp://hydra"],
    ["MOCK_TLS_TERMINATION", "maybe"],
    ["NODE_ENV", "staging"],
    ["REMEMBER_LOGIN_FOR", "-1"],
    ["USERS_DATABASE_URL", "mysql://x"],
    ["REDIS_URL", "http://redis"],
    ["LOGIN_MAX_FAILURES_PER_ACCOUNT", "0"],
  ])("a bad %s (%s) is named", (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: `));
  });

  it("empty strings mean unset", () => {
    const config = loadConfig({ PORT: "", HYDRA_ADMIN_URL: "", TRUSTED_CLIENT_IDS: "" });
    expect(config.port).toBe(3000);
    expect(config.trustedClientIds).toEqual([]);
  });

  it("the demo account in production only with DANGEROUSLY_ENABLE_DEMO_ACCOUNT, and then with a warning", () => {
    const base = { NODE_ENV: "production", SESSION_SECRET: SECRET, HYDRA_ADMIN_URL: "http://hydra:4445" };
    expect(loadConfig(base).demoAccount).toBe(false);
    const dangerous = loadConfig({ ...base, DANGEROUSLY_ENABLE_DEMO_ACCOUNT: "true" });
    expect(dangerous.demoAccount).toBe(true);
    expect(dangerous.warnings.join("\n")).toContain("DANGEROUSLY_ENABLE_DEMO_ACCOUNT is on");
    expect(loadConfig(base).warnings.join("\n")).toContain("REDIS_URL is not set");
  });

  it("there is no demo account (and no demo hint) when a user store is configured", () => {
    expect(loadConfig({ USERS_FILE: "/etc/users.yaml" }).demoAccount).toBe(false);
    const production = loadConfig({
      NODE_ENV: "production",
      SESSION_SECRET: SECRET,
      HYDRA_ADMIN_URL: "http://hydra:4445",
      USERS_DATABASE_URL: "postgres://db/users",
      DANGEROUSLY_ENABLE_DEMO_ACCOUNT: "true",
    });
    expect(production.demoAccount).toBe(false);
    expect(production.warnings.join("\n")).toContain("DANGEROUSLY_ENABLE_DEMO_ACCOUNT is ignored");
  });

  it("parses lists, flags, URLs, proxies and credentials", () => {
    const config = loadConfig({
      TRUSTED_CLIENT_IDS: " a, b ,,c ",
      MOCK_TLS_TERMINATION: "1",
      HYDRA_ADMIN_URL: "https://hydra.example.test/",
      BASE_URL: "https://login.example.test",
      TRUST_PROXY: "2",
      ORY_PAT: "ory_pat_x",
    });
    expect(config.trustedClientIds).toEqual(["a", "b", "c"]);
    expect(config.hydra).toMatchObject({
      mockTlsTermination: true,
      adminUrl: "https://hydra.example.test",
      bearerToken: "ory_pat_x",
    });
    expect(config.secureCookies).toBe(true);
    expect(config.trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: "loopback" }).trustProxy).toBe("loopback");
    expect(loadConfig({ TRUST_PROXY: "true" }).trustProxy).toBe(true);
    expect(loadConfig({}).trustProxy).toBe(false);
  });

  it("refuses two user stores, and two different Ory credentials", () => {
    expect(problemsOf({ USERS_FILE: "/x.json", USERS_DATABASE_URL: "postgres://db/x" })).toEqual([
      "USERS_FILE and USERS_DATABASE_URL: set only one user store",
    ]);
    expect(problemsOf({ ORY_API_KEY: "a", ORY_PAT: "b" })).toEqual(["ORY_API_KEY and ORY_PAT: set only one of them"]);
  });
});

describe("loadConfig, round two", () => {
  const production = { NODE_ENV: "production", SESSION_SECRET: SECRET, HYDRA_ADMIN_URL: "http://hydra:4445" };

  it("refuses TRUST_PROXY=true in production (any client could pick its IP); hop counts and subnets are fine", () => {
    expect(problemsOf({ ...production, TRUST_PROXY: "true" }).join()).toContain("TRUST_PROXY");
    expect(problemsOf({ ...production, TRUST_PROXY: "1" })).toEqual([]);
    expect(loadConfig({ ...production, TRUST_PROXY: "10.0.0.0/8, loopback" }).trustProxy).toBe("10.0.0.0/8, loopback");
    expect(loadConfig({ TRUST_PROXY: "true" }).trustProxy).toBe(true); // development may
  });

  it("metrics: private in production unless METRICS_PORT or a long METRICS_TOKEN", () => {
    expect(loadConfig(production).metricsOnAppPort).toBe(false);
    expect(loadConfig({ ...production, METRICS_PORT: "9464" }).metricsOnAppPort).toBe(false);
    expect(loadConfig({ ...production, METRICS_TOKEN: "t".repeat(32) }).metricsOnAppPort).toBe(true);
    expect(problemsOf({ ...production, METRICS_TOKEN: "short" }).join()).toContain("METRICS_TOKEN");
    expect(loadConfig({}).metricsOnAppPort).toBe(true);
  });

  it("the account area is on only with all four variables, and says which are missing", () => {
    const off = loadConfig({ HYDRA_PUBLIC_URL: "http://127.0.0.1:4444" });
    expect(off.account).toBeUndefined();
    expect(off.warnings.join()).toContain("ACCOUNT_CLIENT_ID, ACCOUNT_CLIENT_SECRET, BASE_URL");
    const on = loadConfig({
      HYDRA_PUBLIC_URL: "http://127.0.0.1:4444",
      ACCOUNT_CLIENT_ID: "account-area",
      ACCOUNT_CLIENT_SECRET: "secret",
      BASE_URL: "http://localhost:3000/",
    });
    expect(on.account).toMatchObject({
      redirectUri: "http://localhost:3000/account/callback",
      idleSeconds: 900,
      absoluteSeconds: 28_800,
    });
    expect(on.trustedClientIds).toContain("account-area");
    expect(
      problemsOf({
        ...production,
        HYDRA_PUBLIC_URL: "http://hydra:4444",
        ACCOUNT_CLIENT_ID: "a",
        ACCOUNT_CLIENT_SECRET: "b",
        BASE_URL: "https://login.example",
      }).join(),
    ).toContain("HYDRA_PUBLIC_URL");
  });

  it("passkeys need a host name in BASE_URL; MFA_ENCRYPTION_KEY must be 32 bytes", () => {
    expect(loadConfig({ BASE_URL: "http://localhost:3000" }).mfa.passkeys).toEqual({
      rpId: "localhost",
      origin: "http://localhost:3000",
    });
    const ip = loadConfig({ BASE_URL: "http://127.0.0.1:3000" });
    expect(ip.mfa.passkeys).toBeUndefined();
    expect(ip.warnings.join()).toContain("IP address");
    expect(problemsOf({ MFA_ENCRYPTION_KEY: "too-short" }).join()).toContain("MFA_ENCRYPTION_KEY");
    expect(problemsOf({ MFA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64") })).toEqual([]);
  });

  it("brand: colours as #rrggbb, logos over https or from /public/", () => {
    expect(problemsOf({ BRAND_PRIMARY_COLOR: "red" }).join()).toContain("BRAND_PRIMARY_COLOR");
    expect(problemsOf({ BRAND_LOGO_URL: "http://insecure.example/logo.png" }).join()).toContain("BRAND_LOGO_URL");
    expect(problemsOf({ BRAND_LOGO_URL: "javascript:alert(1)" }).join()).toContain("BRAND_LOGO_URL");
    expect(loadConfig({ BRAND_LOGO_URL: "/public/favicon.svg" }).brand.logoUrl).toBe("/public/favicon.svg");
  });
});

describe("loadConfig, round three", () => {
  const production = { NODE_ENV: "production", SESSION_SECRET: SECRET, HYDRA_ADMIN_URL: "http://hydra:4445" };
  const KEY = Buffer.alloc(32, 7).toString("base64");
  const accountArea = {
    HYDRA_PUBLIC_URL: "https://hydra.example",
    ACCOUNT_CLIENT_ID: "account-area",
    ACCOUNT_CLIENT_SECRET: "secret",
    BASE_URL: "https://login.example",
  };

  it("names every problem in one run: schema errors and the checks across settings together", () => {
    const problems = problemsOf({
      NODE_ENV: "production",
      HYDRA_ADMIN_URL: "http://hydra:4445",
      BRAND_PRIMARY_COLOR: "red",
      PORT: "eighty",
      TRUST_PROXY: "true",
      MFA_ENCRYPTION_KEY: "too-short",
      BASE_URL: "http://login.example",
      CONFORMITY_FAKE_CLAIMS: "true",
    });
    expect(problems.map((problem) => problem.split(":")[0])).toEqual([
      "PORT",
      "MFA_ENCRYPTION_KEY",
      "BRAND_PRIMARY_COLOR",
      "SESSION_SECRET",
      "TRUST_PROXY",
      "BASE_URL",
      "CONFORMITY_FAKE_CLAIMS",
    ]);
    expect(problems).toContain("SESSION_SECRET: required in production (at least 32 characters)");
    expect(problems).toContain("BRAND_PRIMARY_COLOR: a colour like #1f6feb");
    let message = "";
    try {
      loadConfig({ NODE_ENV: "production", BRAND_PRIMARY_COLOR: "red", TRUST_PROXY: "true" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/BRAND_PRIMARY_COLOR[^]*SESSION_SECRET[^]*HYDRA_ADMIN_URL[^]*TRUST_PROXY/);
  });

  it("a refused value is named once: no second problem from its default standing in", () => {
    // A short secret falls back to none, which production refuses too: only the first reason is told.
    expect(problemsOf({ ...production, SESSION_SECRET: "short" })).toEqual([
      "SESSION_SECRET: every secret must have at least 32 characters",
    ]);
    expect(problemsOf({ ...production, HYDRA_ADMIN_URL: "ftp://hydra" })).toHaveLength(1);
    // A bad account-area key is about the key's format, not that it is missing.
    const badKey = problemsOf({ ...production, ...accountArea, TRUST_PROXY: "1", MFA_ENCRYPTION_KEY: "x" });
    expect(badKey).toHaveLength(1);
    expect(badKey[0]).toMatch(/^MFA_ENCRYPTION_KEY: decodes to 0 bytes; it must be exactly 32 bytes/);
  });

  it("production refuses an http BASE_URL unless DANGEROUSLY_ALLOW_HTTP, which then warns loudly", () => {
    const http = { ...production, BASE_URL: "http://login.example" };
    expect(problemsOf(http)).toEqual([
      expect.stringMatching(/^BASE_URL: must be https in production: .*DANGEROUSLY_ALLOW_HTTP=true/),
    ]);
    const allowed = loadConfig({ ...http, DANGEROUSLY_ALLOW_HTTP: "true" });
    expect(allowed.secureCookies).toBe(false);
    expect(allowed.warnings.join("\n")).toContain("DANGEROUSLY_ALLOW_HTTP is on in production");
    expect(loadConfig({ ...production, BASE_URL: "https://login.example" }).secureCookies).toBe(true);
    expect(loadConfig({ BASE_URL: "http://localhost:3000" }).warnings.join()).not.toContain("DANGEROUSLY_ALLOW_HTTP");
    expect(loadConfig(production).warnings.join("\n")).toContain("BASE_URL is not set: cookies are not marked Secure");
    // The switch covers BASE_URL only: Hydra's public URL stays https in production.
    expect(
      problemsOf({
        ...production,
        ...accountArea,
        HYDRA_PUBLIC_URL: "http://hydra:4444",
        DANGEROUSLY_ALLOW_HTTP: "1",
        MFA_ENCRYPTION_KEY: KEY,
      }),
    ).toEqual(["HYDRA_PUBLIC_URL: must be https in production (the account area's tokens travel over it)"]);
  });

  it("CONFORMITY_FAKE_CLAIMS: refused in production unless DANGEROUSLY_ALLOW_CONFORMITY_FAKE_CLAIMS; a warning elsewhere", () => {
    expect(problemsOf({ ...production, CONFORMITY_FAKE_CLAIMS: "true" })).toEqual([
      expect.stringMatching(/^CONFORMITY_FAKE_CLAIMS: refused in production: .*foo@bar\.com/),
    ]);
    const allowed = loadConfig({
      ...production,
      CONFORMITY_FAKE_CLAIMS: "true",
      DANGEROUSLY_ALLOW_CONFORMITY_FAKE_CLAIMS: "true",
    });
    expect(allowed.conformityFakeClaims).toBe(true);
    expect(allowed.warnings.join("\n")).toContain("DANGEROUSLY_ALLOW_CONFORMITY_FAKE_CLAIMS is on in production");
    const development = loadConfig({ CONFORMITY_FAKE_CLAIMS: "1" });
    expect(development.conformityFakeClaims).toBe(true);
    expect(development.warnings.join("\n")).toContain("CONFORMITY_FAKE_CLAIMS is on");
  });

  it("production with the account area on refuses to start without MFA_ENCRYPTION_KEY", () => {
    expect(problemsOf({ ...production, ...accountArea })).toEqual([
      expect.stringMatching(/^MFA_ENCRYPTION_KEY: required in production while the account area is on/),
    ]);
    expect(loadConfig({ ...production, ...accountArea, MFA_ENCRYPTION_KEY: KEY }).mfa.encryptionKey).toBe(KEY);
    // Without the account area nobody can enrol, so production may start (main still checks stored factors).
    expect(loadConfig(production).mfa.encryptionKey).toBeUndefined();
    // Development derives a key from SESSION_SECRET, with a warning.
    const { HYDRA_PUBLIC_URL, ACCOUNT_CLIENT_ID, ACCOUNT_CLIENT_SECRET, BASE_URL } = accountArea;
    const development = loadConfig({ HYDRA_PUBLIC_URL, ACCOUNT_CLIENT_ID, ACCOUNT_CLIENT_SECRET, BASE_URL });
    expect(development.account).toBeDefined();
    expect(development.warnings.join("\n")).toContain("MFA_ENCRYPTION_KEY is not set");
  });

  it("ACCOUNT_REAUTH_AFTER: 300 s by default, at least 30 s", () => {
    const on = { ...production, ...accountArea, MFA_ENCRYPTION_KEY: KEY };
    expect(loadConfig(on).account?.reauthAfterSeconds).toBe(300);
    expect(loadConfig({ ...on, ACCOUNT_REAUTH_AFTER: "60" }).account?.reauthAfterSeconds).toBe(60);
    expect(problemsOf({ ...on, ACCOUNT_REAUTH_AFTER: "0" })).toEqual([
      expect.stringMatching(/^ACCOUNT_REAUTH_AFTER: /),
    ]);
    expect(problemsOf({ ACCOUNT_REAUTH_AFTER: "soon" })).toEqual([expect.stringMatching(/^ACCOUNT_REAUTH_AFTER: /)]);
  });

  it("MFA_ENROL_DURING_SIGN_IN: off by default", () => {
    expect(loadConfig({}).mfa.enrolDuringSignIn).toBe(false);
    expect(loadConfig({ MFA_ENROL_DURING_SIGN_IN: "true" }).mfa.enrolDuringSignIn).toBe(true);
    expect(problemsOf({ MFA_ENROL_DURING_SIGN_IN: "sometimes" })).toEqual([
      expect.stringMatching(/^MFA_ENROL_DURING_SIGN_IN: /),
    ]);
  });

  it("the DANGEROUSLY_ switches stay out of Config; every part of it is frozen", () => {
    const config = loadConfig({
      ...production,
      DANGEROUSLY_ENABLE_DEMO_ACCOUNT: "true",
      BRAND_HELP_URL: "https://help.example",
    });
    expect(Object.keys(config).filter((key) => key.toLowerCase().includes("dangerous"))).toEqual([]);
    expect(config.brand.links).toEqual([{ id: "help", key: "app.help", href: "https://help.example" }]);
    expect(Object.isFrozen(config.brand.links[0])).toBe(true);
    expect(Object.isFrozen(config.mfa.requiredClientIds)).toBe(true);
    expect(config.hydra.bearerToken).toBeUndefined();
  });
});
