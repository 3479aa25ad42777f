import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { AccountAdmin } from "../../src/identity/account-admin.js";
import { demoAccount } from "../../src/identity/memory-store.js";
import { mayAddWayIn } from "../../src/policy/sign-up.js";
import { csrfTokenOf } from "../support/forms.js";
import { accountApp, signInTo, SwitchableUserStore } from "./stand-ins.js";

/** Open sign-up needs mail and a store that can add accounts; nothing is sent or added in these tests. */
function openSignUpEnv(): Record<string, string> {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "address-first-")), "users.json");
  writeFileSync(file, "[]");
  return { REGISTRATION: "open", SMTP_URL: "smtp://127.0.0.1:9", USERS_FILE: file };
}

const noAdds = { add: async () => {} } as unknown as AccountAdmin;

describe("a new way in waits for a confirmed address while anyone may sign up", () => {
  it("the rule: only open sign-up and an unconfirmed address hold it back", () => {
    expect(mayAddWayIn({ emailVerified: false }, "open")).toBe(false);
    expect(mayAddWayIn({ emailVerified: true }, "open")).toBe(true);
    expect(mayAddWayIn({ emailVerified: false }, "off")).toBe(true);
    expect(mayAddWayIn({ emailVerified: false }, "invite")).toBe(true);
  });

  it("an unconfirmed account cannot start an authenticator app or add a passkey; a confirmed one can", async () => {
    for (const verified of [false, true]) {
      const users = new SwitchableUserStore([{ ...(await demoAccount()), emailVerified: verified }]);
      const { app } = await accountApp({ env: openSignUpEnv(), deps: { users, accountAdmin: noAdds } });
      const { agent, page } = await signInTo(app);
      await agent
        .post("/account/totp/start")
        .type("form")
        .send({ _csrf: csrfTokenOf(page.text) })
        .expect(303);
      const after = await agent.get("/account").expect(200);
      expect(after.text.includes('id="totp-secret"')).toBe(verified);
      expect(after.text.includes("Confirm your address first")).toBe(!verified);
      const passkey = await agent
        .post("/account/passkeys")
        .type("form")
        .send({ _csrf: csrfTokenOf(after.text), credential: "{}", name: "Key" })
        .expect(303);
      expect(passkey.headers.location).toBe("/account#security");
      expect((await users.getFactors("foo@bar.com")).passkeys).toEqual([]);
    }
  });
});
