import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { projectRoot } from "../../e2e/harness/processes.js";
import { machine, microsPer } from "../cpu.js";
import { round } from "../stats.js";
import { markdown } from "./markdown.js";
import { hydraVersion } from "./processes.js";
import {
  FLOWS,
  LOAD_FLOWS,
  LOAD_USERS,
  LOG_LEVEL,
  PAGE_REQUESTS,
  PASSWORD_CHECKS,
  REQUESTS,
  ROUNDS,
  WARMUP,
  WORKERS,
  WRITE_DOC,
} from "./settings.js";
import type { Bench } from "./setup.js";
import { summarise, type Measured } from "./summary.js";

/** What the stages measured, by stage, and the preparation steps that failed along the way. */
/** The run as bench/results/latest.json, printed as tables; with --write, docs/benchmark.md too. */
export function writeResults(bench: Bench, measured: Measured): void {
  const { floorInfo, loadAverageAtStart } = bench;
  const { bare, root, getLogin, postLogin, postLoginLight, getConsent, postConsent } = measured.first;
  const { getLoginRequest, acceptLoginRequest, getConsentRequest, getAndAcceptConsent } = measured.admin;
  const { password, passwordConcurrent, passwordLight } = measured.passwords;
  const { wholeApp, wholeAppRun, wholeCpu, wholeHydra, wholeHydraRun, rssBefore, loadApp } = measured.whole;
  const { rssAfter, rssPartsAfter, heapAfter, loadHydra } = measured.whole;
  const { preparationErrors } = measured;
  const { s, hops, targets, postLoginRest, postLoginRestBySubtraction } = summarise(measured);
  const result = {
    date: new Date().toISOString(),
    machine: {
      ...machine(),
      hydra: hydraVersion(),
      hydra_storage: "postgres",
      load_average_1m: { start: round(loadAverageAtStart), end: round(os.loadavg()[0] ?? NaN) },
    },
    settings: {
      requests: REQUESTS,
      page_requests: PAGE_REQUESTS,
      workers: WORKERS,
      warmup: WARMUP,
      rounds: ROUNDS,
      password_checks: PASSWORD_CHECKS,
      flows: FLOWS,
      load_users: LOAD_USERS,
      load_flows: LOAD_FLOWS,
      app_log_level: LOG_LEVEL,
      bare_page_bytes: floorInfo.bytes,
    },
    targets,
    hops,
    admin_calls: {
      getLoginRequest: s.getLoginRequest,
      acceptLoginRequest: s.acceptLoginRequest,
      getConsentRequest: s.getConsentRequest,
      "getConsentRequest + acceptConsentRequest": s.getAndAcceptConsent,
    },
    password_check: s.password,
    password_check_concurrent: s.passwordConcurrent,
    password_check_light: s.passwordLight,
    page_bytes: { get_login: measured.first.pageBytes.getLogin, get_consent: measured.first.pageBytes.getConsent },
    post_login_rest_cpu_us: postLoginRest,
    post_login_rest_by_subtraction_cpu_us: postLoginRestBySubtraction,
    whole_flow: {
      app: {
        ...wholeApp.summary(wholeAppRun.seconds),
        cpu_us: round(microsPer(wholeCpu.ticks, FLOWS), 0),
        errors: wholeAppRun.errors.length,
      },
      hydra_only: { ...wholeHydra.summary(wholeHydraRun.seconds), errors: wholeHydraRun.errors.length },
    },
    load: {
      app_flows_per_second: round(LOAD_FLOWS / loadApp.seconds),
      hydra_only_flows_per_second: round(LOAD_FLOWS / loadHydra.seconds),
      errors: loadApp.errors.length + loadHydra.errors.length,
    },
    rss_mb: {
      before: rssBefore,
      after: rssAfter,
      growth: round(rssAfter - rssBefore, 1),
      parts_after: rssPartsAfter,
      v8_after: heapAfter,
    },
    errors: {
      preparation: preparationErrors,
      first: [
        ...bare.errors,
        ...root.errors,
        ...getLogin.errors,
        ...postLogin.errors,
        ...postLoginLight.errors,
        ...getConsent.errors,
        ...postConsent.errors,
        ...getLoginRequest.errors,
        ...acceptLoginRequest.errors,
        ...getConsentRequest.errors,
        ...getAndAcceptConsent.errors,
        ...password.errors,
        ...passwordConcurrent.errors,
        ...passwordLight.errors,
        ...wholeAppRun.errors,
        ...wholeHydraRun.errors,
        ...loadApp.errors,
        ...loadHydra.errors,
      ][0],
    },
  };
  const resultsDir = path.join(projectRoot, "bench/results");
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, "latest.json"), JSON.stringify(result, null, 2) + "\n");
  const doc = markdown(result);
  console.log(doc);
  console.log(`results: ${path.join(resultsDir, "latest.json")}`);
  if (WRITE_DOC) {
    writeFileSync(path.join(projectRoot, "docs/benchmark.md"), doc);
    console.log("rewrote docs/benchmark.md");
  }
}
