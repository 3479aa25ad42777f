import type { PendingSignIn } from "../policy/second-step.js";

declare module "express-session" {
  interface SessionData {
    /** A sign-in between its steps, bound to one login challenge (policy/second-step.ts). */
    signIn?: PendingSignIn;
  }
}

export {};
