import type { HydraAdmin } from "../hydra.js";

/**
 * A per-account counter that ends account-area sessions everywhere: each session keeps the generation it began
 * with, and one that is older than the account's current generation is signed out on its next request. A password
 * change or "Sign out everywhere" moves the generation on.
 */
export interface SessionGenerations {
  current(subject: string): Promise<number>;
  /** Moves the account's generation on and returns the new one. */
  next(subject: string): Promise<number>;
}

/** The two Redis commands this needs; the app's Redis client has them. */
export interface GenerationRedis {
  get(key: string): Promise<string | null>;
  incr(key: string): Promise<number>;
}

/**
 * Shared by every instance through Redis. The keys never expire: a counter that started again at 0 would let an
 * older session (with a higher number) count as current again. One small key per account that ever moved it on.
 */
export function redisSessionGenerations(redis: GenerationRedis): SessionGenerations {
  const key = (subject: string) => `hlc:account-generation:${subject}`;
  return {
    async current(subject) {
      const value = Number(await redis.get(key(subject)));
      return Number.isSafeInteger(value) && value > 0 ? value : 0;
    },
    next: (subject) => redis.incr(key(subject)),
  };
}

/** One instance only (no Redis): the counters live in this process, like its sessions do. */
export function memorySessionGenerations(): SessionGenerations {
  const generations = new Map<string, number>();
  return {
    current: async (subject) => generations.get(subject) ?? 0,
    async next(subject) {
      const value = (generations.get(subject) ?? 0) + 1;
      generations.set(subject, value);
      return value;
    },
  };
}

/**
 * Ends every session of the account, here and at Hydra: account-area sessions on every instance (the generation
 * moves on) and Hydra's remembered logins. Returns the new generation, which a session that is to stay (the one that
 * asked) takes up. What a password change, a reset, "Sign out everywhere" and a changed factor all do.
 */
export async function endSessionsOf(
  subject: string,
  where: { generations: SessionGenerations; hydra: Pick<HydraAdmin, "revokeLoginSessions"> },
): Promise<number> {
  const generation = await where.generations.next(subject);
  await where.hydra.revokeLoginSessions(subject);
  return generation;
}
