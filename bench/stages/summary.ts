import { round } from "../stats.js";
import { LOAD_FLOWS, LOAD_USERS, TARGETS, WORKERS } from "./settings.js";
import { fromChild, medianRound, stageSummary, type StageSummary } from "./measure.js";
import type { measureAdminCalls, measurePasswordChecks } from "./floors.js";
import type { measurePagesAndHops } from "./hops.js";
import type { measureMoreRounds } from "./rounds.js";
import type { measureWholeFlows } from "./whole-flows.js";

/** Everything one run measured, stage by stage. */
export interface Measured {
  first: Awaited<ReturnType<typeof measurePagesAndHops>>;
  admin: Awaited<ReturnType<typeof measureAdminCalls>>;
  passwords: Awaited<ReturnType<typeof measurePasswordChecks>>;
  more: Awaited<ReturnType<typeof measureMoreRounds>>;
  whole: Awaited<ReturnType<typeof measureWholeFlows>>;
  preparationErrors: number;
}

/**
 * Each stage as figures (the median round where there were several), each hop beside its floor with its own CPU
 * (what is left once the floors are taken out), and the targets, met or not.
 */
export function summarise(measured: Measured) {
  const { postLogin, postConsent } = measured.first;
  const { rounds } = measured.more;
  const { getLoginRequest, acceptLoginRequest, getConsentRequest, getAndAcceptConsent } = measured.admin;
  const { password, passwordConcurrent, passwordLight } = measured.passwords;
  const { rssAfter } = measured.whole;

  const s = {
    bare: stageSummary(medianRound(rounds.bare)),
    root: stageSummary(medianRound(rounds.root)),
    getLogin: stageSummary(medianRound(rounds.getLogin)),
    postLogin: stageSummary(postLogin),
    getConsent: stageSummary(medianRound(rounds.getConsent)),
    postConsent: stageSummary(postConsent),
    getLoginRequest: stageSummary(fromChild(getLoginRequest)),
    acceptLoginRequest: stageSummary(fromChild(acceptLoginRequest)),
    getConsentRequest: stageSummary(fromChild(getConsentRequest)),
    getAndAcceptConsent: stageSummary(fromChild(getAndAcceptConsent)),
    password: stageSummary(password),
    passwordConcurrent: stageSummary(passwordConcurrent),
    passwordLight: stageSummary(passwordLight),
    postLoginLight: stageSummary(medianRound(rounds.postLoginLight)),
  };
  const hop = (name: string, app: StageSummary, floorName: string, floor: StageSummary, extraUs = 0) => ({
    hop: name,
    ...app,
    floor: floorName,
    floor_cpu_us: floor.cpu_us,
    floor_p50_ms: floor.p50_ms,
    floor_p99_ms: floor.p99_ms,
    floor_per_second: floor.per_second,
    // What is left once a bare page, our Hydra client's calls and (POST /login) the password check are taken out.
    own_cpu_us: round(
      app.cpu_us - (floorName === "bare node:http page" ? 0 : s.bare.cpu_us) - floor.cpu_us - extraUs,
      0,
    ),
  });
  const hops = [
    hop("GET /", s.root, "bare node:http page", s.bare),
    hop("GET /login", s.getLogin, "getLoginRequest", s.getLoginRequest),
    hop("POST /login", s.postLogin, "acceptLoginRequest", s.acceptLoginRequest, s.passwordConcurrent.cpu_us),
    hop(
      "POST /login, light hash",
      s.postLoginLight,
      "acceptLoginRequest",
      s.acceptLoginRequest,
      s.passwordLight.cpu_us,
    ),
    hop("GET /consent", s.getConsent, "getConsentRequest", s.getConsentRequest),
    hop("POST /consent", s.postConsent, "getConsentRequest + acceptConsentRequest", s.getAndAcceptConsent),
  ];
  // The rest of POST /login two ways: measured directly (the light hash's hop minus its tiny check), and by
  // subtraction (the real hop minus the check alone at the same concurrency). The direct one decides.
  const postLoginRest = round(s.postLoginLight.cpu_us - s.passwordLight.cpu_us, 0);
  const postLoginRestBySubtraction = round(s.postLogin.cpu_us - s.passwordConcurrent.cpu_us, 0);
  const share = (app: StageSummary, floor: StageSummary) => round(app.per_second / floor.per_second);
  const targets = [
    {
      target: `GET / app CPU ≤ ${TARGETS.rootVsBare}× the bare node:http page's`,
      measured: `${s.root.cpu_us} µs vs ${s.bare.cpu_us} µs (${round(s.root.cpu_us / s.bare.cpu_us, 2)}×)`,
      met: s.root.cpu_us <= TARGETS.rootVsBare * s.bare.cpu_us,
    },
    {
      target: `GET /login app CPU ≤ ${TARGETS.getCpuUs} µs`,
      measured: `${s.getLogin.cpu_us} µs`,
      met: s.getLogin.cpu_us <= TARGETS.getCpuUs,
    },
    {
      target: `GET /consent app CPU ≤ ${TARGETS.getCpuUs} µs`,
      measured: `${s.getConsent.cpu_us} µs`,
      met: s.getConsent.cpu_us <= TARGETS.getCpuUs,
    },
    {
      target: `POST /login CPU without the password check ≤ ${TARGETS.postLoginRestUs} µs`,
      measured:
        `${s.postLoginLight.cpu_us} − ${s.passwordLight.cpu_us} = ${postLoginRest} µs with the light hash ` +
        `(by subtraction: ${s.postLogin.cpu_us} − ${s.passwordConcurrent.cpu_us} = ${postLoginRestBySubtraction} µs)`,
      met: postLoginRest <= TARGETS.postLoginRestUs,
    },
    ...(
      [
        ["GET /", s.root, "the bare page", s.bare],
        ["GET /login", s.getLogin, "getLoginRequest alone", s.getLoginRequest],
        ["GET /consent", s.getConsent, "getConsentRequest alone", s.getConsentRequest],
      ] as const
    ).map(([name, app, floorName, floor]) => ({
      target: `${name} throughput at ${WORKERS} workers ≥ ${TARGETS.throughputShare * 100}% of ${floorName}`,
      measured: `${app.per_second}/s vs ${floor.per_second}/s (${Math.round(share(app, floor) * 100)}%)`,
      met: share(app, floor) >= TARGETS.throughputShare,
    })),
    {
      target: `App RSS ≤ ${TARGETS.rssMb} MB after ${LOAD_FLOWS * 4} hops at ${LOAD_USERS} concurrent flows`,
      measured: `${rssAfter} MB`,
      met: rssAfter <= TARGETS.rssMb,
    },
  ];

  return { s, hops, targets, postLoginRest, postLoginRestBySubtraction };
}
