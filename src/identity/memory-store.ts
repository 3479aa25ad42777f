import { hashPassword } from "./passwords.js";
import { UnknownAccountError, type UserStore } from "./store.js";
import { normalizeEmail, type User, type UserWithPassword } from "./user.js";

export class MemoryUserStore implements UserStore {
  private readonly byEmail = new Map<string, UserWithPassword>();
  private readonly byId = new Map<string, UserWithPassword>();

  constructor(users: readonly UserWithPassword[]) {
    for (const user of users) {
      this.byEmail.set(normalizeEmail(user.email), user);
      this.byId.set(user.id, user);
    }
  }

  get size(): number {
    return this.byId.size;
  }

  findByEmail(email: string): Promise<UserWithPassword | undefined> {
    return Promise.resolve(this.byEmail.get(email));
  }

  findById(id: string): Promise<User | undefined> {
    const found = this.byId.get(id);
    if (found === undefined) return Promise.resolve(undefined);
    const { passwordHash: _omitted, ...user } = found;
    return Promise.resolve(user);
  }

  changePassword(id: string, newPasswordHash: string): Promise<void> {
    const found = this.byId.get(id);
    if (found === undefined) return Promise.reject(new UnknownAccountError(id));
    const changed = { ...found, passwordHash: newPasswordHash };
    this.byId.set(id, changed);
    this.byEmail.set(normalizeEmail(changed.email), changed);
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export const DEMO_EMAIL = "foo@bar.com";
export const DEMO_PASSWORD = "foobar";

/** The demo account of development mode. Its id is its email, the subject Hydra's own browser tests expect. */
export async function demoAccount(): Promise<UserWithPassword> {
  return {
    id: DEMO_EMAIL,
    email: DEMO_EMAIL,
    emailVerified: true,
    profile: {
      name: "Foo Bar",
      given_name: "Foo",
      family_name: "Bar",
      preferred_username: "foo",
      locale: "en",
    },
    disabled: false,
    passwordHash: await hashPassword(DEMO_PASSWORD),
  };
}
