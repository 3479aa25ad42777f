import { describe, expect, it } from "vitest";
import { commandSettings } from "../../src/cli/command-settings.js";

describe("accounts command settings", () => {
  it("reads the user store and Hydra's admin API, and nothing else", () => {
    const settings = commandSettings({
      USERS_FILE: "/etc/login/users.yaml",
      HYDRA_ADMIN_URL: "https://hydra-admin.internal:4445",
      HYDRA_TIMEOUT_MS: "2000",
      ORY_PAT: "ory_pat_x",
      // The app would refuse these in production; the command does not look at them.
      NODE_ENV: "production",
      HYDRA_PUBLIC_URL: "http://not-https.example",
      SESSION_SECRET: "short",
      BASE_URL: "not a url",
    });
    expect(settings).toEqual({
      store: { kind: "file", file: "/etc/login/users.yaml" },
      hydra: {
        adminUrl: "https://hydra-admin.internal:4445",
        timeoutMs: 2000,
        bearerToken: "ory_pat_x",
        mockTlsTermination: false,
      },
    });
  });

  it("PostgreSQL, no Hydra, and empty values count as unset", () => {
    expect(
      commandSettings({ USERS_DATABASE_URL: "postgres://u:p@db/login", HYDRA_ADMIN_URL: "", USERS_FILE: "" }),
    ).toEqual({
      store: { kind: "postgres", url: "postgres://u:p@db/login" },
      hydra: undefined,
    });
    expect(commandSettings({})).toEqual({ store: undefined, hydra: undefined, redisUrl: undefined });
  });

  it.each([
    [
      { USERS_FILE: "a.yaml", USERS_DATABASE_URL: "postgres://db/x" },
      "USERS_FILE and USERS_DATABASE_URL: set only one",
    ],
    [{ USERS_DATABASE_URL: "mysql://db/x" }, "USERS_DATABASE_URL: must be a postgres:// URL"],
    [{ USERS_DATABASE_URL: "::" }, "USERS_DATABASE_URL: not a URL"],
    [{ HYDRA_ADMIN_URL: "file:///etc/passwd" }, "HYDRA_ADMIN_URL: must be an http:// or https:// URL"],
    [{ HYDRA_ADMIN_URL: "http://h", HYDRA_TIMEOUT_MS: "soon" }, "HYDRA_TIMEOUT_MS: must be a whole number"],
    [{ HYDRA_ADMIN_URL: "http://h", ORY_API_KEY: "a", ORY_PAT: "b" }, "ORY_API_KEY and ORY_PAT: set only one"],
  ])("names the bad variable: %j", (env, message) => {
    expect(() => commandSettings(env)).toThrow(message);
  });
});
