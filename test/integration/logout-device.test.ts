import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { appWithStandIn, formToken, type Harness } from "./app-with-stand-in.js";

let harness: Harness;
afterEach(() => harness.close());
const challenge = "logout-challenge-1";

describe("logout", () => {
  async function post(action: string, env: Record<string, string> = {}) {
    harness = await appWithStandIn(env);
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

  async function post(userCode: string) {
    const agent = request.agent(harness.app);
    const csrf = await formToken(agent, `/device/verify?device_challenge=${device}`);
    return agent.post("/device/verify").type("form").send({ _csrf: csrf, challenge: device, user_code: userCode });
  }

  it("GET pre-fills the code from the link and offers #verify, without calling Hydra (it has no GET for devices)", async () => {
    harness = await appWithStandIn();
    const response = await request(harness.app).get(`/device/verify?device_challenge=${device}&user_code=ABCD-EFGH`);
    expect(response.status).toBe(200);
    expect(response.text).toContain('id="user_code" name="user_code" value="ABCD-EFGH"');
    expect(response.text).toContain('id="verify"');
    expect(harness.hydra.seen).toHaveLength(0);
  });

  it("a right code is accepted with {user_code} and the browser follows Hydra", async () => {
    harness = await appWithStandIn();
    harness.hydra.answer(
      "device",
      device,
      { status: 200, body: { redirect_to: "https://hydra.test/oauth2/device/verify?ok=1" } },
      "accept",
    );
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
