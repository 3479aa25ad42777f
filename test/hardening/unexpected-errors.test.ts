import request from "supertest";
import { describe, expect, it } from "vitest";
import { openLoginForm } from "../support/forms.js";
import { fakeHydra } from "../support/fake-hydra.js";
import { appUnderTest } from "../support/app-under-test.js";

/** A bug of ours (not a dependency that is down): the one kind of failure that is a 500. */
function buggyHydra() {
  const hydra = fakeHydra();
  hydra.acceptLoginRequest = () => Promise.reject(new TypeError("cannot read 'redirect_to' at /var/secret/path"));
  return hydra;
}

async function failingSignIn(env: Record<string, string>) {
  const { app } = await appUnderTest(env, { hydra: buggyHydra() });
  const agent = request.agent(app);
  const csrf = await openLoginForm(agent, "abc");
  return agent
    .post("/login")
    .type("form")
    .send({ _csrf: csrf, challenge: "abc", action: "accept", email: "foo@bar.com", password: "foobar" });
}

describe("unexpected errors", () => {
  it("get a 500 page that shows no internals outside development", async () => {
    const response = await failingSignIn({ NODE_ENV: "production", HYDRA_ADMIN_URL: "http://127.0.0.1:9" });
    expect(response.status).toBe(500);
    expect(response.text).toContain("Something went wrong");
    expect(response.text).not.toContain("/var/secret/path");
    expect(response.text).not.toContain('class="stack"');
  });

  it("show their stack trace in development", async () => {
    const response = await failingSignIn({ NODE_ENV: "development" });
    expect(response.status).toBe(500);
    expect(response.text).toContain('class="stack"');
    expect(response.text).toContain("cannot read &#39;redirect_to&#39;");
  });
});
