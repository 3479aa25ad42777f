import { CookieJar, hiddenField, send } from "../http.js";
import { cpuSample, cpuSince, rssMb, rssPartsMb } from "../cpu.js";
import { runConcurrently, Series } from "../stats.js";
import { CALLBACK, FLOWS, LOAD_FLOWS, LOAD_USERS, WORKERS } from "./settings.js";
import { expectRedirect, loginFormOf, param } from "./flows.js";
import { heapMb } from "./processes.js";
import type { Bench } from "./setup.js";

/**
 * Stages 5 and 6: whole flows at the hops' concurrency, through the app and with the bench accepting at Hydra
 * itself; then the app's memory after LOAD_FLOWS whole flows from LOAD_USERS at once.
 */
export async function measureWholeFlows(bench: Bench) {
  const { stack, metricsUrl, appPid, hydra, authUrl } = bench;

  // 5. Whole flows at the same concurrency: through the app, and with the bench accepting at Hydra itself.
  async function appFlow(whole: Series | undefined): Promise<void> {
    const jar = new CookieJar();
    const began = performance.now();
    const loginPage = await send(jar, expectRedirect(await send(jar, authUrl()), "/login?"));
    if (loginPage.status !== 200) throw new Error(`GET /login answered ${loginPage.status}`);
    const loginPost = await send(jar, `${stack.app.url}/login`, {
      method: "POST",
      form: {
        ...loginFormOf(loginPage.body),
        email: "bench@example.test",
        password: "bench-password",
        action: "accept",
      },
    });
    const toConsent = expectRedirect(await send(jar, expectRedirect(loginPost, "login_verifier=")), "/consent?");
    const consentPage = await send(jar, toConsent);
    if (consentPage.status !== 200) throw new Error(`GET /consent answered ${consentPage.status}`);
    const consentPost = await send(jar, `${stack.app.url}/consent`, {
      method: "POST",
      form: {
        _csrf: hiddenField(consentPage.body, "_csrf"),
        challenge: hiddenField(consentPage.body, "challenge"),
        grant_scope: ["openid", "offline_access"],
        action: "accept",
      },
    });
    const afterConsent = expectRedirect(consentPost, "consent_verifier=");
    const callback = expectRedirect(await send(jar, afterConsent), CALLBACK);
    if (param(callback, "code") === "") throw new Error(`no code in ${callback}`);
    whole?.record(performance.now() - began);
  }
  async function hydraOnlyFlow(whole: Series | undefined): Promise<void> {
    const jar = new CookieJar();
    const began = performance.now();
    const loginChallenge = param(expectRedirect(await send(jar, authUrl()), "/login?"), "login_challenge");
    await hydra.getLoginRequest(loginChallenge);
    const afterLogin = await hydra.acceptLoginRequest(loginChallenge, {
      subject: "bench-user-1",
      remember: false,
      acr: "1",
      amr: ["pwd"],
    });
    const consentChallenge = param(expectRedirect(await send(jar, afterLogin), "/consent?"), "consent_challenge");
    const request = await hydra.getConsentRequest(consentChallenge);
    const afterConsent = await hydra.acceptConsentRequest(consentChallenge, {
      grant_scope: request.requested_scope ?? [],
      grant_access_token_audience: [],
      session: { id_token: {} },
    });
    const callback = expectRedirect(await send(jar, afterConsent), CALLBACK);
    if (param(callback, "code") === "") throw new Error(`no code in ${callback}`);
    whole?.record(performance.now() - began);
  }
  console.log(`whole flows: ${FLOWS} each way from ${WORKERS} workers`);
  const wholeApp = new Series();
  const wholeBefore = cpuSample(appPid);
  const wholeAppRun = await runConcurrently(WORKERS, FLOWS, () => appFlow(wholeApp));
  const wholeCpu = cpuSince(appPid, wholeBefore);
  const wholeHydra = new Series();
  const wholeHydraRun = await runConcurrently(WORKERS, FLOWS, () => hydraOnlyFlow(wholeHydra));

  // 6. Memory under load: LOAD_FLOWS whole flows (4 hops each) from LOAD_USERS at once.
  const rssBefore = rssMb(appPid);
  console.log(`load: ${LOAD_FLOWS} flows through the app from ${LOAD_USERS} virtual users`);
  const loadApp = await runConcurrently(LOAD_USERS, LOAD_FLOWS, () => appFlow(undefined));
  const rssAfter = rssMb(appPid);
  const rssPartsAfter = rssPartsMb(appPid);
  const heapAfter = await heapMb(metricsUrl);
  console.log(`load: ${LOAD_FLOWS} Hydra-only flows from ${LOAD_USERS} virtual users`);
  const loadHydra = await runConcurrently(LOAD_USERS, LOAD_FLOWS, () => hydraOnlyFlow(undefined));
  hydra.close();

  return {
    wholeApp,
    wholeAppRun,
    wholeCpu,
    wholeHydra,
    wholeHydraRun,
    rssBefore,
    loadApp,
    rssAfter,
    rssPartsAfter,
    heapAfter,
    loadHydra,
  };
}
