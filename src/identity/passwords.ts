import { randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import argon2 from "argon2";

// OWASP's argon2id recommendation (19 MiB, 2 iterations, 1 lane): strong, and cheap enough for a login page.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * At most one hash per core at a time. More cannot finish sooner, and each one in flight holds 19 MiB that the
 * allocator keeps afterwards: unbounded, a burst of sign-ins grows the process by 19 MiB a thread for good.
 */
const MAX_CONCURRENT_HASHES = Math.max(1, availableParallelism());
let running = 0;
const waiting: Array<() => void> = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  while (running >= MAX_CONCURRENT_HASHES) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

export function hashPassword(password: string): Promise<string> {
  return limited(() => argon2.hash(password, OPTIONS));
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await limited(() => argon2.verify(hash, password));
  } catch {
    return false; // a malformed stored hash never signs anyone in
  }
}

let dummyHash: Promise<string> | undefined;
/** A hash to check against when the account does not exist, so both paths cost the same. */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword("not-a-real-password-" + randomBytes(12).toString("base64url"));
  return dummyHash;
}

/** Makes the dummy hash now, so that the first unknown email after a start costs what every other one does. */
export async function prepareDummyHash(): Promise<void> {
  await dummyPasswordHash();
}
