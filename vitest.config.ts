import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup/block-network.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 15_000,
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});
