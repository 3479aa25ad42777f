/**
 * The h19 attack review's federation proofs (reports/h19-attack.md, tests H1 and H2 of branch h19-attack), turned
 * round: they assert the fixed behaviour now.
 */
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { readUsersFile } from "../../src/identity/users-file.js";
import { callbackFromProvider, federation, startAtProvider } from "../federation/support.js";

let world: Awaited<ReturnType<typeof federation>> | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("H1: link: create no longer claims an address the provider did not verify, nor makes accounts with REGISTRATION off", () => {
  for (const registration of ["off", "open"]) {
    it(`REGISTRATION ${registration}: an unverified upstream email makes no account; the person is sent to the link page`, async () => {
      world = await federation({}, { env: { REGISTRATION: registration } });
      const w = world;
      w.issuer.state.person = { sub: "attacker-sub", email: "victim@elsewhere.example", email_verified: false };
      const attacker = request.agent(w.app);
      const back = await attacker.get(await callbackFromProvider(attacker, "c-1"));
      expect(back.status).toBe(303);
      expect(back.headers.location).toBe("/login/link-provider?login_challenge=c-1");
      expect(readUsersFile(w.users.file).find((record) => record.email === "victim@elsewhere.example")).toBeUndefined();
      expect(readUsersFile(w.users.file).flatMap((record) => record.provider_links ?? [])).toEqual([]);
      expect(w.accepts()).toHaveLength(0);
    });
  }

  it("REGISTRATION off: even a verified upstream email makes no account", async () => {
    world = await federation({}, { env: { REGISTRATION: "off" } });
    world.issuer.state.person = { sub: "someone", email: "someone@elsewhere.example", email_verified: true };
    const agent = request.agent(world.app);
    expect((await agent.get(await callbackFromProvider(agent, "c-1"))).headers.location).toBe(
      "/login/link-provider?login_challenge=c-1",
    );
    expect(readUsersFile(world.users.file)).toHaveLength(3);
  });
});

describe("H2: round trips to a provider are limited", () => {
  it("60 provider buttons from one IP and browser: 30 round trips, then the quota's 429", async () => {
    world = await federation();
    const agent = request.agent(world.app);
    const states = new Set<string>();
    const statuses: number[] = [];
    for (let index = 0; index < 60; index += 1) {
      const started = await startAtProvider(agent, "flood");
      statuses.push(started.status);
      if (started.status === 303) states.add(new URL(started.headers.location!).searchParams.get("state")!);
    }
    expect(states.size).toBe(30);
    expect(statuses.filter((status) => status === 429)).toHaveLength(30);
  });
});
