import request from "supertest";
import { describe, expect, it } from "vitest";
import type { UserStore } from "../../src/identity/store.js";
import { openLoginForm } from "../support/forms.js";
import { appUnderTest } from "./app-under-test.js";

/** A user store whose database is gone: the one kind of failure the app cannot turn into a 4xx. */
const brokenStore: UserStore = {
  findByEmail: () => Promise.reject(new Error("connection to the user database lost at /var/secret/path")),
  findById: () => Promise.reject(new Error("lost")),
  close: () => Promise.resolve(),
};

async function failingSignIn(env: Record<string, string>) {
  const { app } = await appUnderTest(env, { users: brokenStore });
  const agent = request.agent(app);
  const csrf = await openLoginForm(agent, "abc");
  return agent
    .post("/login")
    .type("form")
    .send({ _csrf: csrf, challenge: "abc", action: "accept", email: "a@b.c", password: "x" });
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
    expect(response.text).toContain("connection to the user database lost");
  });
});
