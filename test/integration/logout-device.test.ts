import pino from "pino";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { appWithStandIn, formToken, type Harness } from "./app-with-stand-in.js";

let harness: Harness;
afterEach(() => harness.close());
const challenge = "logout-challenge-1";

/** Audit lines written by the app under test. */
function capturedAudit() {
  const lines: string[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => lines.push(line) });
  const events = () =>
    lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.audit !== undefined);
  return { logger, events };
}

describe("logout", () => {
  let audit = capturedAudit();
  async function post(action: string, env: Record<string, string> = {}) {
    audit = capturedAudit();
    harness = await appWithStandIn(env, { logger: audit.logger });
    harness.hydra.answer("logout", challenge, {
      status: 200,
      body: { challenge, subject: "foo@bar.com", client: { client_id: "c", client_name: "Photo Printer" } },
    });
    const agent = request.agent(harness.app);
    const csrf = await formToken(agent, `/logout?logout_challenge=${challenge}`);
    return agent.post("/logout").type("form").send({ _csrf: csrf, challenge, action });
  }

  it("GET shows the question with #accept and #reject", async () => {
    harness = await appWithStandIn();
    harness.hydra.answer("logout", challenge, {
      status: 200,
      body: { challenge, client: { client_id: "c", client_name: "Photo Printer" } },
    });
    const response = await request(harness.app).get(`/logout?logout_challenge=${challenge}`);
    expect(response.status).toBe(200);
    expect(response.text).toContain("Do you want to log out?");
    expect(response.text).toContain("You will be signed out of Photo Printer.");
    expect(response.text).toContain('id="accept"');
    expect(response.text).toContain('id="reject"');
  });

  it("#accept accepts and follows Hydra", async () => {
    const response = await post("accept");
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`https://hydra.test/after-logout-accept?challenge=${challenge}`);
    expect(harness.hydra.calls("logout", "reject")).toHaveLength(0);
  });

  it("#reject rejects and says the person is still signed in", async () => {
    const response = await post("reject");
    expect(response.status).toBe(200);
    expect(response.text).toContain("You are still signed in");
    expect(harness.hydra.calls("logout", "reject")).toHaveLength(1);
    expect(harness.hydra.calls("logout", "accept")).toHaveLength(0);
  });

  it("#reject goes to LOGOUT_REJECTED_URL when set", async () => {
    const response = await post("reject", { LOGOUT_REJECTED_URL: "https://app.example.test/still-here" });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe("https://app.example.test/still-here");
  });

  it.each([
    ["accept", "logout.accepted"],
    ["reject", "logout.rejected"],
  ])("#%s writes %s with the subject, the client and the IP (from Hydra, not the form)", async (action, event) => {
    await post(action);
    const line = audit.events().find((entry) => entry.audit === event);
    expect(line).toMatchObject({ subject: "foo@bar.com", client: "c" });
    expect(line?.ip).toMatch(/127\.0\.0\.1/);
    expect(harness.hydra.calls("logout", "get")).toHaveLength(2); // the page, then the post
  });

  it("a client with skip_logout_consent is logged out without the question", async () => {
    harness = await appWithStandIn();
    harness.hydra.answer("logout", challenge, {
      status: 200,
      body: { challenge, client: { client_id: "c", skip_logout_consent: true } },
    });
    const response = await request(harness.app).get(`/logout?logout_challenge=${challenge}`);
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe(`https://hydra.test/after-logout-accept?challenge=${challenge}`);
  });

  it("a skipped logout's audit line names the subject, the client and the IP too", async () => {
    audit = capturedAudit();
    harness = await appWithStandIn({}, { logger: audit.logger });
    harness.hydra.answer("logout", challenge, {
      status: 200,
      body: { challenge, subject: "foo@bar.com", client: { client_id: "c", skip_logout_consent: true } },
    });
    await request(harness.app).get(`/logout?logout_challenge=${challenge}`).expect(302);
    const line = audit.events().find((entry) => entry.audit === "logout.accepted");
    expect(line).toMatchObject({ subject: "foo@bar.com", client: "c", skipped: true });
    expect(line?.ip).toMatch(/127\.0\.0\.1/);
  });

  it("a used logout challenge (410) follows redirect_to; an unknown one (404) gets a 404 page", async () => {
    harness = await appWithStandIn();
    harness.hydra.answer("logout", "used", {
      status: 410,
      body: { redirect_to: "https://hydra.test/oauth2/fallbacks/logout" },
    });
    const used = await request(harness.app).get("/logout?logout_challenge=used");
    expect(used.status).toBe(302);
    expect(used.headers.location).toBe("https://hydra.test/oauth2/fallbacks/logout");
    expect((await request(harness.app).get("/logout?logout_challenge=unknown")).status).toBe(404);
  });
});

