import { writeFileSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import request from "supertest";
import YAML from "yaml";
import { afterEach, describe, expect, it } from "vitest";
import { canRemoveLink } from "../../src/account/providers.js";
import type { ProviderLink } from "../../src/identity/provider-links.js";
import { demoAccount } from "../../src/identity/memory-store.js";
import type { UserWithPassword } from "../../src/identity/user.js";
import { hashPassword } from "../../src/identity/passwords.js";
import { accountApp, signInTo, SwitchableUserStore } from "../account/stand-ins.js";
import { csrfTokenOf } from "../support/forms.js";
import { startOidcIssuer } from "../support/oidc-issuer.js";

const CLIENT = { id: "our-client", secret: "upstream-client-secret-1" };
let issuer: Awaited<ReturnType<typeof startOidcIssuer>> | undefined;
afterEach(async () => {
  await issuer?.close();
  issuer = undefined;
});

async function world(account?: UserWithPassword) {
  issuer = await startOidcIssuer(CLIENT);
  const dir = mkdtempSync(path.join(os.tmpdir(), "providers-"));
  const file = path.join(dir, "providers.yaml");
  writeFileSync(
    file,
    YAML.stringify([
      {
        id: "corp",
        name: "Corp SSO",
        issuer: issuer.issuer,
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
        link: "existing",
      },
    ]),
  );
  const built = await accountApp({
    env: { UPSTREAM_PROVIDERS_FILE: file },
    ...(account === undefined ? {} : { deps: { users: new SwitchableUserStore([account]) } }),
  });
  const browser = await signInTo(built.app);
  return { ...built, ...browser, issuer };
}

/** The Link button, the provider (signing in at once), and the callback URL it sends the browser back to. */
async function linkRoundTrip(agent: request.Agent, page: string) {
  const started = await agent
    .post("/account/providers/link")
    .type("form")
    .send({ _csrf: csrfTokenOf(page), provider: "corp" });
  expect(started.status).toBe(303);
  const atProvider = await fetch(started.headers.location!, { redirect: "manual" });
  const back = new URL(atProvider.headers.get("location")!);
  expect(back.pathname).toBe("/login/provider/corp/callback");
  return back.pathname + back.search;
}

const link = (providerId: string, createdAccount = false): ProviderLink => ({
  providerId,
  subject: `sub-${providerId}`,
  linkedAt: "2026-12-01T00:00:00Z",
  createdAccount,
});

describe("the account page's providers", () => {
  it("Link: through the provider and back, the identity joins the signed-in account; other sessions end", async () => {
    const w = await world();
    expect(w.page.text).toContain('data-provider-link="corp"');
    w.issuer.state.person = { sub: "corp-77", email: "someone@corp.example" };
    const callback = await linkRoundTrip(w.agent, w.page.text);
    const back = await w.agent.get(callback);
    expect(back.status).toBe(303);
    expect(back.headers.location).toBe("/account/providers/linked");
    const linked = await w.agent.get(back.headers.location!);
    expect(linked.status).toBe(303);
    expect(linked.headers.location).toBe("/account#providers");
    expect(await w.users.findProviderLink("corp", "corp-77")).toBe("foo@bar.com");
    expect(w.hydra.calls.some((call) => call.operation === "revokeLoginSessions")).toBe(true);
    const page = await w.agent.get("/account").expect(200);
    expect(page.text).toContain('data-provider-unlink="corp"');
    expect(page.text).toContain("The provider is linked");
  });

  it("a link callback replayed into another signed-in browser links nothing", async () => {
    const w = await world();
    const callback = await linkRoundTrip(w.agent, w.page.text);
    const other = await signInTo(w.app);
    expect((await other.agent.get(callback)).status).toBe(400);
    expect((await other.agent.get("/account/providers/linked")).status).toBe(400);
    expect((await w.agent.get(callback)).status).toBe(400); // the flow was used up
    expect(await w.users.providerLinksOf("foo@bar.com")).toEqual([]);
  });

  it("Remove: refused for the last way to sign in; allowed when the password is the person's own", async () => {
    // An account a provider made: no password of its own.
    const w = await world({ ...(await demoAccount()), passwordUnset: true });
    await w.users.addProviderLink("foo@bar.com", link("corp", true));
    const page = await w.agent.get("/account").expect(200);
    const refused = await w.agent
      .post("/account/providers/remove")
      .type("form")
      .send({ _csrf: csrfTokenOf(page.text), provider: "corp" });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain("last way to sign in");
    expect(await w.users.providerLinksOf("foo@bar.com")).toHaveLength(1);

    // "Forgot password" sets one of its own: the link may go now.
    await w.users.changePassword("foo@bar.com", await hashPassword("a-password-of-my-own-9"));
    expect((await w.users.findById("foo@bar.com"))?.passwordUnset).toBeUndefined();
    const removed = await w.agent
      .post("/account/providers/remove")
      .type("form")
      .send({ _csrf: csrfTokenOf(page.text), provider: "corp" });
    expect(removed.status).toBe(303);
    expect(await w.users.providerLinksOf("foo@bar.com")).toEqual([]);
  });

  it("Remove with a sign-in that is not recent: through Hydra again first", async () => {
    const w = await world();
    await w.users.addProviderLink("foo@bar.com", link("corp"));
    w.oidc.next.ageSeconds = 3600;
    const stale = await signInTo(w.app);
    const asked = await stale.agent
      .post("/account/providers/remove")
      .type("form")
      .send({ _csrf: csrfTokenOf(stale.page.text), provider: "corp" });
    expect(asked.status).toBe(303);
    expect(asked.headers.location).toContain("max_age=");
    expect(await w.users.providerLinksOf("foo@bar.com")).toHaveLength(1);
  });
});

describe("canRemoveLink", () => {
  const known = { passwordUnset: undefined };
  const unset = { passwordUnset: true };
  it("keeps one way in: a known password, a passkey or another link", () => {
    expect(canRemoveLink({ user: known, links: [link("a")], providerId: "a", passkeys: 0 })).toBe(true);
    expect(canRemoveLink({ user: unset, links: [link("a", true)], providerId: "a", passkeys: 0 })).toBe(false);
    expect(canRemoveLink({ user: unset, links: [link("a", true)], providerId: "a", passkeys: 1 })).toBe(true);
    expect(canRemoveLink({ user: unset, links: [link("a", true), link("b")], providerId: "a", passkeys: 0 })).toBe(
      true,
    );
  });

  // h19 finding 11: once the link that made the account is gone, the last other link is still the last way in.
  it("an account a provider made: its last link stays, whichever link went first; a password of its own frees it", () => {
    expect(canRemoveLink({ user: unset, links: [link("b")], providerId: "b", passkeys: 0 })).toBe(false);
    expect(canRemoveLink({ user: known, links: [link("b")], providerId: "b", passkeys: 0 })).toBe(true);
    // A password reset of a provider-made account: its links may all go.
    expect(canRemoveLink({ user: known, links: [link("a", true)], providerId: "a", passkeys: 0 })).toBe(true);
  });
});
