import session from "express-session";
import { LRUCache } from "lru-cache";

type Callback = (error?: unknown) => void;

/**
 * The session store of a single instance without Redis: bounded in count and in time, so neither a flood nor a
 * slow leak can grow the process. When full, the least recently used session goes first.
 */
export class BoundedMemoryStore extends session.Store {
  private readonly sessions: LRUCache<string, string>;

  constructor(options: { maxSessions: number; ttlMs: number }) {
    super();
    // Counted through maxSize (each session weighs 1), not `max`, which allocates arrays for every session up front.
    this.sessions = new LRUCache({
      maxSize: options.maxSessions,
      sizeCalculation: () => 1,
      ttl: options.ttlMs,
      updateAgeOnGet: false,
    });
  }

  get size(): number {
    return this.sessions.size;
  }

  override get(sid: string, callback: (error: unknown, session?: session.SessionData | null) => void): void {
    const stored = this.sessions.get(sid);
    callback(null, stored === undefined ? null : (JSON.parse(stored) as session.SessionData));
  }

  override set(sid: string, data: session.SessionData, callback?: Callback): void {
    // Stored as text, as Redis would: nothing outside can change a session by holding a reference to it.
    this.sessions.set(sid, JSON.stringify(data), { ttl: ttlOf(data) });
    callback?.();
  }

  override touch(sid: string, data: session.SessionData, callback?: Callback): void {
    if (this.sessions.has(sid)) this.sessions.set(sid, JSON.stringify(data), { ttl: ttlOf(data) });
    callback?.();
  }

  override destroy(sid: string, callback?: Callback): void {
    this.sessions.delete(sid);
    callback?.();
  }

  override clear(callback?: Callback): void {
    this.sessions.clear();
    callback?.();
  }

  override length(callback: (error: unknown, length?: number) => void): void {
    callback(null, this.sessions.size);
  }
}

function ttlOf(data: session.SessionData): number | undefined {
  const expires = data.cookie?.expires;
  if (expires === undefined || expires === null) return undefined;
  return Math.max(1, new Date(expires).getTime() - Date.now());
}
