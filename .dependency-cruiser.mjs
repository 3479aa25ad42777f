/**
 * The layers of src/, checked by `npm run lint` (dependency-cruiser). Imports point down, never up, and never in a
 * circle:
 *
 *   pages           src/flows/ src/account/ src/app.ts src/main.ts src/cli/
 *     ↓
 *   sign-in         src/sign-in/   (the one module that decides a sign-in)
 *     ↓
 *   identity/policy src/identity/ src/policy/
 *     ↓
 *   infrastructure  src/http/ src/mail/ src/federation/ src/hydra.ts src/undici-pool.ts src/redis.ts src/observability/
 *     ↓
 *   bottom          src/i18n/ src/errors.ts src/routes.ts src/config.ts (and src/config/)
 *
 * src/http/ is infrastructure as a whole, rendering included: it knows requests, responses, templates and the
 * routes table, and no account, factor or sign-in. A page decides; http/ only carries out what the page decided.
 *
 * The same rules are run by test/structure/layers.test.ts against a small fixture with a deliberate cycle and a
 * deliberate upward import (with `--config` on this file and the fixture's own `src/`), so keep the paths relative
 * to a `src/` folder.
 */
const PAGES = "^src/(flows/|account/|cli/|app\\.ts$|main\\.ts$)";
const SIGN_IN = "^src/sign-in/";
const DOMAIN = "^src/(identity|policy)/";
const INFRASTRUCTURE = "^src/(http/|mail/|federation/|observability/|hydra\\.ts$|undici-pool\\.ts$|redis\\.ts$)";
// config.ts and, once it is split, its folder src/config/.
const BOTTOM_FILES = "i18n/|config/|errors\\.ts$|routes\\.ts$|config\\.ts$";
const BOTTOM = `^src/(${BOTTOM_FILES})`;

/** One rule per layer: what it may not import. */
const upward = (name, from, forbidden, comment) => ({
  name,
  severity: "error",
  comment,
  from: { path: from },
  to: { path: forbidden },
});

export default {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "An import cycle: the files in it can only be understood, tested and moved together.",
      from: { path: "^src/" },
      to: { circular: true },
    },
    upward(
      "bottom-imports-only-bottom",
      BOTTOM,
      `^src/(?!(${BOTTOM_FILES}))`,
      "i18n, errors, routes and config are imported by every layer, so they import nothing of the app but each other.",
    ),
    upward(
      "infrastructure-imports-down",
      INFRASTRUCTURE,
      `${PAGES}|${SIGN_IN}|${DOMAIN}`,
      "http/, hydra, redis and observability carry out what the layers above decide; they know no account or flow.",
    ),
    upward(
      "identity-policy-imports-down",
      DOMAIN,
      `${PAGES}|${SIGN_IN}`,
      "identity/ and policy/ are the facts and the pure decisions; the sign-in module and the pages use them.",
    ),
    upward(
      "sign-in-imports-down",
      SIGN_IN,
      PAGES,
      "The sign-in module returns an outcome; only the pages turn it into a page.",
    ),
    {
      name: "no-unlayered-file",
      severity: "error",
      comment: "Every file under src/ belongs to a layer: add a new folder to a layer here (and to the README).",
      from: { path: "^src/", pathNot: `${PAGES}|${SIGN_IN}|${DOMAIN}|${INFRASTRUCTURE}|${BOTTOM}` },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".js"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
