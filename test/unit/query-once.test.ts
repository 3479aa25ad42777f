import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { parseQueryOnce } from "../../src/http/query.js";

describe("parseQueryOnce", () => {
  it("parses a request's query once however often it is read, and again when its URL changes", async () => {
    const app = express();
    let parses = 0;
    app.set("query parser", (text: string) => {
      parses += 1;
      return Object.fromEntries(new URLSearchParams(text));
    });
    parseQueryOnce(app);
    const seen: unknown[] = [];
    app.get("/page", (req, res) => {
      seen.push(req.query.challenge, req.query.lang, { ...req.query });
      req.url = "/page?challenge=other";
      seen.push(req.query.challenge);
      res.end();
    });
    const challenge = "c".repeat(1200);
    await request(app).get(`/page?challenge=${challenge}&lang=de`).expect(200);
    expect(seen).toEqual([challenge, "de", { challenge, lang: "de" }, "other"]);
    expect(parses).toBe(2);
  });

  it("keeps express's own parser: repeated parameters and brackets as the app's setting says", async () => {
    const app = express();
    app.set("query parser", "simple");
    parseQueryOnce(app);
    app.get("/", (req, res) => res.json(req.query));
    const answer = await request(app).get("/?a=1&a=2&b[]=3");
    expect(answer.body).toEqual({ a: ["1", "2"], "b[]": "3" });
  });
});
