import type { ChildReply } from "../child.js";
import { send } from "../http.js";
import type { AdminCall } from "../child.js";
import { CALLBACK, PASSWORD_CHECKS, REQUESTS, WARMUP, WORKERS } from "./settings.js";
import { expectRedirect, need, param } from "./flows.js";
import { fromChild } from "./measure.js";
import { ask } from "./processes.js";
import type { Bench } from "./setup.js";

/** Stage 3: the same hops' Hydra admin calls alone, made by the child with our client: each hop's floor. */
export async function measureAdminCalls(bench: Bench) {
  const { stack, child, prepare, newFlows } = bench;
  let preparationErrors = 0;

  // 3. The same hops' Hydra admin calls alone, from the child, with our client.
  console.log(`Hydra admin calls alone: ${REQUESTS} of each hop's from ${WORKERS} workers`);
  const adminFlows = await newFlows(WARMUP + REQUESTS);
  const admin = async (calls: AdminCall[], challenges: string[]) =>
    ask<ChildReply>(child, {
      kind: "admin",
      adminUrl: stack.hydra.adminUrl,
      calls,
      challenges,
      warmup: WARMUP,
      workers: WORKERS,
    });
  const loginChallenges = adminFlows.map((flow) => param(flow.loginUrl, "login_challenge"));
  const getLoginRequest = await admin(["getLoginRequest"], loginChallenges);
  const acceptLoginRequest = await admin(["acceptLoginRequest"], loginChallenges);
  adminFlows.forEach((flow, index) => (flow.afterLogin = acceptLoginRequest.redirects[index] || undefined));
  preparationErrors += await prepare("login verifiers at Hydra (admin floor)", adminFlows, async (flow) => {
    flow.consentUrl = expectRedirect(await send(flow.jar, need(flow.afterLogin, "acceptLoginRequest")), "/consent?");
  });
  const consentChallenges = adminFlows.map((flow) => param(flow.consentUrl ?? "http://x/", "consent_challenge"));
  const getConsentRequest = await admin(["getConsentRequest"], consentChallenges);
  const getAndAcceptConsent = await admin(["getConsentRequest", "acceptConsentRequest"], consentChallenges);
  adminFlows.forEach((flow, index) => (flow.afterConsent = getAndAcceptConsent.redirects[index] || undefined));
  preparationErrors += await prepare(
    "consent verifiers at Hydra (admin floor)",
    adminFlows.slice(-100),
    async (flow) => {
      const callback = expectRedirect(await send(flow.jar, need(flow.afterConsent, "acceptConsentRequest")), CALLBACK);
      if (param(callback, "code") === "") throw new Error(`no code in ${callback}`);
    },
  );

  return { getLoginRequest, acceptLoginRequest, getConsentRequest, getAndAcceptConsent, preparationErrors };
}

/** Stage 4: the password check alone in the child, the app's hash and the light one. */
export async function measurePasswordChecks(bench: Bench) {
  const { child, appHash, lightAccountHash } = bench;
  // 4. The password check alone in the child: one at a time, and from as many workers as the hop had (two checks
  // at once on two cores slow each other down: shared caches and memory bandwidth), and the light hash's.
  console.log(`password check alone: ${PASSWORD_CHECKS} argon2id verifications, one at a time and at ${WORKERS}`);
  const checks = (hash: string, workers: number) =>
    ask<ChildReply>(child, {
      kind: "password",
      hash,
      password: "bench-password",
      count: PASSWORD_CHECKS,
      warmup: Math.min(WARMUP, 20),
      workers,
    }).then(fromChild);
  const password = await checks(appHash, 1);
  const passwordConcurrent = await checks(appHash, WORKERS);
  const passwordLight = await checks(lightAccountHash, WORKERS);

  return { password, passwordConcurrent, passwordLight };
}
