import type { Request, Response } from "express";
import type { SignInOutcome } from "../identity/sign-in.js";
import { conformityAcr } from "../policy/claims.js";
import type { FlowDeps } from "./deps.js";
import type { LoginFacts } from "./login-facts.js";

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
    step: string;
  },
): Promise<void> {
  const { config, hydra, audit, accountRef } = deps;
  const { challenge, facts, outcome, remember } = input;
  const acr = config.conformityFakeClaims ? conformityAcr(facts.acrValues) : outcome.acr;
  const redirectTo = await hydra.acceptLoginRequest(challenge, {
    subject: outcome.user.id,
    remember,
    // Always explicit: newer Hydra reads a missing remember_for as "as long as the login session lasts".
    remember_for: remember ? config.rememberLoginFor : 0,
    acr,
    amr: outcome.amr,
  });
  if (req.session?.signIn !== undefined) delete req.session.signIn;
  audit("login.accepted", {
    ip: req.ip,
    client: facts.clientId,
    account: accountRef(outcome.user.email),
    subject: outcome.user.id,
    remember,
    acr,
    amr: outcome.amr,
    step: input.step,
  });
  res.redirect(303, redirectTo);
}
