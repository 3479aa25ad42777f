import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES, loadConfig } from "../../src/config.js";

const root = path.resolve(import.meta.dirname, "../..");

describe("configuration documentation", () => {
  it(".env.example has a line for every variable the app reads, and no other", () => {
    const example = readFileSync(path.join(root, ".env.example"), "utf8");
    const documented = [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);
    expect([...documented].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });

  it("the README names every variable", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    expect(CONFIG_VARIABLES.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });

  it(".env.example, as it stands, starts the app in development without a problem", () => {
    const example = readFileSync(path.join(root, ".env.example"), "utf8");
    const env = Object.fromEntries(
      [...example.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((match) => [match[1], match[2]]),
    );
    const config = loadConfig(env);
    expect(config.env).toBe("development");
    expect(config.account).toBeUndefined();
  });
});
