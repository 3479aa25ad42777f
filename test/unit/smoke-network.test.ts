import http from "node:http";
import { describe, expect, it } from "vitest";

describe("test network guard", () => {
  it("refuses connections to anything but loopback, before any packet is sent", () => {
    expect(() => http.get("http://192.0.2.1:4445/admin/clients")).toThrow(/blocked in tests/);
  });
});
