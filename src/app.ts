import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Express, type RequestHandler } from "express";
import type session from "express-session";
import type { Logger } from "pino";
import type { Config } from "./config.js";
import { createAccountOidc, type AccountOidc } from "./account/oidc.js";
import { accountRoutes } from "./account/routes.js";
import {
  memorySessionGenerations,
  redisSessionGenerations,
  type GenerationRedis,
} from "./sign-in/session-generations.js";
import { lockoutNotices, withSecurityNotices } from "./account/notices.js";
import { consentRoutes } from "./flows/consent.js";
import { recoveryRoutes } from "./flows/recovery.js";
import { registerRoutes, type RegisterDeps } from "./flows/register.js";
import { emailSignInRoutes } from "./flows/email-sign-in.js";
import { emailLinkRoutes } from "./flows/email-links.js";
import { addressLinkSender } from "./account/address-links.js";
import { accountSessions } from "./account/account-session.js";
import { isEmailAddressStore } from "./identity/email-tokens.js";
import { createMailer, type Mailer } from "./mail/index.js";
import { deviceRoutes } from "./flows/device.js";
import { errorPageRoutes } from "./flows/error.js";
import { loginRoutes } from "./flows/login.js";
import { upstreamRoutes } from "./flows/upstream.js";
import { upstreamLinkRoutes } from "./flows/upstream-link.js";
import { createUpstreamClient, type UpstreamClient } from "./federation/upstream-client.js";
import type { AccountAdmin } from "./identity/account-admin.js";
import { passkeyRoutes } from "./flows/passkey.js";
import { secondFactorRoutes } from "./flows/second-factor.js";
import { logoutRoutes } from "./flows/logout.js";
import type { FlowDeps } from "./flows/deps.js";
import type { HydraAdmin } from "./hydra.js";
import { csrfProtection, sameOriginPosts } from "./http/csrf.js";
import { errorHandler, methodNotAllowed, notFoundHandler } from "./http/error-handler.js";
import { requireForm } from "./http/forms.js";
import { requestLogger } from "./http/logging.js";
import { parseQueryOnce } from "./http/query.js";
import { brandStylesheet, brandStylesheetHandler } from "./http/brand.js";
import { createRenderer } from "./http/render.js";
import { installMessages } from "./i18n/index.js";
import { securityHeaders } from "./http/security.js";
import { sessionMiddleware } from "./http/session.js";
import { BoundedMemoryStore } from "./http/session-store.js";
import { mfaSecretBox } from "./identity/factors/keys.js";
import { createPasskeys } from "./identity/factors/passkeys.js";
import { prepareDummyHash } from "./identity/passwords.js";
import { guardedUserStore } from "./identity/guarded-store.js";
import { MemoryAttemptStore, type AttemptStore } from "./sign-in/attempts.js";
import { createSignIn } from "./sign-in/index.js";
import { MemoryProofStore, type ProofStore } from "./sign-in/proofs.js";
import type { UserStore } from "./identity/store.js";
import { normalizeEmail } from "./identity/user.js";
import { accountRef, createAudit } from "./observability/audit.js";
import { createMetrics, metricsHandler, type Metrics } from "./observability/metrics.js";
import { ENDPOINTS, ROUTES } from "./routes.js";

export interface AppDeps {
  hydra: HydraAdmin;
  users: UserStore;
  logger: Logger;
  /** Where signed-in sessions live (Redis); a bounded in-memory store when absent (one instance only). */
  sessionStore?: session.Store;
  /** The account area's OpenID Connect client; built from the config when absent. */
  accountOidc?: AccountOidc;
  /** Sign-in attempt counters and one-time proofs (Redis when shared); in memory, bounded, when absent. */
  signInStores?: { attempts: AttemptStore; proofs: ProofStore };
  metrics?: Metrics;
  /** The Redis connection, when there is one: account-area session generations are kept there for every instance. */
  redis?: GenerationRedis;
  /** Email; built from SMTP_URL when absent (and off without it). */
  mailer?: Mailer;
  /** Where sign-up adds accounts (the users file or PostgreSQL); required with REGISTRATION=open. */
  accountAdmin?: AccountAdmin;
  /** Sends a new account's address its verification link (issue 22); nothing is sent without it. */
  sendVerification?: RegisterDeps["sendVerification"];
  /** The OpenID Connect client of the identity providers; built when UPSTREAM_PROVIDERS_FILE names some. */
  upstreamClient?: UpstreamClient;
  /** Extra readiness checks beside Hydra's (Redis, the user database), by name. */
  readiness?: Record<string, () => Promise<boolean>>;
}

/** The project folder, from src/ (tsx, vitest) and from dist/src/ (the build) alike. */
function findRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.basename(path.dirname(here)) === "dist" ? path.resolve(here, "../..") : path.resolve(here, "..");
}

