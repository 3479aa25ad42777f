import { randomBytes, randomUUID } from "node:crypto";
import type { UpstreamProvider } from "../../config/upstream-providers.js";
import type { UpstreamIdentity } from "../../federation/upstream-client.js";
import { unavailable } from "../../errors.js";
import { hashPassword } from "../../identity/passwords.js";
import { normalizeEmail, type User } from "../../identity/user.js";
import { assurance, secondStepFor } from "../../policy/second-step.js";
import { upstreamAccountCreation } from "../../policy/upstream-account.js";
import { mayAddWayIn } from "../../policy/sign-up.js";
import { activeUser, afterFirstStep, type SignInContext } from "../context.js";
import type { SignInOutcome, SignInRequest } from "../outcome.js";
import { pendingAfter } from "../pending.js";
import type { PendingUpstreamIdentity } from "../upstream-proofs.js";
import { checkPassword } from "./password.js";

/** What a provider's answer comes to, beyond the outcomes every method has. */
export type UpstreamSignInResult =
  | SignInOutcome
  /** Not linked yet: a local account must be proved (its password, then its second factor) on our link page. */
  | { kind: "prove_account"; identity: UpstreamIdentity; accountEmail: string | undefined }
  /** Nobody here for this identity, and the provider's policy makes no account (or its email is not allowed). */
  | { kind: "stranger"; reason: "link_none" | "domain_not_allowed" | "no_email" };

/** What the upstream proved, as amr: its own amr when it sent one, else "fed" (signed in elsewhere). */
const upstreamFactors = (identity: UpstreamIdentity) =>
  identity.amr !== undefined && identity.amr.length > 0 ? identity.amr : ["fed"];

/** Whether the provider proved two factors: it says so (amr, or "mfa"), or it is known always to (its acr "2"). */
function upstreamProvedTwo(provider: Pick<UpstreamProvider, "acr">, identity: UpstreamIdentity): boolean {
  const amr = upstreamFactors(identity);
  return provider.acr === "2" || amr.includes("mfa") || assurance(amr).acr === "2";
}

const emailDomain = (email: string) => email.slice(email.lastIndexOf("@") + 1).toLowerCase();

/**
 * A sign-in of a linked account by its provider: accepted as the provider proved it, unless two factors are
 * demanded (the account, the client, or `acr_values=2`) and the provider did not prove them: then our own second
 * factor (step-up), as for a remembered login.
 */
async function signInLinked(
  context: SignInContext,
  input: { user: User; provider: UpstreamProvider; identity: UpstreamIdentity; request: SignInRequest },
): Promise<SignInOutcome> {
  const { user, provider, identity, request } = input;
  const firstFactors = upstreamFactors(identity);
  const two = upstreamProvedTwo(provider, identity);
  const needed = two
    ? "none"
    : secondStepFor({
        factors: await context.users.getFactors(user.id),
        clientId: request.facts.clientId,
        acrValues: request.facts.acrValues,
        requiredClientIds: context.requiredClientIds,
        rememberedLogin: true, // only a demand asks more of a provider's sign-in
      });
  if (needed === "none") return { kind: "accepted", user, amr: firstFactors, acr: two ? "2" : "1", step: "upstream" };
  if (needed === "unavailable") return { kind: "factor_missing", user, canEnrol: context.enrolDuringSignIn };
  return {
    kind: "second_step",
    pending: pendingAfter(request, user, firstFactors),
  };
}

/**
 * A new account from the provider's claims; its password is random and told to nobody, and the account says so
 * (`password_unset`, cleared when "Forgot password" sets one): it signs in by its provider until then.
 */
async function createAccountFor(context: SignInContext, provider: UpstreamProvider, identity: UpstreamIdentity) {
  const id = randomUUID();
  const claims = Object.fromEntries(
    [
      ["name", identity.name],
      ["given_name", identity.givenName],
      ["family_name", identity.familyName],
      ["preferred_username", identity.preferredUsername],
    ].filter(([, value]) => value !== undefined),
  );
  const email = normalizeEmail(identity.email!);
  try {
    await context.accountCreation!.add({
      id,
      email,
      email_verified: identity.emailVerified,
      disabled: false,
      password_unset: true,
      password_hash: await hashPassword(randomBytes(32).toString("base64url")),
      claims,
    });
  } catch (error) {
    // Made at the same moment by another sign-in with this email: that account must be proved like any other.
    const local = await context.users.findByEmail(email);
    if (local !== undefined) return { taken: local.email };
    throw unavailable("user store", error);
  }
  await context.users.addProviderLink!(id, {
    providerId: provider.id,
    subject: identity.sub,
    linkedAt: new Date().toISOString(),
    createdAccount: true,
  });
  return activeUser(context, id);
}

/**
 * The provider's answer (its ID token checked by `verify`, counted under the "upstream" step): a linked
 * identity signs in to its account (never by email); a new one is linked, made or refused by the provider's
 * `link` policy, and an email that is a local account's is never linked or duplicated without that account's proof.
 */
