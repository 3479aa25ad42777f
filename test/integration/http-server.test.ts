import express from "express";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpServer } from "../../src/http/server.js";
import { loginRequest } from "../support/hydra-admin-stand-in.js";
import { appWithStandIn, type Harness } from "./app-with-stand-in.js";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe("createHttpServer: requests born with the app's prototypes", () => {
  it("hands express objects whose prototypes are already the app's, so express changes none", async () => {
    const app = express();
    const seen: Array<{ req: boolean; res: boolean; ownQuery: unknown; path: string }> = [];
    app.get("/probe", (req, res) => {
      seen.push({
        req: Object.getPrototypeOf(req) === app.request,
        res: Object.getPrototypeOf(res) === app.response,
        ownQuery: req.query.a,
        path: req.path,
      });
      res.status(201).json({ ip: req.ip, secure: req.secure });
    });
    const server = createHttpServer(app);
    const answer = await request(server).get("/probe?a=1");
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ ip: expect.stringMatching(/127\.0\.0\.1/), secure: false });
    expect(seen).toEqual([{ req: true, res: true, ownQuery: "1", path: "/probe" }]);
  });

  it("serves the real app: a login page with its form, its headers and its cookie", async () => {
    harness = await appWithStandIn();
    const challenge = "served-by-our-server";
    harness.hydra.answer("login", challenge, { status: 200, body: loginRequest(challenge) });
    const server = createHttpServer(harness.app);
    const page = await request(server).get(`/login?login_challenge=${challenge}`);
    expect(page.status).toBe(200);
    expect(page.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(page.headers["cache-control"]).toBe("no-store");
    expect(page.headers["set-cookie"]?.[0]).toMatch(/^hlc\.csrf=/);
    expect(page.text).toContain(`name="challenge" value="${challenge}"`);
    const missing = await request(server).get("/nowhere");
    expect(missing.status).toBe(404);
    expect(missing.text).toContain("Page not found");
  });
});
