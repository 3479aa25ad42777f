import type { PendingSecondStep } from "../sign-in/index.js";

declare module "express-session" {
  interface SessionData {
    /** A sign-in between its steps, bound to one login challenge (src/sign-in/pending.ts). */
    signIn?: PendingSecondStep;
  }
}

export {};
