import { pino } from "pino";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { createMetrics } from "../../src/observability/metrics.js";
import { openLoginForm } from "../support/forms.js";
import { appUnderTest } from "../support/app-under-test.js";

describe("health and metrics", () => {
  it("GET /health/alive answers 200 without touching Hydra", async () => {
    const { app, hydra } = await appUnderTest();
    const response = await request(app).get("/health/alive");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: "ok" });
    expect(hydra.calls).toHaveLength(0);
  });

  it("the machine endpoints are not pages: another method is a 404, never a 405 with Allow", async () => {
    const { app } = await appUnderTest({ METRICS_TOKEN: "metrics-token-0123456789abcdef-0123456789" });
    for (const path of ["/health/alive", "/health/ready", "/metrics", "/brand.css"]) {
      const response = await request(app).post(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.allow, path).toBeUndefined();
    }
  });

  it("GET /health/ready is 503 when Hydra's admin API does not answer", async () => {
    const { app, hydra } = await appUnderTest();
    hydra.isReachable = async () => false;
    const response = await request(app).get("/health/ready");
    expect(response.status).toBe(503);
    expect(response.body).toEqual({ status: "unavailable", checks: { hydra: false } });
  });

  it("GET /metrics counts sign-in outcomes and lockouts", async () => {
    const metrics = createMetrics({ processMetrics: false });
    const { app } = await appUnderTest({ LOGIN_MAX_FAILURES_PER_ACCOUNT: "2" }, { metrics });
    const agent = request.agent(app);
    const post = async (password: string) => {
      const csrf = await openLoginForm(agent, "metrics-challenge");
      return agent
        .post("/login")
        .type("form")
        .send({ _csrf: csrf, challenge: "metrics-challenge", action: "accept", email: "foo@bar.com", password });
    };
    expect((await post("foobar")).status).toBe(303);
    expect((await post("wrong")).status).toBe(401);
    expect((await post("wrong")).status).toBe(429);

    const response = await request(app).get("/metrics");
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toContain("text/plain");
    expect(response.text).toContain('login_consent_flow_outcomes_total{flow="login",outcome="accepted"} 1');
    expect(response.text).toContain('login_consent_flow_outcomes_total{flow="login",outcome="failed"} 1');
    expect(response.text).toContain('login_consent_flow_outcomes_total{flow="login",outcome="locked"} 1');
    expect(response.text).toContain('login_lockouts_total{scope="this_failure"} 1');
    expect(response.text).toContain("# TYPE hydra_admin_request_duration_seconds histogram");
  });

  it("GET /metrics is not served on the app port when metrics have their own port", async () => {
    const { app } = await appUnderTest({ METRICS_PORT: "9464" });
    expect((await request(app).get("/metrics")).status).toBe(404);
  });

  it("in production /metrics is private: absent on the app port, or only with METRICS_TOKEN as a bearer", async () => {
    const production = { NODE_ENV: "production", HYDRA_ADMIN_URL: "http://127.0.0.1:9" };
    const closed = await appUnderTest(production);
    expect((await request(closed.app).get("/metrics")).status).toBe(404);

    const token = "metrics-token-metrics-token-metrics-token";
    const guarded = await appUnderTest({ ...production, METRICS_TOKEN: token });
    const refused = await request(guarded.app).get("/metrics");
    expect(refused.status).toBe(401);
    expect(refused.headers["www-authenticate"]).toContain("Bearer");
    expect((await request(guarded.app).get("/metrics").set("Authorization", "Bearer wrong")).status).toBe(401);
    const shown = await request(guarded.app).get("/metrics").set("Authorization", `Bearer ${token}`);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain("login_consent_flow_outcomes_total");
  });
});

describe("audit log lines", () => {
  it("never contain the password, the CSRF token or the whole challenge", async () => {
    const lines: string[] = [];
    const captured = pino({ level: "info" }, { write: (line: string) => lines.push(line) });
    const challenge = "audit-challenge-0123456789abcdefghijklmnopqrstuvwxyz";
    const { app } = await appUnderTest({}, { logger: captured });
    const agent = request.agent(app);
    const csrf = await openLoginForm(agent, challenge);
    await agent
      .post("/login")
      .type("form")
      .send({ _csrf: csrf, challenge, action: "accept", email: "foo@bar.com", password: "s3cret-wrong" });
    await agent
      .post("/login")
      .type("form")
      .send({ _csrf: csrf, challenge, action: "accept", email: "foo@bar.com", password: "foobar" });
    const log = lines.join("");
    expect(log).toContain('"audit":"login.failed"');
    expect(log).toContain('"audit":"login.accepted"');
    expect(log).not.toContain("s3cret-wrong");
    expect(log).not.toContain("foobar");
    expect(log).not.toContain(csrf);
    expect(log).not.toContain(challenge);
    expect(log).not.toContain("hlc.sid=");
  });

  it("failed, locked and accepted sign-ins name the client IP, the client id and the account", async () => {
    const lines: string[] = [];
    const captured = pino({ level: "info" }, { write: (line: string) => lines.push(line) });
    const { app } = await appUnderTest({ LOGIN_MAX_FAILURES_PER_ACCOUNT: "2" }, { logger: captured });
    const agent = request.agent(app);
    const csrf = await openLoginForm(agent, "abc");
    const send = (email: string, password: string) =>
      agent.post("/login").type("form").send({ _csrf: csrf, challenge: "abc", action: "accept", email, password });
    await send(" Target@Example.test ", "guess");
    await send("target@example.test", "guess");
    await send("foo@bar.com", "foobar");
    const events = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.audit);
    const failed = events.find((event) => event.audit === "login.failed");
    const locked = events.find((event) => event.audit === "login.locked");
    const accepted = events.find((event) => event.audit === "login.accepted");
    for (const event of [failed, locked, accepted]) {
      expect(event).toMatchObject({ client: "test-client" });
      expect(event?.ip).toMatch(/127\.0\.0\.1/);
    }
    expect(failed?.account).toBe("target@example.test");
    expect(locked).toMatchObject({ account: "target@example.test", scope: "account" });
    expect(accepted).toMatchObject({ account: "foo@bar.com", subject: "foo@bar.com" });
  });

  it("with AUDIT_HASH_EMAILS the account is a keyed hash, the same for the same email", async () => {
    const lines: string[] = [];
    const captured = pino({ level: "info" }, { write: (line: string) => lines.push(line) });
    const { app } = await appUnderTest({ AUDIT_HASH_EMAILS: "true" }, { logger: captured });
    const agent = request.agent(app);
    const csrf = await openLoginForm(agent, "abc");
    for (const email of ["target@example.test", "TARGET@example.test"]) {
      await agent
        .post("/login")
        .type("form")
        .send({ _csrf: csrf, challenge: "abc", action: "accept", email, password: "guess" });
    }
    const accounts = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.audit === "login.failed")
      .map((line) => line.account);
    expect(accounts).toHaveLength(2);
    expect(accounts[0]).toMatch(/^hmac:[0-9a-f]{24}$/);
    expect(accounts[1]).toBe(accounts[0]);
    expect(lines.join("")).not.toContain("target@example.test");
  });
});
