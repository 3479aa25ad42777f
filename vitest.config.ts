import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup/block-network.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 15_000,
    // scripts/test-all.sh gives each Node.js line's run its own report.
    reporters: ["default", ["json", { outputFile: process.env.VITEST_JSON_REPORT ?? "test-results/vitest.json" }]],
  },
});
