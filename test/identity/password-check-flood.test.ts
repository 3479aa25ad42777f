import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_WAITING_CHECKS, passwordHasher } from "../../src/identity/passwords.js";
import { appUnderTest } from "../support/app-under-test.js";
import { listen, openForm, postForm } from "../support/listen.js";

const CHALLENGE = "challenge-flood";

describe("a flood of sign-ins with made-up emails", () => {
  it("queues at most 128 password checks; the rest get the 503 page with Retry-After at once; then sign-in works", async () => {
    // Limits high enough that only the queue's bound stands in the way.
    const env = { LOGIN_MAX_FAILURES_PER_IP: "100000", LOGIN_FAILURE_DELAY_MS: "0" };
    const { app } = await appUnderTest(env);
    const server = await listen(app);
    try {
      const form = await openForm(`${server.url}/login?login_challenge=${CHALLENGE}`);
      const flood = Math.max(200, 3 * (availableParallelism() + DEFAULT_MAX_WAITING_CHECKS));
      let mostWaiting = 0;
      const watch = setInterval(() => (mostWaiting = Math.max(mostWaiting, passwordHasher.queue.load.waiting)), 1);
      const answers = await Promise.all(
        Array.from({ length: flood }, async (_, index) => {
          const started = performance.now();
          const answer = await postForm(`${server.url}/login`, form, {
            challenge: CHALLENGE,
            action: "accept",
            email: `stranger-${index}@example.test`,
            password: `guess-${index}`,
          });
          const html = await answer.text();
          const ms = performance.now() - started;
          return { status: answer.status, retryAfter: answer.headers.get("retry-after"), html, ms };
        }),
      );
      clearInterval(watch);
      const refused = answers.filter((answer) => answer.status === 503);
      const checked = answers.filter((answer) => answer.status !== 503);
      // The line filled up to its bound and never past it; those that found it full were refused, at once: each
      // refusal came sooner than the slowest checked sign-in (which waited behind up to 128 checks).
      expect(mostWaiting).toBe(DEFAULT_MAX_WAITING_CHECKS);
      expect(refused.length).toBeGreaterThan(0);
      expect(checked.length).toBeGreaterThanOrEqual(availableParallelism() + DEFAULT_MAX_WAITING_CHECKS);
      const slowestChecked = Math.max(...checked.map((answer) => answer.ms));
      expect(refused.filter((answer) => answer.ms < slowestChecked).length).toBe(refused.length);
      expect(passwordHasher.queue.load).toEqual({ running: 0, waiting: 0 });
      for (const answer of refused) {
        expect(answer.retryAfter).toMatch(/^\d+$/);
        expect(answer.html).toContain("<h1");
      }
      for (const answer of checked) expect(answer.status).toBeLessThan(500); // a wrong password's page, no error

      // The queue has drained: the right password signs in.
      const after = await postForm(`${server.url}/login`, form, {
        challenge: CHALLENGE,
        action: "accept",
        email: "foo@bar.com",
        password: "foobar",
      });
      expect(after.status).toBe(303);
    } finally {
      await server.close();
    }
  }, 120_000);
});
