/**
 * A process of the bench's own, forked once per kind of floor, that does one kind of work at a time when asked
 * over IPC and reports its own CPU for it, read from /proc/self/stat exactly as the app's is:
 * - "admin": Hydra admin calls with our client (createHydraAdmin from src/hydra.ts), as each hop makes them;
 * - "password": argon2id verifications with src/identity/passwords.ts (and its limit of one hash per core in
 *   flight), from `workers` at once, against a hash the parent made (the app's strength, or the light one).
 * The first `warmup` items of every batch are not measured (JIT, connections).
 */
import { cpuSample, cpuSince } from "./cpu.js";
import { createHydraAdmin, type HydraAdmin, type OAuth2ConsentRequest } from "../src/hydra.js";
import { verifyPassword } from "../src/identity/passwords.js";
import { runEach } from "./stats.js";

export type AdminCall = "getLoginRequest" | "acceptLoginRequest" | "getConsentRequest" | "acceptConsentRequest";

export type ChildRequest =
  | { kind: "admin"; adminUrl: string; calls: AdminCall[]; challenges: string[]; warmup: number; workers: number }
  | { kind: "password"; hash: string; password: string; count: number; warmup: number; workers: number };

export interface ChildReply {
  count: number;
  seconds: number;
  ticks: number;
  mainTicks: number;
  latenciesMs: number[];
  /** Per challenge, the redirect the last accept answered with (admin batches that accept). */
  redirects: string[];
  errors: string[];
}

let hydra: (HydraAdmin & { close(): void }) | undefined;

/** One hop's admin calls for one challenge; returns the redirect of an accept, if any. */
async function adminCalls(client: HydraAdmin, calls: AdminCall[], challenge: string): Promise<string> {
  let consent: OAuth2ConsentRequest | undefined;
  let redirect = "";
  for (const call of calls) {
    if (call === "getLoginRequest") await client.getLoginRequest(challenge);
    else if (call === "getConsentRequest") consent = await client.getConsentRequest(challenge);
    else if (call === "acceptLoginRequest") {
      redirect = await client.acceptLoginRequest(challenge, {
        subject: "bench-user-1",
        remember: false,
        acr: "1",
        amr: ["pwd"],
      });
    } else {
      redirect = await client.acceptConsentRequest(challenge, {
        grant_scope: consent?.requested_scope ?? ["openid", "offline_access"],
        grant_access_token_audience: [],
        session: { id_token: { name: "Bench User", email: "bench@example.test" } },
      });
    }
  }
  return redirect;
}

async function handle(request: ChildRequest): Promise<ChildReply> {
  const latenciesMs: number[] = [];
  if (request.kind === "password") {
    const { hash, password } = request;
    const check = async () => {
      const start = performance.now();
      if (!(await verifyPassword(hash, password))) throw new Error("the password did not verify");
      return performance.now() - start;
    };
    const warm = await runEach(
      request.workers,
      Array.from({ length: request.warmup }),
      async () => void (await check()),
    );
    const before = cpuSample(process.pid);
    const run = await runEach(request.workers, Array.from({ length: request.count }), async () => {
      latenciesMs.push(await check());
    });
    return {
      count: request.count,
      seconds: run.seconds,
      ...cpuSince(process.pid, before),
      latenciesMs,
      redirects: [],
      errors: [...warm.errors, ...run.errors],
    };
  }
  hydra ??= createHydraAdmin({ adminUrl: request.adminUrl, timeoutMs: 10_000 });
  const client = hydra;
  const redirects: string[] = new Array<string>(request.challenges.length).fill("");
  const warm = request.challenges.slice(0, request.warmup).map((challenge, index) => ({ challenge, index }));
  const measured = request.challenges.slice(request.warmup).map((challenge, offset) => ({
    challenge,
    index: request.warmup + offset,
  }));
  const one = async (item: { challenge: string; index: number }, record: boolean) => {
    const start = performance.now();
    redirects[item.index] = await adminCalls(client, request.calls, item.challenge);
    if (record) latenciesMs.push(performance.now() - start);
  };
  const warmRun = await runEach(request.workers, warm, (item) => one(item, false));
  const before = cpuSample(process.pid);
  const run = await runEach(request.workers, measured, (item) => one(item, true));
  return {
    count: measured.length,
    seconds: run.seconds,
    ...cpuSince(process.pid, before),
    latenciesMs,
    redirects,
    errors: [...warmRun.errors, ...run.errors],
  };
}

process.on("message", (message: ChildRequest) => {
  handle(message).then(
    (reply) => process.send?.(reply),
    (error: unknown) => process.send?.({ error: String(error) }),
  );
});
process.on("disconnect", () => {
  hydra?.close();
  process.exit(0);
});
