import { createHash } from "node:crypto";
import type { UpstreamIdentity, UpstreamRoundTrip } from "../federation/upstream-client.js";
import type { AttemptLimit } from "./attempts.js";
import type { ProofStore } from "./proofs.js";

/** How long a person may take at the provider, and then on our page that asks their local password. */
const ROUND_TRIP_TTL_MS = 10 * 60 * 1000;
const PENDING_TTL_MS = 10 * 60 * 1000;
/** From the provider's callback to the account page that makes the link. */
const ACCOUNT_LINK_TTL_MS = 2 * 60 * 1000;
/** Wrong passwords on the link page before the upstream identity must be fetched again. */
const MAX_LINK_FAILURES = 5;
/**
 * Round trips one IP (a /64) may start in ten minutes, whatever their outcome: each keeps a flow server-side for ten
 * minutes, so a stranger's flood is bounded; a household or a small office signing in at once stays well under it.
 */
export const UPSTREAM_STARTS_PER_IP: AttemptLimit = { max: 30, windowMs: 10 * 60 * 1000, lockMs: 10 * 60 * 1000 };

const hash = (label: string, ...parts: string[]) =>
  createHash("sha256")
    .update(`${label}:${parts.join("\0")}`)
    .digest("base64url");

/** What a round trip to a provider is for: a sign-in (a login challenge of Hydra's) or a link from the account area. */
export type UpstreamPurpose =
  { kind: "login"; challenge: string; remember: boolean } | { kind: "account"; userId: string };

/** One round trip, kept server-side until its callback takes it (once, whatever the outcome). */
export interface UpstreamFlow {
  providerId: string;
  purpose: UpstreamPurpose;
  roundTrip: UpstreamRoundTrip;
  /** The hash of the browser's own random cookie: a callback from another browser is refused. */
  browser: string;
}

/** An upstream identity between the callback and the proof of a local account (the link page). */
export interface PendingUpstreamIdentity {
  identity: UpstreamIdentity;
  /** Set when the upstream's email is a local account's: that account's password, and nothing else, may link it. */
  accountEmail: string | undefined;
  /** "Remember me" as the login form had it. */
  remember: boolean;
  failures: number;
  expiresAt: number;
}

/**
 * Round trips and pending identities in the ProofStore: keyed by hashes of random values only (the `state`, the
 * browser's cookie with the login challenge), bound to the browser and the challenge they were made for, bounded
 * like every stranger's proof, and taken on use.
 */
export function upstreamProofs(proofs: ProofStore) {
  const flowKey = (state: string) => `upstream:flow:${hash("upstream-state", state)}`;
  const pendingKey = (browser: string, challenge: string) =>
    `upstream:pending:${hash("upstream-pending", browser, challenge)}`;
  const accountLinkKey = (browser: string) => `upstream:account:${hash("upstream-account", browser)}`;
  const read = <T>(raw: string | undefined): T | undefined => {
    if (raw === undefined) return undefined;
    try {
      return JSON.parse(raw) as T;
    } catch {
      return undefined;
    }
  };

  return {
    browserHash: (cookie: string) => hash("upstream-browser", cookie),

    async saveFlow(flow: UpstreamFlow): Promise<void> {
      await proofs.put(flowKey(flow.roundTrip.state), JSON.stringify(flow), ROUND_TRIP_TTL_MS);
    },

    /**
     * The round trip this `state` names, used up; undefined when unknown, used or expired, or when it was made in
     * another browser or for another provider (then it is used up all the same: a replay burns it).
     */
    async takeFlow(
      state: string,
      providerId: string,
      browserCookie: string | undefined,
    ): Promise<UpstreamFlow | undefined> {
      const flow = read<UpstreamFlow>(await proofs.take(flowKey(state)));
      if (flow === undefined || browserCookie === undefined) return undefined;
      if (flow.providerId !== providerId || flow.browser !== hash("upstream-browser", browserCookie)) return undefined;
      if (flow.roundTrip.state !== state) return undefined;
      return flow;
    },

    async savePending(
      browserCookie: string,
      challenge: string,
      pending: Omit<PendingUpstreamIdentity, "expiresAt" | "failures">,
    ) {
      const value: PendingUpstreamIdentity = { ...pending, failures: 0, expiresAt: Date.now() + PENDING_TTL_MS };
      await proofs.put(pendingKey(browserCookie, challenge), JSON.stringify(value), PENDING_TTL_MS);
    },

    /** The pending identity of this browser and challenge, for showing the page (not used up). */
    async peekPending(browserCookie: string | undefined, challenge: string) {
      if (browserCookie === undefined) return undefined;
      return read<PendingUpstreamIdentity>(await proofs.get(pendingKey(browserCookie, challenge)));
    },

    /** The pending identity, used up: two posts at once cannot both link it. */
    async takePending(browserCookie: string | undefined, challenge: string) {
      if (browserCookie === undefined) return undefined;
      const pending = read<PendingUpstreamIdentity>(await proofs.take(pendingKey(browserCookie, challenge)));
      return pending === undefined || Date.now() > pending.expiresAt ? undefined : pending;
    },

    /** After a wrong password: kept for another try (its time left), unless it had its last. */
    async returnPending(browserCookie: string, challenge: string, pending: PendingUpstreamIdentity): Promise<boolean> {
      const failures = pending.failures + 1;
      const left = pending.expiresAt - Date.now();
      if (failures >= MAX_LINK_FAILURES || left <= 0) return false;
      await proofs.put(pendingKey(browserCookie, challenge), JSON.stringify({ ...pending, failures }), left);
      return true;
    },

    /** An identity checked for an account-area link, waiting for the account page (the signed-in session). */
    async saveAccountLink(browserCookie: string, link: { userId: string; providerId: string; subject: string }) {
      await proofs.put(accountLinkKey(browserCookie), JSON.stringify(link), ACCOUNT_LINK_TTL_MS);
    },

    async takeAccountLink(browserCookie: string | undefined) {
      if (browserCookie === undefined) return undefined;
      return read<{ userId: string; providerId: string; subject: string }>(
        await proofs.take(accountLinkKey(browserCookie)),
      );
    },
  };
}
