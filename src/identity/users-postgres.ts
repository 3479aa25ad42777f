import pg from "pg";
import type { Logger } from "pino";
import { AccountError, mergeClaims, type AccountAdmin } from "./account-admin.js";
import { claimsSchema, toUser, type AccountRecord } from "./account-record.js";
import { migrateUsersDatabase } from "./postgres-migrate.js";
import { UnknownAccountError, type UserStore } from "./store.js";
import { normalizeEmail, type User, type UserWithPassword } from "./user.js";

interface Row {
  id: string;
  email: string;
  password_hash: string;
  email_verified: boolean;
  disabled: boolean;
  claims: unknown;
}

const COLUMNS = "id, email, password_hash, email_verified, disabled, claims";

function toRecord(row: Row): AccountRecord {
  return {
    id: row.id,
    email: row.email,
    password_hash: row.password_hash,
    email_verified: row.email_verified,
    disabled: row.disabled,
    // A claim the schema does not know is dropped rather than breaking sign-in.
    claims: claimsSchema
      .strip()
      .catch({})
      .parse(row.claims ?? {}),
  };
}

/** Accounts in PostgreSQL (USERS_DATABASE_URL); the table layout is migrations/users/*.sql. */
export class PostgresUsersStore implements UserStore, AccountAdmin {
  private constructor(private readonly pool: pg.Pool) {}

  /** Connects and applies pending migrations; several instances may do this at once. */
  static async connect(url: string, logger: Logger): Promise<PostgresUsersStore> {
    const pool = new pg.Pool({
      connectionString: url,
      max: 10,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
    });
    pool.on("error", (error) => logger.error({ err: error }, "users database connection error"));
    const applied = await migrateUsersDatabase(pool);
    if (applied.length > 0) logger.info({ applied }, "users database migrated");
    return new PostgresUsersStore(pool);
  }

  async findByEmail(email: string): Promise<UserWithPassword | undefined> {
    const result = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM accounts WHERE email_normalized = $1`, [email]);
    const row = result.rows[0];
    return row === undefined ? undefined : toUser(toRecord(row));
  }

  async findById(id: string): Promise<User | undefined> {
    const result = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM accounts WHERE id = $1`, [id]);
    const row = result.rows[0];
    if (row === undefined) return undefined;
    const { passwordHash: _omitted, ...user } = toUser(toRecord(row));
    return user;
  }

  async changePassword(id: string, newPasswordHash: string): Promise<void> {
    const result = await this.pool.query("UPDATE accounts SET password_hash = $2, updated_at = now() WHERE id = $1", [
      id,
      newPasswordHash,
    ]);
    if (result.rowCount === 0) throw new UnknownAccountError(id);
  }

  async isReady(): Promise<boolean> {
    try {
      await this.pool.query("SELECT 1");
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async add(record: AccountRecord): Promise<void> {
    try {
      await this.pool.query(
        `INSERT INTO accounts (id, email, email_normalized, password_hash, email_verified, disabled, claims)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          record.id,
          normalizeEmail(record.email),
          normalizeEmail(record.email),
          record.password_hash,
          record.email_verified,
          record.disabled,
          JSON.stringify(record.claims),
        ],
      );
    } catch (error) {
      if ((error as { code?: string }).code === "23505") {
        throw new AccountError(
          `an account with the email ${normalizeEmail(record.email)} or the id ${record.id} exists already`,
        );
      }
      throw error;
    }
  }

  private async update(email: string, assignments: string, values: unknown[]): Promise<void> {
    const result = await this.pool.query(
      `UPDATE accounts SET ${assignments}, updated_at = now() WHERE email_normalized = $1`,
      [normalizeEmail(email), ...values],
    );
    if (result.rowCount === 0) throw new AccountError(`no account with the email ${normalizeEmail(email)}`);
  }

  setPassword(email: string, passwordHash: string): Promise<void> {
    return this.update(email, "password_hash = $2", [passwordHash]);
  }

  async setClaims(email: string, claims: Record<string, unknown>): Promise<void> {
    const result = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM accounts WHERE email_normalized = $1`, [
      normalizeEmail(email),
    ]);
    const row = result.rows[0];
    if (row === undefined) throw new AccountError(`no account with the email ${normalizeEmail(email)}`);
    const merged = claimsSchema.parse(mergeClaims(toRecord(row).claims, claims));
    await this.update(email, "claims = $2", [JSON.stringify(merged)]);
  }

  setDisabled(email: string, disabled: boolean): Promise<void> {
    return this.update(email, "disabled = $2", [disabled]);
  }

  async list(): Promise<Array<Omit<AccountRecord, "password_hash">>> {
    const result = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM accounts ORDER BY email_normalized`);
    return result.rows.map((row) => {
      const { password_hash: _omitted, ...rest } = toRecord(row);
      return rest;
    });
  }
}
