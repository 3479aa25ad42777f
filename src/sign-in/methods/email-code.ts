import { normalizeEmail, type User } from "../../identity/user.js";
import type { LoginFacts } from "../../policy/login-request.js";
import { activeUser, afterFirstStep, limitedCheck, type SignInContext } from "../context.js";
import type { EmailCodeRecord, EmailCodes } from "../email-codes.js";
import type { SignInOutcome, SignInRequest } from "../outcome.js";

/**
 * The factor an emailed code proves, as amr. RFC 8176 has no value for email; its nearest ones mislead: "otp" is
 * read by many relying parties as a second factor held in an app, "mca"/"sms"/"tel" name other channels. A value
 * outside the registry is allowed (RFC 8176 §1: the set is not exhaustive), and "email" says what was proved.
 */
const EMAIL_AMR = "email";

/** The sign-in an emailed code belongs to, as its record keeps it. */
export interface EmailSignIn {
  email: string;
  facts: LoginFacts;
  remember: boolean;
}

/**
 * Asks for a code: the send limits of the IP and the address are counted first. The record is made whether or not
 * the address has an account, and the account is looked up only in `deliver`, which the route runs after its answer
 * has left: the page and its timing are the same for a known, an unknown and a disabled address.
 */
export async function requestEmailCode(
  context: SignInContext,
  codes: EmailCodes,
  input: { email: string; ip: string; nonce: string; request: SignInRequest },
): Promise<
  | { kind: "ip_limited"; retryAfterMs: number }
  | { kind: "address_limited" }
  | { kind: "issued"; deliver: () => Promise<{ user: User; code: string; token: string } | undefined> }
> {
  const email = normalizeEmail(input.email);
  const { ipLockedMs, addressLockedMs } = await codes.reserveSend(email, input.ip);
  if (ipLockedMs > 0) return { kind: "ip_limited", retryAfterMs: ipLockedMs };
  // The last code asked for stays as it was: nothing new is sent.
  if (addressLockedMs > 0) return { kind: "address_limited" };
  const { code, token } = await codes.issue({
    email,
    challenge: input.request.challenge,
    facts: input.request.facts,
    remember: input.request.remember,
    nonce: input.nonce,
  });
  return {
    kind: "issued",
    async deliver() {
      const found = await context.users.findByEmail(email);
      const user = found === undefined ? undefined : await activeUser(context, found.id);
      return user === undefined ? undefined : { user, code, token };
    },
  };
}

/** The account behind a record, when it may sign in (an unknown address has none: nothing was sent to it). */
async function accountOf(context: SignInContext, record: EmailCodeRecord): Promise<User | undefined> {
  const found = await context.users.findByEmail(record.email);
  return found === undefined ? undefined : activeUser(context, found.id);
}

const firstStep = (context: SignInContext, user: User, record: EmailCodeRecord) =>
  afterFirstStep(context, {
    user,
    firstFactors: [EMAIL_AMR],
    request: { challenge: record.challenge, facts: record.facts, remember: record.remember },
    step: "email-code",
    rememberedLogin: false,
  });

/**
 * A typed code, for the sign-in and browser it was asked in (a code of another flow or browser finds no record).
 * Counted like a password (per address and IP, under its own step) and per code: five wrong tries and it is void.
 */
export async function signInWithEmailCode(
  context: SignInContext,
  codes: EmailCodes,
  input: { challenge: string; nonce: string | undefined; code: string; ip: string },
): Promise<{ kind: "no_code" } | ({ kind: "checked"; outcome: SignInOutcome } & EmailSignIn)> {
  const record = await codes.find(input.challenge, input.nonce);
  if (record === undefined) return { kind: "no_code" };
  const nonce = input.nonce!;
  const result = await limitedCheck(
    context,
    "email-code",
    { account: record.email, ip: input.ip, pendingId: record.id },
    async () => {
      // Taken on the right code only, so of two right answers at once one signs in.
      if (!codes.matches(record, input.code) || !(await codes.take(record, nonce))) return undefined;
      const user = await accountOf(context, record);
      return user === undefined ? undefined : { user, factors: [EMAIL_AMR] };
    },
  );
  const kept = { email: record.email, facts: record.facts, remember: record.remember };
  if (result.kind === "failed" && result.restart) await codes.take(record, nonce); // its last try: void
  if (result.kind !== "proved") return { kind: "checked", outcome: result, ...kept };
  return { kind: "checked", outcome: await firstStep(context, result.user, record), ...kept };
}

/**
 * The emailed link: it signs in only in the browser that asked, and is then used up with its code. Anywhere else
 * (a mail scanner, another device) it changes nothing and the person is told to type the code instead.
 */
export async function signInWithEmailLink(
  context: SignInContext,
  codes: EmailCodes,
  input: { token: string; nonce: string | undefined },
): Promise<
  | { kind: "gone" }
  | { kind: "elsewhere" }
  | ({ kind: "signed_in"; challenge: string; outcome: SignInOutcome } & EmailSignIn)
> {
  const link = await codes.openLink(input.token, input.nonce);
  if (link.kind === "unknown") return { kind: "gone" };
  if (link.kind === "elsewhere") return { kind: "elsewhere" };
  const record = await codes.find(link.challenge, link.nonce);
  // A newer code was asked for since (its link replaces this one), or the code was used or voided.
  if (record === undefined || record.id !== link.recordId || !(await codes.take(record, link.nonce))) {
    return { kind: "gone" };
  }
  await codes.forgetLink(input.token);
  const user = await accountOf(context, record);
  const outcome: SignInOutcome =
    user === undefined ? { kind: "refused", reason: "account_unavailable" } : await firstStep(context, user, record);
  return {
    kind: "signed_in",
    challenge: record.challenge,
    outcome,
    email: record.email,
    facts: record.facts,
    remember: record.remember,
  };
}