/** Builds the whole app without listening, so tests can mount it directly. */
export function createApp(config: Config, deps: AppDeps): Express {
  const root = findRoot();
  const app = express();
  app.disable("x-powered-by");
  app.disable("etag"); // every page is no-store: an ETag is a hash of the body computed for nothing
  app.set("trust proxy", config.trustProxy);
  app.set("query parser", "simple"); // repeated parameters become arrays, brackets stay literal
  parseQueryOnce(app);

  void prepareDummyHash(); // main awaits it too; here it only starts early
  const theme = config.brand.themeDir;
  for (const problem of installMessages(config.messagesDir)) deps.logger.warn(`MESSAGES_DIR: ${problem}`);
  const brandCss = brandStylesheet(config.brand);
  const render = createRenderer(
    theme === undefined ? [path.join(root, "views")] : [path.join(theme, "views"), path.join(root, "views")],
    {
      watch: config.env === "development",
      themed: theme !== undefined,
      accountArea: config.account !== undefined,
      defaultLanguage: config.defaultLanguage,
      brand: {
        name: config.brand.name,
        logoUrl: config.brand.logoUrl,
        links: config.brand.links,
        stylesheet: brandCss === "" ? undefined : ENDPOINTS.brandStylesheet.path,
      },
    },
  );
  const metrics = deps.metrics ?? createMetrics({ processMetrics: false });
  const users = guardedUserStore(deps.users);
  const sessionIdleMs = (config.account?.idleSeconds ?? 900) * 1000;
  const sessionStore =
    deps.sessionStore ?? new BoundedMemoryStore({ maxSessions: config.sessionMemoryMax, ttlMs: sessionIdleMs });
  const passkeys =
    config.mfa.passkeys === undefined
      ? undefined
      : createPasskeys({ rpName: config.brand.name ?? "Sign in", baseUrl: config.mfa.passkeys.origin });
  const viewsDirs =
    theme === undefined ? [path.join(root, "views")] : [path.join(theme, "views"), path.join(root, "views")];
  const mail = config.mail;
  const mailer =
    deps.mailer ??
    (mail === undefined
      ? undefined
      : createMailer({
          ...mail,
          viewsDirs,
          brandName: config.brand.name,
          logger: deps.logger,
          registry: metrics.registry,
        }));
  const plainAudit = createAudit(deps.logger, metrics);
  const audit =
    mailer === undefined
      ? plainAudit
      : withSecurityNotices(plainAudit, { users, mailer, defaultLanguage: config.defaultLanguage });
  const generations = deps.redis === undefined ? memorySessionGenerations() : redisSessionGenerations(deps.redis);
  const signInStores = deps.signInStores ?? { attempts: new MemoryAttemptStore(), proofs: new MemoryProofStore() };
  const upstream =
    config.upstreamProviders.length === 0
      ? undefined
      : {
          client: deps.upstreamClient ?? createUpstreamClient({ allowHttp: config.env !== "production" }),
          providers: config.upstreamProviders,
        };
  const accountAdmin = deps.accountAdmin;
  const flowDeps: FlowDeps = {
    upstream,
    config,
    hydra: deps.hydra,
    users,
    render,
    audit,
    signIn: createSignIn({
      users,
      ...signInStores,
      proofSecrets: config.sessionSecrets,
      limits: config.bruteForce,
      failureDelayMs: config.bruteForce.failureDelayMs,
      secretBox: mfaSecretBox(config.mfa.encryptionKey, config.sessionSecrets[0]!),
      passkeys,
      requiredClientIds: config.mfa.requiredClientIds,
      enrolDuringSignIn: config.mfa.enrolDuringSignIn,
      onUnreadableFactor: (userId) => audit("login.factor_unreadable", { subject: userId }),
      // Accounts for `link: create` providers only as sign-up would make them: REGISTRATION=open, its domains.
      accountCreation:
        accountAdmin === undefined || config.registration.mode !== "open"
          ? undefined
          : { add: (record) => accountAdmin.add(record), domains: config.registration.domains },
    }),
    sessions: sessionMiddleware({
      secrets: config.sessionSecrets,
      secure: config.secureCookies,
      store: sessionStore,
      maxAgeMs: sessionIdleMs,
    }),
    passkeys,
    notices:
      mailer === undefined
        ? undefined
        : lockoutNotices({ users, mailer, defaultLanguage: config.defaultLanguage, attempts: signInStores.attempts }),
    metrics,
    accountRef: accountRef({
      hashEmails: config.auditHashEmails,
      key: config.sessionSecrets[0]!,
      normalizeEmail,
    }),
  };
  const readiness: Record<string, () => Promise<boolean>> = {
    hydra: () => deps.hydra.isReachable(),
    ...deps.readiness,
  };

  app.use(requestLogger(deps.logger));
  app.use(securityHeaders({ hsts: config.secureCookies }));
  // A theme's public folder shadows ours file by file.
  if (theme !== undefined) {
    app.use("/public", express.static(path.join(theme, "public"), { maxAge: "1d", index: false, fallthrough: true }));
  }
  app.use("/public", express.static(path.join(root, "public"), { maxAge: "1d", index: false, fallthrough: false }));
  if (brandCss !== "") app.get(ENDPOINTS.brandStylesheet.path, brandStylesheetHandler(brandCss));

  app.get(ENDPOINTS.healthAlive.path, (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get(ENDPOINTS.healthReady.path, async (_req, res) => {
    const names = Object.keys(readiness);
    const results = await Promise.all(names.map((name) => readiness[name]!().catch(() => false)));
    const checks = Object.fromEntries(names.map((name, index) => [name, results[index]]));
    const ready = results.every(Boolean);
    res.status(ready ? 200 : 503).json({ status: ready ? "ok" : "unavailable", checks });
  });
  if (config.metricsOnAppPort) app.get(ENDPOINTS.metrics.path, metricsHandler(metrics, config.metricsToken));

  // One layer for what every page needs: no caching anywhere, and 405 for a method its route does not take.
  app.use((req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Pragma", "no-cache");
    methodNotAllowed(req, res, next);
  });

  // Forms keep their CSRF secret in a signed cookie: showing one to a stranger stores nothing on our side.
  const csrf = csrfProtection({ secrets: config.sessionSecrets, secure: config.secureCookies });
  const parseForm: RequestHandler = express.urlencoded({ extended: false, limit: "32kb", parameterLimit: 100 });
  const forms = { show: csrf, post: [sameOriginPosts(config.baseUrl), requireForm, parseForm, ...csrf] };

  app.get(ROUTES.home.path, (_req, res) => render(res, 200, "index"));
  // Registered on the app itself, not as routers each request would walk through.
  loginRoutes(flowDeps, forms, app);
  if (upstream !== undefined) {
    upstreamRoutes(flowDeps, forms, app);
    upstreamLinkRoutes(flowDeps, forms, app);
  }
  secondFactorRoutes(flowDeps, forms, app);
  passkeyRoutes(flowDeps, forms, app);
  consentRoutes(flowDeps, forms, app);
  logoutRoutes(flowDeps, forms, app);
  deviceRoutes(flowDeps, forms, app);
  errorPageRoutes(flowDeps, app);
  if (mailer !== undefined) {
    recoveryRoutes(
      { flow: flowDeps, mailer, tokens: signInStores.proofs, limits: signInStores.attempts, generations },
      forms,
      app,
    );
    if (config.mail?.emailSignIn === true) emailSignInRoutes({ flow: flowDeps, mailer }, forms, app);
  }
  // Verified addresses and invitations: with mail, and a store that keeps emailed links (not a directory).
  const emailAccount =
    mailer !== undefined && isEmailAddressStore(users)
      ? { mailer, addresses: users, limits: signInStores.attempts }
      : undefined;
  const sendAddressLink =
    emailAccount === undefined
      ? undefined
      : addressLinkSender({ mailer: emailAccount.mailer, addresses: emailAccount.addresses, audit: flowDeps.audit });
  if (config.registration.mode === "open") {
    if (deps.accountAdmin === undefined) {
      throw new Error("REGISTRATION=open needs a store that can add accounts (USERS_FILE or USERS_DATABASE_URL)");
    }
    registerRoutes(
      {
        flow: flowDeps,
        accounts: deps.accountAdmin,
        attempts: signInStores.attempts,
        sendVerification:
          deps.sendVerification ??
          (sendAddressLink === undefined
            ? undefined
            : (user, lang) => sendAddressLink(user, "verify", normalizeEmail(user.email), lang, undefined)),
      },
      forms,
      app,
    );
  }
  if (emailAccount !== undefined) {
    const area = config.account;
    const accountArea =
      area === undefined
        ? undefined
        : accountSessions({ users, generations, absoluteSeconds: area.absoluteSeconds, audit });
    emailLinkRoutes(
      {
        flow: flowDeps,
        addresses: emailAccount.addresses,
        generations,
        signedInAccount:
          accountArea === undefined ? undefined : async (req, res) => (await accountArea.currentPerson(req, res))?.id,
      },
      forms,
      app,
    );
  }
  if (config.account !== undefined) {
    const oidc = deps.accountOidc ?? createAccountOidc(config.account);
    app.use(
      accountRoutes(
        { flow: flowDeps, oidc, forms: { ...forms, cookies: csrf[0]! }, generations, email: emailAccount },
        config.account,
      ),
    );
  }

  app.use(notFoundHandler);
  app.use(errorHandler({ render, logger: deps.logger, showStack: config.env === "development" }));
  return app;
}
