/**
 * Round trips to a provider cost a stranger something (h19 findings 6 and 8): each start takes one use of the IP's
 * quota before any state is kept, home-realm discovery is counted before its lookup and audited, and in memory the
 * round trips cannot push out the marks of used passkey challenges.
 */
import pino from "pino";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryAttemptStore } from "../../src/sign-in/attempts.js";
import { MemoryProofStore } from "../../src/sign-in/proofs.js";
import { UPSTREAM_STARTS_PER_IP } from "../../src/sign-in/upstream-proofs.js";
import { csrfTokenOf } from "../support/forms.js";
import { federation, startAtProvider } from "./support.js";

let world: Awaited<ReturnType<typeof federation>> | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const LIMIT = UPSTREAM_STARTS_PER_IP.max;

describe("the IP's quota of round trips to a provider", () => {
  // h19 test H2, reversed: 60 starts from one IP and browser are no longer 60 kept flows.
  it("60 provider buttons from one IP: the first 30 go to the provider, the rest get the quota's 429 page", async () => {
    world = await federation();
    const agent = request.agent(world.app);
    const statuses: number[] = [];
    const states = new Set<string>();
    let refused: request.Response | undefined;
    for (let index = 0; index < 60; index += 1) {
      const started = await startAtProvider(agent, "flood");
      statuses.push(started.status);
      if (started.status === 303) states.add(new URL(started.headers.location!).searchParams.get("state")!);
      else refused ??= started;
    }
    expect(LIMIT).toBe(30);
    expect(statuses.slice(0, LIMIT).every((status) => status === 303)).toBe(true);
    expect(statuses.slice(LIMIT).every((status) => status === 429)).toBe(true);
    expect(states.size).toBe(LIMIT);
    expect(Number(refused!.headers["retry-after"])).toBeGreaterThan(0);
    expect(refused!.text).toContain("Too many sign-ins with another provider from your network");
    expect(refused!.text).toContain("/login?login_challenge=flood"); // a way back
  });

  it("a client's upstream=<id> takes the same quota", async () => {
    world = await federation(
      {},
      { loginRequest: { request_url: "https://hydra.test/oauth2/auth?client_id=x&upstream=corp" } },
    );
    const statuses: number[] = [];
    for (let index = 0; index < LIMIT + 2; index += 1) {
      statuses.push((await request(world.app).get(`/login?login_challenge=c-${index}`)).status);
    }
    expect(statuses.filter((status) => status === 303)).toHaveLength(LIMIT);
    expect(statuses.slice(LIMIT)).toEqual([429, 429]);
  });

  it("home-realm discovery is counted before its lookup (a local account's answer too) and audited", async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
    world = await federation({ domains: ["corp.example"] }, { logger });
    const agent = request.agent(world.app);
    const page = await agent.get("/login?login_challenge=realm").expect(200);
    const post = (email: string) =>
      agent
        .post("/login")
        .type("form")
        .send({ _csrf: csrfTokenOf(page.text), challenge: "realm", action: "accept", email, password: "" });
    expect((await post("someone@corp.example")).status).toBe(303);
    expect((await post("local@corp.example")).status).toBe(400);
    const audited = lines.filter((line) => line.audit === "login.home_realm");
    expect(audited).toEqual([
      expect.objectContaining({ provider: "corp", account: "someone@corp.example", outcome: "provider" }),
      expect.objectContaining({ provider: "corp", account: "local@corp.example", outcome: "password" }),
    ]);
    // One use each (the round trip after the lookup takes none of its own): 28 left, then the 429.
    for (let index = 2; index < LIMIT; index += 1) expect((await post(`p${index}@corp.example`)).status).toBe(303);
    const limited = await post("local@corp.example");
    expect(limited.status).toBe(429);
    expect(lines.filter((line) => line.audit === "login.home_realm")).toHaveLength(LIMIT);
    expect(lines.some((line) => line.audit === "login.upstream_limited")).toBe(true);
    // An address of no provider's domain looks nothing up here and takes nothing.
    expect((await post("someone@other.example")).status).toBe(400);
  });
});

describe("in memory, round trips and passkey marks", () => {
  it("a flood of round trips does not push out a used passkey challenge's mark", async () => {
    const proofs = new MemoryProofStore({ maxChallenges: 5, maxUpstream: 5 });
    world = await federation({}, { signInStores: { attempts: new MemoryAttemptStore(), proofs } });
    expect(await proofs.claim("passkey:used:captured-answer", 60_000)).toBe(true);
    const agent = request.agent(world.app);
    for (let index = 0; index < 20; index += 1) expect((await startAtProvider(agent, "flood")).status).toBe(303);
    // Still marked: the captured answer cannot be replayed.
    expect(await proofs.claim("passkey:used:captured-answer", 60_000)).toBe(false);
    expect(proofs.size).toBe(1 + 5);
  });
});
