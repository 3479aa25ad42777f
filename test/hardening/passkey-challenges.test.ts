import request from "supertest";
import { describe, expect, it } from "vitest";
import { createPasskeys } from "../../src/identity/factors/passkeys.js";
import { demoAccount, MemoryUserStore } from "../../src/identity/memory-store.js";
import { MemoryAttemptStore } from "../../src/sign-in/attempts.js";
import { MemoryProofStore } from "../../src/sign-in/proofs.js";
import { csrfTokenOf } from "../support/forms.js";
import { appUnderTest } from "../support/app-under-test.js";
import { SoftwareAuthenticator } from "../support/software-authenticator.js";

/** Passkeys are on (BASE_URL has a host name): every login page shows the passkey button. */
const ORIGIN = "http://login.test";
const PASSKEYS = { BASE_URL: ORIGIN, LOGIN_MAX_FAILURES_PER_ACCOUNT: "3" };

const unescape = (text: string) => text.replace(/&quot;/g, '"').replace(/&amp;/g, "&");
const passkeyOptions = (page: string) =>
  JSON.parse(unescape(/data-options="([^"]+)"/.exec(page)?.[1] ?? "{}")) as { challenge?: string };
const passkeyProof = (page: string) => /name="passkey_proof" value="([^"]+)"/.exec(page)?.[1];

async function setUp() {
  const users = new MemoryUserStore([await demoAccount()]);
  const proofs = new MemoryProofStore();
  const { app } = await appUnderTest(PASSKEYS, { users, signInStores: { attempts: new MemoryAttemptStore(), proofs } });
  return { app, users, proofs };
}

describe("passkey challenges on the login page", () => {
  it("a flood of 1,000 strangers' login pages keeps nothing on the server, yet each page has its own challenge", async () => {
    const { app, proofs } = await setUp();
    const challenges = new Set<string>();
    for (let index = 0; index < 1000; index += 1) {
      const page = await request(app).get(`/login?login_challenge=flood-${index}`).expect(200);
      expect(page.text).toContain('id="passkey"');
      challenges.add(passkeyOptions(page.text).challenge!);
    }
    expect(challenges.size).toBe(1000);
    expect(proofs.size).toBe(0);
  });

  it("a 429 for a locked address offers no passkey button; one for a locked password step keeps it", async () => {
    const wrongPasswords = async (env: Record<string, string>, tries: number, manyAccounts: boolean) => {
      const proofs = new MemoryProofStore();
      const { app } = await appUnderTest(env, { signInStores: { attempts: new MemoryAttemptStore(), proofs } });
      const agent = request.agent(app);
      let last: request.Response | undefined;
      for (let index = 0; index < tries; index += 1) {
        const page = await agent.get("/login?login_challenge=locked").expect(200);
        last = await agent
          .post("/login")
          .type("form")
          .send({
            _csrf: csrfTokenOf(page.text),
            challenge: "locked",
            action: "accept",
            email: manyAccounts ? `someone-${index}@example.test` : "foo@bar.com",
            password: `wrong-${index}`,
          });
      }
      expect(last!.status).toBe(429);
      expect(proofs.size).toBe(0);
      return last!.text;
    };
    // One address, many accounts: the address is locked, and a passkey from it would be refused as well.
    const ipLocked = await wrongPasswords({ BASE_URL: ORIGIN, LOGIN_MAX_FAILURES_PER_IP: "3" }, 4, true);
    expect(ipLocked).toContain("Too many");
    expect(ipLocked).not.toContain('id="passkey"');
    // One account's password step: its owner's passkey is another step with its own counter, still offered.
    const accountLocked = await wrongPasswords(PASSKEYS, 4, false);
    expect(accountLocked).toContain('id="passkey"');
  });

  it("a passkey sign-in still works, once: the same answer posted again is refused", async () => {
    const { app, users } = await setUp();
    const authenticator = new SoftwareAuthenticator("login.test");
    const passkeys = createPasskeys({ rpName: "Test", baseUrl: ORIGIN });
    const registration = await passkeys.registrationOptions({ id: "foo@bar.com", email: "foo@bar.com", name: "" }, []);
    const record = await passkeys.verifyRegistration(
      authenticator.create(registration.challenge, { origin: ORIGIN }),
      registration.challenge,
      "Key",
    );
    await users.addPasskey("foo@bar.com", record!);

    const agent = request.agent(app);
    const page = await agent.get("/login?login_challenge=with-passkey").expect(200);
    const answer = JSON.stringify(authenticator.get(passkeyOptions(page.text).challenge!, { origin: ORIGIN }));
    const post = () =>
      agent
        .post("/login/passkey")
        .set("Origin", ORIGIN)
        .type("form")
        .send({
          _csrf: csrfTokenOf(page.text),
          challenge: "with-passkey",
          credential: answer,
          passkey_proof: passkeyProof(page.text),
        });
    const accepted = await post();
    expect(accepted.status).toBe(303);
    expect((await post()).status).toBe(401);
    // The page's proof is for its own login challenge only.
    const other = await agent.get("/login?login_challenge=another").expect(200);
    const elsewhere = await agent
      .post("/login/passkey")
      .set("Origin", ORIGIN)
      .type("form")
      .send({
        _csrf: csrfTokenOf(other.text),
        challenge: "another",
        credential: JSON.stringify(authenticator.get(passkeyOptions(page.text).challenge!, { origin: ORIGIN })),
        passkey_proof: passkeyProof(page.text),
      });
    expect(elsewhere.status).toBe(401);
  });
});
