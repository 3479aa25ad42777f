import { CookieJar, hiddenField, send } from "../http.js";
import { CALLBACK, LIGHT_EMAIL, PAGE_REQUESTS, REQUESTS, WARMUP, WORKERS } from "./settings.js";
import { expectRedirect, type Flow, loginFormOf, need, param } from "./flows.js";
import { measure } from "./measure.js";
import type { Bench } from "./setup.js";

/**
 * Stages 1 and 2: GET / beside a bare node:http page, then the four hops through the app (GET and POST /login,
 * the light-hash POST /login, GET and POST /consent), each alone, every request from its own virtual user.
 */
export async function measurePagesAndHops(bench: Bench) {
  const { stack, floorServer, floorUrl, appPid, prepare, newFlows } = bench;
  let preparationErrors = 0;

  // 1. GET / and its floor, a bare node:http page.
  const pages = Array.from({ length: WARMUP + PAGE_REQUESTS }, (_, index) => index);
  console.log(`GET /: ${PAGE_REQUESTS} requests from ${WORKERS} workers, and as many of the bare page`);
  const getPage = (url: string) => async () => {
    const answer = await send(new CookieJar(), url);
    if (answer.status !== 200) throw new Error(`GET ${url} answered ${answer.status}`);
    return answer.ms;
  };
  const bare = await measure(floorServer.pid!, pages, getPage(floorUrl));
  const root = await measure(appPid, pages, getPage(`${stack.app.url}/`));

  // 2. The four hops through the app, each alone, every request from its own virtual user.
  console.log(`hops through the app: ${REQUESTS} of each from ${WORKERS} workers`);
  const flows = await newFlows(WARMUP + REQUESTS);
  // What a page weighs with a real challenge in it (the language menu once carried it six times).
  const pageBytes = { getLogin: 0, getConsent: 0 };
  const getLoginHop = async (flow: Flow) => {
    const page = await send(flow.jar, flow.loginUrl);
    if (page.status !== 200) throw new Error(`GET /login answered ${page.status}`);
    pageBytes.getLogin = Buffer.byteLength(page.body);
    flow.loginForm = loginFormOf(page.body);
    return page.ms;
  };
  const getLogin = await measure(appPid, flows, getLoginHop);
  const postLogin = await measure(appPid, flows, async (flow) => {
    const answer = await send(flow.jar, `${stack.app.url}/login`, {
      method: "POST",
      form: {
        ...need(flow.loginForm, "GET /login"),
        email: "bench@example.test",
        password: "bench-password",
        action: "accept",
      },
    });
    flow.afterLogin = expectRedirect(answer, "login_verifier=");
    return answer.ms;
  });
  // The same hop for an account with the light hash: its CPU is the rest of POST /login, shown alone.
  const lightFlows = await newFlows(WARMUP + REQUESTS);
  preparationErrors += await prepare("login pages for the light-hash account", lightFlows, async (flow) => {
    await getLoginHop(flow);
  });
  const postLoginLightHop = async (flow: Flow) => {
    const answer = await send(flow.jar, `${stack.app.url}/login`, {
      method: "POST",
      form: {
        ...need(flow.loginForm, "GET /login"),
        email: LIGHT_EMAIL,
        password: "bench-password",
        action: "accept",
      },
    });
    expectRedirect(answer, "login_verifier=");
    return answer.ms;
  };
  const postLoginLight = await measure(appPid, lightFlows, postLoginLightHop);
  preparationErrors += await prepare("login verifiers at Hydra", flows, async (flow) => {
    flow.consentUrl = expectRedirect(await send(flow.jar, need(flow.afterLogin, "POST /login")), "/consent?");
  });
  const getConsentHop = async (flow: Flow) => {
    const page = await send(flow.jar, need(flow.consentUrl, "the login verifier"));
    if (page.status !== 200) throw new Error(`GET /consent answered ${page.status}`);
    pageBytes.getConsent = Buffer.byteLength(page.body);
    flow.consentForm = { _csrf: hiddenField(page.body, "_csrf"), challenge: hiddenField(page.body, "challenge") };
    return page.ms;
  };
  const getConsent = await measure(appPid, flows, getConsentHop);
  const postConsent = await measure(appPid, flows, async (flow) => {
    const answer = await send(flow.jar, `${stack.app.url}/consent`, {
      method: "POST",
      form: {
        ...need(flow.consentForm, "GET /consent"),
        grant_scope: ["openid", "offline_access"],
        action: "accept",
      },
    });
    flow.afterConsent = expectRedirect(answer, "consent_verifier=");
    return answer.ms;
  });
  // A sample of the flows is taken to the end, to prove they were real.
  preparationErrors += await prepare("consent verifiers at Hydra", flows.slice(-100), async (flow) => {
    const callback = expectRedirect(await send(flow.jar, need(flow.afterConsent, "POST /consent")), CALLBACK);
    if (param(callback, "code") === "") throw new Error(`no code in ${callback}`);
  });

  return {
    pages,
    getPage,
    bare,
    root,
    getLoginHop,
    getLogin,
    postLogin,
    postLoginLightHop,
    postLoginLight,
    getConsentHop,
    getConsent,
    postConsent,
    pageBytes,
    preparationErrors,
  };
}
