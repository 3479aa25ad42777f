import { defineConfig } from "@playwright/test";
import { CHROMIUM } from "./e2e/harness/browser.js";

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  // Playwright empties its output folder at start: keep it apart from the reports that scripts/test-all.sh totals.
  outputDir: "test-results/playwright",
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: true,
  workers: process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : 2,
  retries: 0,
  forbidOnly: true,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  use: {
    browserName: "chromium",
    headless: true,
    launchOptions: CHROMIUM,
    trace: "retain-on-failure",
  },
});
