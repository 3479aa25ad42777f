import { send } from "../http.js";
import { PAGE_REQUESTS, REQUESTS, ROUNDS } from "./settings.js";
import { expectRedirect, param } from "./flows.js";
import { measure } from "./measure.js";
import type { measurePagesAndHops } from "./hops.js";
import type { Bench } from "./setup.js";

type FirstRound = Awaited<ReturnType<typeof measurePagesAndHops>>;

/** Stage 4b: more rounds of the hops whose targets sit near their line; each target reads the median round. */
export async function measureMoreRounds(bench: Bench, first: FirstRound) {
  const { stack, floorServer, floorUrl, appPid, hydra, prepare, newFlows } = bench;
  const { pages, getPage, bare, root, getLoginHop, getLogin, postLoginLightHop, postLoginLight } = first;
  const { getConsentHop, getConsent } = first;
  let preparationErrors = 0;

  // 4b. More rounds of the hops whose targets sit near their line, spread over the run (see ROUNDS). Already
  // warm, so nothing goes unmeasured. The consent pages' flows are signed in at Hydra's admin API by the bench
  // after the login page was shown (so the browser holds the app's CSRF cookie, as after a real sign-in): GET
  // /consent cannot tell the difference, and no password check slows the round down.
  const rounds = {
    bare: [bare],
    root: [root],
    getLogin: [getLogin],
    postLoginLight: [postLoginLight],
    getConsent: [getConsent],
  };
  for (let roundNumber = 2; roundNumber <= ROUNDS; roundNumber++) {
    console.log(
      `round ${roundNumber} of ${ROUNDS}: GET /, its floor, GET /login, POST /login (light hash), GET /consent`,
    );
    const roundPages = pages.slice(0, PAGE_REQUESTS);
    rounds.bare.push(await measure(floorServer.pid!, roundPages, getPage(floorUrl), 0));
    rounds.root.push(await measure(appPid, roundPages, getPage(`${stack.app.url}/`), 0));
    const loginFlows = await newFlows(REQUESTS);
    rounds.getLogin.push(await measure(appPid, loginFlows, getLoginHop, 0));
    rounds.postLoginLight.push(await measure(appPid, loginFlows, postLoginLightHop, 0));
    const consentFlows = await newFlows(REQUESTS);
    preparationErrors += await prepare("consent pages (signed in at Hydra)", consentFlows, async (flow) => {
      await getLoginHop(flow);
      const afterLogin = await hydra.acceptLoginRequest(param(flow.loginUrl, "login_challenge"), {
        subject: "bench-user-1",
        remember: false,
        acr: "1",
        amr: ["pwd"],
      });
      flow.consentUrl = expectRedirect(await send(flow.jar, afterLogin), "/consent?");
    });
    rounds.getConsent.push(await measure(appPid, consentFlows, getConsentHop, 0));
  }

  return { rounds, preparationErrors };
}
