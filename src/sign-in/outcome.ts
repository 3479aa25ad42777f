import type { User } from "../identity/user.js";
import type { LockScope, Step } from "./limits.js";
import type { PendingSecondStep } from "./pending.js";

/** What one sign-in step came to. The routes only turn these into pages (src/flows/sign-in-pages.ts). */
export type SignInOutcome =
  /** Proved enough: accept with this subject, acr and amr. */
  | {
      kind: "accepted";
      user: User;
      amr: string[];
      acr: string;
      step: Step | "remembered";
      /** An identity provider whose link this very sign-in made (after the account's proof). */
      linkedProvider?: string;
    }
  /** The first step passed and a second one is needed: keep `pending` in the browser's session. */
  | { kind: "second_step"; pending: PendingSecondStep }
  /** Two factors are demanded and the account has none to give. */
  | { kind: "factor_missing"; user: User; canEnrol: boolean }
  /** Wrong; `restart` when the pending sign-in had its last wrong code and starts over at the password. */
  | { kind: "failed"; step: Step; failures: number; restart: boolean }
  | { kind: "locked"; step: Step; retryAfterMs: number; scope: LockScope; when: "before_check" | "this_failure" }
  /**
   * Not for this person now: the account is disabled or gone (the login request is rejected), or a remembered
   * login must be made again because how it was made is not known (the password form is shown).
   */
  | { kind: "refused"; reason: "account_unavailable" | "sign_in_again"; email?: string };

/** What a first step is for: one login request of Hydra's. */
export interface SignInRequest {
  challenge: string;
  facts: import("../policy/login-request.js").LoginFacts;
  remember: boolean;
}