describe("device verification", () => {
  const device = "device-challenge-1";

  async function post(userCode: string, more: Record<string, string> = {}) {
    const agent = request.agent(harness.app);
    const csrf = await formToken(agent, `/device/verify?device_challenge=${device}`);
    return agent
      .post("/device/verify")
      .type("form")
      .send({ _csrf: csrf, challenge: device, user_code: userCode, ...more });
  }
  const acceptingHydra = () =>
    harness.hydra.answer(
      "device",
      device,
      { status: 200, body: { redirect_to: "https://hydra.test/oauth2/device/verify?ok=1" } },
      "accept",
    );

  it("GET pre-fills the code from the link and offers #verify, without calling Hydra (it has no GET for devices)", async () => {
    harness = await appWithStandIn();
    const response = await request(harness.app).get(`/device/verify?device_challenge=${device}&user_code=ABCD-EFGH`);
    expect(response.status).toBe(200);
    expect(response.text).toContain('id="user_code" name="user_code" value="ABCD-EFGH"');
    expect(response.text).toContain('id="verify"');
    expect(harness.hydra.seen).toHaveLength(0);
  });

  it("says to continue only for one's own device; a code from the link needs the #confirm-device tick", async () => {
    harness = await appWithStandIn();
    const linked = await request(harness.app).get(`/device/verify?device_challenge=${device}&user_code=ABCD-EFGH`);
    expect(linked.text).toContain("Only continue if you started this on your own device and it shows this code.");
    expect(linked.text).toContain('id="confirm-device" name="confirm_device" value="1" required');
    expect(linked.text).toContain('name="from_link" value="1"');
    const typed = await request(harness.app).get(`/device/verify?device_challenge=${device}`);
    expect(typed.text).toContain("Only continue if you started this on your own device and it shows this code.");
    expect(typed.text).not.toContain('id="confirm-device"');
  });

  it("a code from the link posted without the tick is not sent to Hydra: the page asks again", async () => {
    harness = await appWithStandIn();
    acceptingHydra();
    for (const confirm of [{}, { confirm_device: "" }, { confirm_device: "0" }] as Array<Record<string, string>>) {
      const response = await post("ABCD-EFGH", { from_link: "1", ...confirm });
      expect(response.status).toBe(400);
      expect(response.text).toContain("This code came with the link you opened.");
      expect(response.text).toContain('id="confirm-device"');
      expect(response.text).toContain('value="ABCD-EFGH"');
    }
    expect(harness.hydra.calls("device", "accept")).toHaveLength(0);
    const confirmed = await post("ABCD-EFGH", { from_link: "1", confirm_device: "1" });
    expect(confirmed.status).toBe(303);
    expect(harness.hydra.calls("device", "accept")[0]?.body).toEqual({ user_code: "ABCD-EFGH" });
  });

  it("a typed code is accepted with {user_code} and the browser follows Hydra", async () => {
    harness = await appWithStandIn();
    acceptingHydra();
    const response = await post(" ABCD-EFGH ");
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe("https://hydra.test/oauth2/device/verify?ok=1");
    const call = harness.hydra.calls("device", "accept")[0];
    expect(call?.method).toBe("PUT");
    expect(call?.query).toEqual({ device_challenge: device });
    expect(call?.body).toEqual({ user_code: "ABCD-EFGH" });
  });

  it("a wrong or expired code (Hydra 400) re-renders with a message", async () => {
    harness = await appWithStandIn();
    harness.hydra.answer(
      "device",
      device,
      {
        status: 400,
        body: {
          error: "invalid_request",
          error_description: "The 'user_code' session could not be found or has expired.",
        },
      },
      "accept",
    );
    const response = await post("WRONG-CODE");
    expect(response.status).toBe(400);
    expect(response.text).toContain("That code is not valid or has expired.");
    expect(response.text).toContain('value="WRONG-CODE"');
  });

  it("an empty code re-renders with a 400 without calling Hydra", async () => {
    harness = await appWithStandIn();
    const response = await post("   ");
    expect(response.status).toBe(400);
    expect(response.text).toContain("Please enter the code that your device shows.");
    expect(harness.hydra.calls("device", "accept")).toHaveLength(0);
  });

  it("an unknown device challenge (Hydra 404) gets a 404 page", async () => {
    harness = await appWithStandIn();
    expect((await post("ABCD-EFGH")).status).toBe(404);
  });

  it("GET /device/success says the device is connected", async () => {
    harness = await appWithStandIn();
    const response = await request(harness.app).get("/device/success");
    expect(response.status).toBe(200);
    expect(response.text).toContain("Your device is connected");
  });
});
