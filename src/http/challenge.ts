/** Hydra v2.3 challenges are padded base64url strings of about 1,200 characters; this leaves ample room. */
export const MAX_CHALLENGE_LENGTH = 4096;
const CHALLENGE_PATTERN = /^[A-Za-z0-9._~=-]+$/; // base64url, sometimes padded

export type ChallengeProblem = "missing" | "repeated" | "too_long" | "malformed";
export type ChallengeResult = { ok: true; challenge: string } | { ok: false; problem: ChallengeProblem };

/** Checks a challenge from a query string or a form, which may be absent, an array, or garbage. */
export function readChallenge(raw: unknown): ChallengeResult {
  if (raw === undefined || raw === null || raw === "") return { ok: false, problem: "missing" };
  if (Array.isArray(raw)) return { ok: false, problem: "repeated" };
  if (typeof raw !== "string") return { ok: false, problem: "malformed" };
  if (raw.length > MAX_CHALLENGE_LENGTH) return { ok: false, problem: "too_long" };
  if (!CHALLENGE_PATTERN.test(raw)) return { ok: false, problem: "malformed" };
  return { ok: true, challenge: raw };
}
