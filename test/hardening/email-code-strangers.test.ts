/**
 * H4 of the h19 attack review (reports/h19-attack.md, finding 7), turned round: a stranger who knows an address
 * cannot shut its owner out of sign-in by email, neither with wrong codes nor by using up the sends.
 */
import request from "supertest";
import { describe, expect, it } from "vitest";
import { MemoryUserStore } from "../../src/identity/memory-store.js";
import type { Mailer } from "../../src/mail/index.js";
import { acceptsOf, ada, askForCode, emailSignInApp, postCode } from "../support/email-sign-in.js";

/** A stand-in mailer that keeps the codes it would have sent. */
function keepingMailer() {
  const sent: Array<{ to: string; code?: string }> = [];
  const mailer = {
    baseUrl: "http://127.0.0.1:3000",
    close: () => undefined,
    send: (email: { to: string; params: Record<string, string> }) => {
      sent.push({ to: email.to, code: email.params.code });
      return Promise.resolve(true);
    },
  } as unknown as Mailer;
  return { sent, mailer };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

/** A browser at its own client address (the app trusts the test's X-Forwarded-For). */
const browserAt = (app: Parameters<typeof request.agent>[0], ip: string) =>
  request.agent(app).set("X-Forwarded-For", ip);

describe("H4 (fixed): a stranger cannot shut the owner out of sign-in by email", () => {
  it("ten wrong codes from the stranger's address: the owner's right code from another address signs in", async () => {
    const { sent, mailer } = keepingMailer();
    const { app, hydra } = await emailSignInApp("smtp://127.0.0.1:1", {
      env: { TRUST_PROXY: "true" },
      users: [await ada()],
      deps: { mailer, users: new MemoryUserStore([await ada()]) },
    });
    const stranger = browserAt(app, "203.0.113.66");
    for (const flow of ["s-1", "s-2"]) {
      const page = await askForCode(stranger, "ada@example.com", flow);
      for (let i = 0; i < 5; i += 1) await postCode(stranger, page.text, flow, "000000");
    }
    // The stranger's address is locked for this account now.
    const third = await askForCode(stranger, "ada@example.com", "s-3");
    expect((await postCode(stranger, third.text, "s-3", "000000")).status).toBe(429);

    const owner = browserAt(app, "198.51.100.7");
    const page = await askForCode(owner, "ada@example.com", "owner-flow");
    await settle();
    const right = await postCode(owner, page.text, "owner-flow", sent.at(-1)!.code!);
    expect(right.status).toBe(303);
    expect(acceptsOf(hydra)).toHaveLength(1);
  });

  it("five requests by a stranger use up only the stranger's share: the owner's own request sends a code", async () => {
    const { sent, mailer } = keepingMailer();
    const { app } = await emailSignInApp("smtp://127.0.0.1:1", {
      env: { TRUST_PROXY: "true" },
      deps: { mailer, users: new MemoryUserStore([await ada()]) },
    });
    const stranger = browserAt(app, "203.0.113.66");
    for (let i = 0; i < 5; i += 1) await askForCode(stranger, "ada@example.com", `s-${i}`);
    await settle();
    expect(sent).toHaveLength(3); // three an hour per (address, IP)
    const owner = browserAt(app, "198.51.100.7");
    expect((await askForCode(owner, "ada@example.com", "owner-flow")).status).toBe(200);
    await settle();
    expect(sent).toHaveLength(4);
    expect(sent.at(-1)!.to).toBe("ada@example.com");
  });
});