export async function signInWithUpstream(
  context: SignInContext,
  input: {
    provider: UpstreamProvider;
    verify: () => Promise<UpstreamIdentity>;
    /** Names this round trip's counter (a hash of its state): the limit that matters is the IP's. */
    flowRef: string;
    request: SignInRequest;
    ip: string;
  },
): Promise<UpstreamSignInResult> {
  const { provider, request } = input;
  // Its own step's counter: a refused answer (forged, replayed, a wrong ID token) is a failure of this IP's.
  const reservation = await context.limits.reserve("upstream", { account: `flow:${input.flowRef}`, ip: input.ip });
  if (reservation.locked) {
    const { retryAfterMs, scope } = reservation;
    return { kind: "locked", step: "upstream", retryAfterMs, scope, when: "before_check" };
  }
  let found: UpstreamIdentity;
  try {
    found = await input.verify();
  } catch (error) {
    // A refusal (400) counts and its own page follows; an unreachable provider (503) counts nothing.
    if ((error as { status?: number }).status === 400) await reservation.failed();
    else await reservation.release();
    throw error;
  }
  await reservation.succeeded();
  if (provider.allowedDomains !== undefined) {
    if (found.email === undefined || !provider.allowedDomains.includes(emailDomain(found.email))) {
      return { kind: "stranger", reason: "domain_not_allowed" };
    }
  }
  const linked = await context.users.findProviderLink!(provider.id, found.sub);
  if (linked !== undefined) {
    const user = await activeUser(context, linked);
    if (user === undefined) return { kind: "refused", reason: "account_unavailable" };
    return signInLinked(context, { user, provider, identity: found, request });
  }
  if (provider.link === "none") return { kind: "stranger", reason: "link_none" };
  if (provider.link === "existing") return { kind: "prove_account", identity: found, accountEmail: undefined };
  // An address that is a local account's: only that account's proof may link it, whatever else holds.
  const local = found.email === undefined ? undefined : await context.users.findByEmail(normalizeEmail(found.email));
  if (local !== undefined) return { kind: "prove_account", identity: found, accountEmail: local.email };
  const creation = upstreamAccountCreation({
    registrationOpen: context.accountCreation !== undefined,
    domains: context.accountCreation?.domains ?? [],
    email: found.email,
    emailVerified: found.emailVerified,
  });
  if (creation === "no_email") return { kind: "stranger", reason: "no_email" };
  if (creation === "prove_account") return { kind: "prove_account", identity: found, accountEmail: undefined };
  const user = await createAccountFor(context, provider, found);
  if (user !== undefined && "taken" in user)
    return { kind: "prove_account", identity: found, accountEmail: user.taken };
  if (user === undefined) return { kind: "refused", reason: "account_unavailable" };
  return signInLinked(context, { user, provider, identity: found, request });
}

/** Makes the link a pending identity was waiting for, once its account is proved (here or after the second step). */
export async function linkProvedAccount(
  context: SignInContext,
  userId: string,
  link: { providerId: string; subject: string },
): Promise<boolean> {
  // While anyone may sign up, an unconfirmed address may be a squat: it gets no new way in (policy/sign-up.ts). The
  // sign-in itself goes on; the identity is linked once the address is confirmed and the person signs in again.
  const account = await context.users.findById(userId);
  const registration = context.accountCreation === undefined ? "off" : "open";
  if (account === undefined || !mayAddWayIn(account, registration)) return false;
  await context.users.addProviderLink!(userId, {
    providerId: link.providerId,
    subject: link.subject,
    linkedAt: new Date().toISOString(),
    createdAccount: false,
  });
  return true;
}

/**
 * The link page: the local account's password (the account whose email the upstream's is, when there is one; the
 * one the person names otherwise), then its second factor when it has one; only then is the identity linked.
 */
export async function proveAccountForUpstream(
  context: SignInContext,
  input: {
    provider: UpstreamProvider;
    pending: PendingUpstreamIdentity;
    email: string;
    password: string;
    ip: string;
    request: SignInRequest;
  },
): Promise<SignInOutcome> {
  const { pending, request } = input;
  const email = pending.accountEmail ?? input.email;
  const checked = await checkPassword(context, { email, password: input.password, ip: input.ip });
  if (checked.kind !== "accepted") return checked;
  const user = checked.user;
  const link = { providerId: input.provider.id, subject: pending.identity.sub };
  const firstFactors = [...upstreamFactors(pending.identity), "pwd"];
  const factors = await context.users.getFactors(user.id);
  if (factors.totp !== undefined || factors.passkeys.length > 0) {
    // The second factor is asked whatever the client demands: a link is a change to how the account signs in.
    const pendingStep = pendingAfter(request, user, firstFactors);
    return { kind: "second_step", pending: { ...pendingStep, upstream: link } };
  }
  const linked = await linkProvedAccount(context, user.id, link);
  const outcome = await afterFirstStep(context, {
    user,
    firstFactors,
    request,
    step: "password",
    rememberedLogin: false,
  });
  return outcome.kind === "accepted" && linked ? { ...outcome, linkedProvider: link.providerId } : outcome;
}
