import { describe, expect, it } from "vitest";
import { lockoutNotices } from "../../src/account/notices.js";
import { MemoryUserStore } from "../../src/identity/memory-store.js";
import type { Mailer } from "../../src/mail/index.js";
import { MemoryAttemptStore } from "../../src/sign-in/attempts.js";
import { ada } from "../support/email-sign-in.js";

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

function keepingMailer() {
  const sent: Array<{ to: string; what: string }> = [];
  const mailer = {
    baseUrl: "http://127.0.0.1:3000",
    close: () => undefined,
    send: (email: { to: string; params: Record<string, string> }) => {
      sent.push({ to: email.to, what: email.params.what! });
      return Promise.resolve(true);
    },
  } as unknown as Mailer;
  return { sent, mailer };
}

// Finding 10 of the h19 review: every lock per (account, address) sent the owner an email, with no limit.
describe("lockout notices", () => {
  it("at most one an hour per account, counted in the shared attempt store (two instances send one)", async () => {
    const { sent, mailer } = keepingMailer();
    const users = new MemoryUserStore([await ada(), await ada({ id: "bob", email: "bob@example.com" })]);
    const attempts = new MemoryAttemptStore();
    const first = lockoutNotices({ users, mailer, defaultLanguage: "en", attempts });
    const second = lockoutNotices({ users, mailer, defaultLanguage: "en", attempts });
    for (let lock = 0; lock < 5; lock += 1) {
      first.accountLocked("ada@example.com", `203.0.113.${lock}`);
      second.accountLocked("ADA@example.com", `198.51.100.${lock}`);
      await settle();
    }
    expect(sent).toEqual([{ to: "ada@example.com", what: "email.notice.locked" }]);
    // Another account has its own hour.
    second.accountLocked("bob@example.com", "203.0.113.9");
    await settle();
    expect(sent.map((email) => email.to)).toEqual(["ada@example.com", "bob@example.com"]);
  });

  it("an unknown address sends nothing", async () => {
    const { sent, mailer } = keepingMailer();
    const attempts = new MemoryAttemptStore();
    const notices = lockoutNotices({ users: new MemoryUserStore([]), mailer, defaultLanguage: "en", attempts });
    notices.accountLocked("nobody@example.com", "203.0.113.1");
    await settle();
    expect(sent).toEqual([]);
  });
});
