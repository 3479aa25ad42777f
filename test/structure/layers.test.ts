import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

/**
 * The lint rules themselves, proven to fail: the project's own dependency-cruiser and knip configurations run
 * against a tiny project written here with one deliberate cycle, one upward import and one unused export. A rule
 * that silently stopped matching (a renamed folder, a broken pattern) would make `npm run lint` pass on anything.
 */
const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
const made: string[] = [];

function tinyProject(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "layers-"));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Runs a lint tool in the tiny project; the tools exit non-zero on a finding, which is what these tests want. */
async function findings(dir: string, command: string, args: string[]): Promise<{ failed: boolean; stdout: string }> {
  try {
    const { stdout } = await run(command, args, { cwd: dir, env: { ...process.env, NO_COLOR: "1" } });
    return { failed: false, stdout };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string };
    return { failed: typeof failure.code === "number" && failure.code > 0, stdout: failure.stdout ?? "" };
  }
}

const TSCONFIG = JSON.stringify({
  compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", strict: true },
  include: ["src"],
});

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe("npm run lint: the layers (dependency-cruiser with .dependency-cruiser.mjs)", () => {
  it("reports a cycle and an import from a lower layer into a higher one, and nothing in a clean project", async () => {
    const dir = tinyProject({
      "tsconfig.json": TSCONFIG,
      // A cycle inside one layer.
      "src/http/render.ts": 'import { menu } from "./menu.js";\nexport const render = () => menu();\n',
      "src/http/menu.ts": 'import { render } from "./render.js";\nexport const menu = (): unknown => render;\n',
      // The bottom reaching up into the pages.
      "src/errors.ts": 'import { loginPage } from "./flows/login.js";\nexport const page = loginPage;\n',
      "src/flows/login.ts": 'import { render } from "../http/render.js";\nexport const loginPage = render;\n',
    });
    const config = path.join(root, ".dependency-cruiser.mjs");
    // As `npm run lint` runs it: the exit status fails the step.
    expect((await findings(dir, bin("depcruise"), ["src", "--config", config])).failed).toBe(true);
    const result = await findings(dir, bin("depcruise"), ["src", "--config", config, "--output-type", "json"]);
    const report = JSON.parse(result.stdout) as {
      summary: { violations: { rule: { name: string }; from: string; to: string; cycle?: { name: string }[] }[] };
    };
    const violations = report.summary.violations.map((violation) => `${violation.rule.name}: ${violation.from}`);
    expect(violations).toContain("no-circular: src/http/menu.ts");
    expect(violations).toContain("bottom-imports-only-bottom: src/errors.ts");
    const upward = report.summary.violations.find((violation) => violation.rule.name === "bottom-imports-only-bottom");
    expect(upward?.to).toBe("src/flows/login.ts");
    // The page importing http/ (downward) is not a finding.
    expect(violations.some((violation) => violation.endsWith("src/flows/login.ts"))).toBe(false);

    const clean = tinyProject({
      "tsconfig.json": TSCONFIG,
      "src/http/render.ts": "export const render = () => 1;\n",
      "src/flows/login.ts": 'import { render } from "../http/render.js";\nexport const loginPage = render;\n',
    });
    expect((await findings(clean, bin("depcruise"), ["src", "--config", config])).failed).toBe(false);
  }, 60_000);

  it("puts src/sign-in/ between the pages and identity/policy, before the folder exists in the app", async () => {
    const dir = tinyProject({
      "tsconfig.json": TSCONFIG,
      "src/sign-in/decide.ts": 'import { page } from "../flows/login.js";\nexport const decide = () => page;\n',
      "src/flows/login.ts": "export const page = 1;\n",
      "src/policy/rule.ts": 'import { decide } from "../sign-in/decide.js";\nexport const rule = decide;\n',
    });
    const config = path.join(root, ".dependency-cruiser.mjs");
    const result = await findings(dir, bin("depcruise"), ["src", "--config", config, "--output-type", "json"]);
    const report = JSON.parse(result.stdout) as { summary: { violations: { rule: { name: string }; from: string }[] } };
    const violations = report.summary.violations.map((violation) => `${violation.rule.name}: ${violation.from}`);
    expect(violations.sort()).toEqual([
      "identity-policy-imports-down: src/policy/rule.ts",
      "sign-in-imports-down: src/sign-in/decide.ts",
    ]);
  }, 60_000);
});

describe("npm run lint: unused code (knip with knip.json)", () => {
  it("reports an export nobody imports, and not the ones that are imported", async () => {
    const dir = tinyProject({
      "package.json": JSON.stringify({ name: "tiny", private: true, type: "module" }),
      "tsconfig.json": TSCONFIG,
      // An entry point the project's knip.json names.
      "src/cli/accounts.ts": 'import { used } from "../words.js";\nconsole.log(used);\n',
      "src/words.ts": 'export const used = "used";\nexport const forgotten = "nobody imports this";\n',
    });
    const result = await findings(dir, bin("knip"), [
      "--config",
      path.join(root, "knip.json"),
      "--no-progress",
      "--include",
      "exports,files",
      "--reporter",
      "json",
    ]);
    expect(result.failed).toBe(true);
    const report = JSON.parse(result.stdout) as { issues: { file: string; exports?: { name: string }[] }[] };
    const unused = report.issues.flatMap((issue) =>
      (issue.exports ?? []).map((found) => `${issue.file}:${found.name}`),
    );
    expect(unused).toEqual(["src/words.ts:forgotten"]);
  }, 60_000);
});
