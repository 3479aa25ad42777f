import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "node_modules/",
      ".cache/",
      "test-results/",
      "playwright-report/",
      "e2e/hydra/",
      "bench/profiles/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", Buffer: "readonly", URL: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
      "no-console": "error",
    },
  },
  {
    // The one browser script: plain ES2019, no modules.
    files: ["public/js/**/*.js"],
    languageOptions: {
      sourceType: "script",
      globals: { window: "readonly", document: "readonly", navigator: "readonly", atob: "readonly", btoa: "readonly" },
    },
  },
  {
    files: ["e2e/**", "scripts/**", "test/**", "bench/**"],
    rules: { "no-console": "off" },
  },
);
