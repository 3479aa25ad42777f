import type { Request, Response } from "express";
import type { LoginFacts } from "../policy/login-request.js";
import { conformityAcr } from "../policy/claims.js";
import type { SignInOutcome } from "../sign-in/index.js";
import type { FlowDeps } from "./deps.js";

/** The last step of every sign-in: tell Hydra who it is and how they proved it, then follow Hydra. */
export async function acceptSignIn(
  deps: FlowDeps,
  req: Request,
  res: Response,
  input: {
    challenge: string;
    facts: LoginFacts;
    outcome: Extract<SignInOutcome, { kind: "accepted" }>;
    remember: boolean;
  },
): Promise<void> {
  const { config, hydra, audit, accountRef, signIn } = deps;
  const { challenge, facts, outcome, remember } = input;
  const acr = config.conformityFakeClaims ? conformityAcr(facts.acrValues) : outcome.acr;
  // A remembered login accepted without a new step: Hydra keeps its session, and acr and amr say what that login
  // proved when we know it, and nothing when we do not.
  const remembered = outcome.step === "remembered";
  const known = outcome.amr.length > 0;
  const redirectTo = await hydra.acceptLoginRequest(challenge, {
    subject: outcome.user.id,
    ...(remembered ? {} : { remember, remember_for: remember ? config.rememberLoginFor : 0 }),
    ...(known || !remembered ? { acr } : {}),
    ...(known ? { amr: outcome.amr } : {}),
  });
  if (req.session?.signIn !== undefined) delete req.session.signIn;
  if (remember && outcome.step !== "remembered") {
    await signIn.remember(facts.sessionId, outcome, config.rememberLoginFor * 1000);
  }
  if (outcome.linkedProvider !== undefined) {
    // The link made by this sign-in (after the account's proof): audited, and the owner hears of it.
    audit("account.provider_linked", { subject: outcome.user.id, provider: outcome.linkedProvider, ip: req.ip });
  }
  audit(outcome.step === "remembered" ? "login.skipped" : "login.accepted", {
    ip: req.ip,
    client: facts.clientId,
    account: accountRef(outcome.user.email),
    subject: outcome.user.id,
    remember,
    acr,
    amr: outcome.amr,
    step: outcome.step,
  });
  res.redirect(outcome.step === "remembered" ? 302 : 303, redirectTo);
}
