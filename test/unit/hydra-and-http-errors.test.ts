import { describe, expect, it } from "vitest";
import { Gone, type AppError } from "../../src/errors.js";
import { hydraErrorOf, HydraHttpError } from "../../src/hydra.js";
import { asAppError as fromAnything } from "../../src/http/error-handler.js";
import { errorPage } from "../../src/http/error-pages.js";
import { redactedUrl } from "../../src/http/logging.js";
import { en } from "../../src/i18n/en.js";
import { isMessageKey, translator } from "../../src/i18n/index.js";

const hydraError = (status: number, data: unknown = {}) => ({ response: { status, data } });
/** What the person sees of a failed admin call: the client's typed error, as the error handler reads it. */
const fromHydra = (error: unknown, operation: string) => fromAnything(hydraErrorOf(error, operation));
const redirectOf = (error: AppError) => (error instanceof Gone ? error.redirectTo : undefined);

describe("Hydra's answers as people see them", () => {
  it.each([
    [401, 401, "error.challenge.expired"],
    [404, 404, "error.challenge.unknown"],
    [400, 400, "error.challenge.invalid"],
    [409, 409, "error.challenge.invalid"],
    [403, 400, "error.challenge.invalid"],
    [429, 503, "error.unavailable.detail"],
    [500, 503, "error.unavailable.detail"],
    [502, 503, "error.unavailable.detail"],
  ])("HTTP %i → %i (%s)", (status, shown, detail) => {
    const error = fromHydra(hydraError(status), "getLoginRequest");
    expect(error.status).toBe(shown);
    expect(errorPage(error).detailKey).toBe(detail);
    expect(redirectOf(error)).toBeUndefined();
  });

  it("410 follows an http(s) redirect_to and nothing else", () => {
    expect(redirectOf(fromHydra(hydraError(410, { redirect_to: "https://hydra.test/x" }), "op"))).toBe(
      "https://hydra.test/x",
    );
    expect(redirectOf(fromHydra(hydraError(410, { redirect_to: "javascript:alert(1)" }), "op"))).toBeUndefined();
    expect(fromHydra(hydraError(410), "op").status).toBe(410);
  });

  it("reads the client's own HTTP failures the same way", () => {
    expect(redirectOf(fromHydra(new HydraHttpError(410, { redirect_to: "https://hydra.test/x" }), "op"))).toBe(
      "https://hydra.test/x",
    );
    expect(fromHydra(new HydraHttpError(409, undefined), "op").status).toBe(409);
    expect(fromHydra(new HydraHttpError(502, "<html>"), "op").status).toBe(503);
    expect(fromHydra(new HydraHttpError(404, {}), "getLoginRequest").message).toBe(
      "Hydra getLoginRequest failed: 404 (unknown)",
    );
  });

  it.each([
    ["ECONNREFUSED"],
    ["ECONNABORTED"],
    ["ETIMEDOUT"],
    ["ENOTFOUND"],
    ["ECONNRESET"],
    ["UND_ERR_CONNECT_TIMEOUT"],
    ["UND_ERR_HEADERS_TIMEOUT"],
    ["UND_ERR_BODY_TIMEOUT"],
    ["UND_ERR_SOCKET"],
  ])("a network failure (%s) is a 503", (code) => {
    expect(fromHydra({ code }, "op").status).toBe(503);
  });
});

describe("everything else a handler may throw", () => {
  it.each([
    [{ code: "EBADCSRFTOKEN" }, 403, "error.csrf.title"],
    [{ type: "entity.too.large", status: 413 }, 413, "error.tooLarge.title"],
    [{ type: "parameters.too.many", status: 413 }, 413, "error.tooLarge.title"],
    [{ type: "encoding.unsupported", status: 415 }, 415, "error.unsupported.title"],
    [{ type: "charset.unsupported", status: 415 }, 415, "error.unsupported.title"],
    [{ status: 400 }, 400, "error.badRequest.title"],
    [new Error("boom"), 500, "error.internal.title"],
    ["a string", 500, "error.internal.title"],
  ])("%j → %i", (thrown, status, title) => {
    const error = fromAnything(thrown);
    expect(error.status).toBe(status);
    expect(errorPage(error).titleKey).toBe(title);
  });
});

describe("logs and words", () => {
  it("redactedUrl keeps parameter names and drops their values", () => {
    expect(redactedUrl("/login?login_challenge=secret-value&x=1")).toBe("/login?login_challenge=…&x=…");
    expect(redactedUrl("/consent")).toBe("/consent");
    expect(redactedUrl(undefined)).toBe("");
  });

  it("translates with parameters and knows its keys", () => {
    const t = translator("en");
    expect(t("login.intro", { client: "Photo Printer" })).toBe("Photo Printer wants you to sign in.");
    expect(t("login.title")).toBe("Please log in");
    expect(translator("de")("consent.title")).not.toBe("An application requests access to your data!");
    expect(isMessageKey("login.title")).toBe(true);
    expect(isMessageKey("toString")).toBe(false);
    for (const text of Object.values(en)) expect(text.trim().length).toBeGreaterThan(0);
  });
});
