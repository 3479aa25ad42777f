import type { User, UserWithPassword } from "./user.js";

/** Where accounts live. Implementations: in memory (demo, tests), a users file, PostgreSQL. */
export interface UserStore {
  /** `email` is already normalised. */
  findByEmail(email: string): Promise<UserWithPassword | undefined>;
  findById(id: string): Promise<User | undefined>;
  close(): Promise<void>;
}
