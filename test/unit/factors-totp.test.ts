import { describe, expect, it } from "vitest";
import {
  currentTotp,
  newTotpSecret,
  totpQrSvg,
  totpStep,
  totpUri,
  verifyTotp,
} from "../../src/identity/factors/totp.js";

// RFC 6238 appendix B, SHA-1 seed "12345678901234567890", last 6 of the 8 digits.
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const RFC_VECTORS: [number, string][] = [
  [59, "287082"],
  [1111111109, "081804"],
  [1111111111, "050471"],
  [1234567890, "005924"],
  [2000000000, "279037"],
  [20000000000, "353130"],
];

describe("newTotpSecret", () => {
  it("is 20 random bytes in base32", () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
  });
});

describe("currentTotp and verifyTotp", () => {
  it.each(RFC_VECTORS)("match RFC 6238 at %i s", (seconds, code) => {
    expect(currentTotp(RFC_SECRET, seconds * 1000)).toBe(code);
    expect(verifyTotp(RFC_SECRET, code, seconds * 1000)).toBe(Math.floor(seconds / 30));
  });

  it("accepts one step of skew either way and returns the matched step", () => {
    const secret = newTotpSecret();
    const now = 1_700_000_000_000;
    const step = totpStep(now);
    expect(verifyTotp(secret, currentTotp(secret, now), now)).toBe(step);
    expect(verifyTotp(secret, currentTotp(secret, now - 30_000), now)).toBe(step - 1);
    expect(verifyTotp(secret, currentTotp(secret, now + 30_000), now)).toBe(step + 1);
    const far = [currentTotp(secret, now - 60_000), currentTotp(secret, now + 60_000)];
    for (const code of far) {
      if (![step - 1, step, step + 1].some((s) => currentTotp(secret, s * 30_000) === code)) {
        expect(verifyTotp(secret, code, now)).toBeUndefined();
      }
    }
  });

  it("ignores spaces but accepts only six digits", () => {
    const now = 59_000;
    expect(verifyTotp(RFC_SECRET, " 287 082 ", now)).toBe(1);
    expect(verifyTotp(RFC_SECRET, "287\u00a0082", now)).toBe(1);
    for (const bad of ["", "28708", "2870820", "94287082", "287-082", "28708x", "２８７０８２", "287082\n1"]) {
      expect(verifyTotp(RFC_SECRET, bad, now)).toBeUndefined();
    }
    expect(verifyTotp(RFC_SECRET, "000000", now)).toBeUndefined();
  });

  it("takes the secret in any case and with spaces", () => {
    expect(currentTotp(RFC_SECRET.toLowerCase(), 59_000)).toBe("287082");
    expect(currentTotp("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ", 59_000)).toBe("287082");
  });
});

describe("totpUri", () => {
  it("is an otpauth URI with issuer, account and the RFC 6238 parameters", () => {
    const uri = new URL(totpUri({ secret: RFC_SECRET, account: "ada@example.org", issuer: "Example & Co" }));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.host).toBe("totp");
    expect(decodeURIComponent(uri.pathname)).toBe("/Example & Co:ada@example.org");
    expect(uri.searchParams.get("secret")).toBe(RFC_SECRET);
    expect(uri.searchParams.get("issuer")).toBe("Example & Co");
    expect(uri.searchParams.get("algorithm")).toBe("SHA1");
    expect(uri.searchParams.get("digits")).toBe("6");
    expect(uri.searchParams.get("period")).toBe("30");
  });
});

describe("totpQrSvg", () => {
  it("is inline-safe SVG markup with a settable accessible name", async () => {
    const uri = totpUri({ secret: newTotpSecret(), account: "ada@example.org", issuer: "Example" });
    const svg = await totpQrSvg(uri, 'QR code <for> "Example"');
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*>/);
    expect(svg).toContain('aria-label="QR code &#60;for&#62; &#34;Example&#34;"');
    expect(svg).toContain("<title>QR code &#60;for&#62; &#34;Example&#34;</title>");
    expect(svg.endsWith("</svg>")).toBe(true);
    expect(svg).not.toMatch(/<script|<foreignObject|href|\son\w+=/i);
    expect(svg).not.toContain("<?xml");
    const tags = svg.match(/<\/?([a-zA-Z]+)/g)!.map((t) => t.replace(/[</]/g, ""));
    expect(new Set(tags)).toEqual(new Set(["svg", "title", "path"]));
    expect(await totpQrSvg(uri)).toContain("<title>QR code for your authenticator app</title>");
  });
});
