import pg from "pg";
import type { Logger } from "pino";
import { AccountError, mergeClaims, type AccountAdmin } from "./account-admin.js";
import { claimsSchema, toUser, type AccountRecord } from "./account-record.js";
import {
  emailConfirmation,
  type EmailAddressStore,
  type EmailConfirmation,
  type EmailTokenPurpose,
  type EmailTokenRecord,
} from "./email-tokens.js";
import type { AccountFactors, PasskeyRecord, TotpFactor } from "./factors/types.js";
import { migrateUsersDatabase } from "./postgres-migrate.js";
import { ProviderLinkTakenError, type ProviderLink, type ProviderLinkStore } from "./provider-links.js";
import { DuplicatePasskeyError, UnknownAccountError, type UserStore } from "./store.js";
import { normalizeEmail, type User, type UserWithPassword } from "./user.js";

interface Row {
  id: string;
  email: string;
  password_hash: string;
  email_verified: boolean;
  disabled: boolean;
  claims: unknown;
  pending_email: string | null;
  password_unset: boolean;
}

const COLUMNS = "id, email, password_hash, email_verified, disabled, claims, pending_email, password_unset";

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
    ...(row.pending_email === null ? {} : { pending_email: row.pending_email }),
    ...(row.password_unset ? { password_unset: true } : {}),
  };
}

interface TokenRow {
  purpose: EmailTokenPurpose;
  account_id: string;
  email: string;
  expires_at: Date;
}

const toToken = (row: TokenRow): EmailTokenRecord => ({
  purpose: row.purpose,
  userId: row.account_id,
  email: row.email,
  expiresAt: row.expires_at.getTime(),
});

interface FactorRow {
  mfa_required: boolean;
  totp_sealed_secret: string | null;
  totp_confirmed_at: Date | null;
  totp_last_used_step: string | null; // bigint: pg hands it over as text
  recovery_code_hashes: string[];
}

interface PasskeyRow {
  account_id: string;
  credential_id: string;
  public_key: string;
  counter: string; // bigint
  transports: string[];
  name: string;
  created_at: Date;
  last_used_at: Date | null;
  device_type: string;
  backed_up: boolean;
}

const PASSKEY_COLUMNS =
  "account_id, credential_id, public_key, counter, transports, name, created_at, last_used_at, device_type, backed_up";

function toPasskey(row: PasskeyRow): PasskeyRecord {
  return {
    credentialId: row.credential_id,
    publicKey: row.public_key,
    counter: Number(row.counter),
    transports: row.transports,
    name: row.name,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString(),
    deviceType: row.device_type,
    backedUp: row.backed_up,
  };
}

/** Accounts in PostgreSQL (USERS_DATABASE_URL); the table layout is migrations/users/*.sql. */
export class PostgresUsersStore implements UserStore, AccountAdmin, EmailAddressStore, ProviderLinkStore {
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
    // A password someone chose: the account has one of its own from now on.
    const result = await this.pool.query(
      "UPDATE accounts SET password_hash = $2, password_unset = false, updated_at = now() WHERE id = $1",
      [id, newPasswordHash],
    );
    if (result.rowCount === 0) throw new UnknownAccountError(id);
  }

  // Second factors and passkeys. Each change is one statement, atomic on its own, across instances too.

  /** Throws UnknownAccountError unless the account exists; for a change that touched no row. */
  private async mustExist(id: string): Promise<void> {
    const result = await this.pool.query("SELECT 1 FROM accounts WHERE id = $1", [id]);
    if (result.rowCount === 0) throw new UnknownAccountError(id);
  }

  /** An UPDATE of the account's row; throws UnknownAccountError when there is no such row. */
  private async updateAccount(id: string, assignments: string, values: unknown[]): Promise<void> {
    const result = await this.pool.query(`UPDATE accounts SET ${assignments}, updated_at = now() WHERE id = $1`, [
      id,
      ...values,
    ]);
    if (result.rowCount === 0) throw new UnknownAccountError(id);
  }

  /** A conditional change: true when it touched a row; false when the condition failed for an existing account. */
  private async changed(id: string, sql: string, values: unknown[]): Promise<boolean> {
    const result = await this.pool.query(sql, [id, ...values]);
    if ((result.rowCount ?? 0) > 0) return true;
    await this.mustExist(id);
    return false;
  }

  async getFactors(userId: string): Promise<AccountFactors> {
    const [account, passkeys] = await Promise.all([
      this.pool.query<FactorRow>(
        `SELECT mfa_required, totp_sealed_secret, totp_confirmed_at, totp_last_used_step, recovery_code_hashes
         FROM accounts WHERE id = $1`,
        [userId],
      ),
      this.pool.query<PasskeyRow>(
        `SELECT ${PASSKEY_COLUMNS} FROM passkeys WHERE account_id = $1 ORDER BY created_at, credential_id`,
        [userId],
      ),
    ]);
    const row = account.rows[0];
    if (row === undefined) throw new UnknownAccountError(userId);
    return {
      totp:
        row.totp_sealed_secret === null
          ? undefined
          : {
              sealedSecret: row.totp_sealed_secret,
              confirmedAt: (row.totp_confirmed_at ?? new Date(0)).toISOString(),
              lastUsedStep: Number(row.totp_last_used_step ?? 0),
            },
      recoveryCodeHashes: row.recovery_code_hashes,
      passkeys: passkeys.rows.map(toPasskey),
      mfaRequired: row.mfa_required,
    };
  }

  setTotp(userId: string, totp: TotpFactor | undefined): Promise<void> {
    return this.updateAccount(userId, "totp_sealed_secret = $2, totp_confirmed_at = $3, totp_last_used_step = $4", [
      totp?.sealedSecret ?? null,
      totp?.confirmedAt ?? null,
      totp?.lastUsedStep ?? null,
    ]);
  }

  /** One UPDATE whose condition is the check: of two calls for the same step, PostgreSQL lets one through. */
  useTotpStep(userId: string, step: number): Promise<boolean> {
    return this.changed(
      userId,
      `UPDATE accounts SET totp_last_used_step = $2, updated_at = now()
       WHERE id = $1 AND totp_sealed_secret IS NOT NULL AND (totp_last_used_step IS NULL OR totp_last_used_step < $2)`,
      [step],
    );
  }

  setRecoveryCodes(userId: string, hashes: string[]): Promise<void> {
    return this.updateAccount(userId, "recovery_code_hashes = $2", [hashes]);
  }

  /** One UPDATE whose condition is the check: a code can be used once, whoever asks at the same time. */
  consumeRecoveryCode(userId: string, hash: string): Promise<boolean> {
    return this.changed(
      userId,
      `UPDATE accounts SET recovery_code_hashes = array_remove(recovery_code_hashes, $2), updated_at = now()
       WHERE id = $1 AND $2 = ANY(recovery_code_hashes)`,
      [hash],
    );
  }

  async addPasskey(userId: string, passkey: PasskeyRecord): Promise<void> {
    try {
      await this.pool.query(
        `INSERT INTO passkeys (${PASSKEY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          userId,
          passkey.credentialId,
          passkey.publicKey,
          passkey.counter,
          passkey.transports,
          passkey.name,
          passkey.createdAt,
          passkey.lastUsedAt ?? null,
          passkey.deviceType,
          passkey.backedUp,
        ],
      );
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "23503") throw new UnknownAccountError(userId); // foreign key: no such account
      if (code === "23505") throw new DuplicatePasskeyError(passkey.credentialId);
      throw error;
    }
  }

  renamePasskey(userId: string, credentialId: string, name: string): Promise<boolean> {
    return this.changed(userId, "UPDATE passkeys SET name = $3 WHERE account_id = $1 AND credential_id = $2", [
      credentialId,
      name,
    ]);
  }

  removePasskey(userId: string, credentialId: string): Promise<boolean> {
    return this.changed(userId, "DELETE FROM passkeys WHERE account_id = $1 AND credential_id = $2", [credentialId]);
  }

  async touchPasskey(userId: string, credentialId: string, counter: number): Promise<void> {
    await this.changed(
      userId,
      "UPDATE passkeys SET counter = $3, last_used_at = now() WHERE account_id = $1 AND credential_id = $2",
      [credentialId, counter],
    );
  }

  async findPasskey(credentialId: string): Promise<{ userId: string; passkey: PasskeyRecord } | undefined> {
    const result = await this.pool.query<PasskeyRow>(
      `SELECT ${PASSKEY_COLUMNS} FROM passkeys WHERE credential_id = $1`,
      [credentialId],
    );
    const row = result.rows[0];
    return row === undefined ? undefined : { userId: row.account_id, passkey: toPasskey(row) };
  }

  setMfaRequired(userId: string, required: boolean): Promise<void> {
    return this.updateAccount(userId, "mfa_required = $2", [required]);
  }

  /** One statement: the passkeys deleted and the TOTP and recovery codes cleared together. */
  async resetFactors(userId: string): Promise<void> {
    const result = await this.pool.query(
      `WITH removed AS (DELETE FROM passkeys WHERE account_id = $1)
       UPDATE accounts SET totp_sealed_secret = NULL, totp_confirmed_at = NULL, totp_last_used_step = NULL,
         recovery_code_hashes = '{}', updated_at = now()
       WHERE id = $1`,
      [userId],
    );
    if (result.rowCount === 0) throw new UnknownAccountError(userId);
  }

  // Links to other providers' identities (issue 23): migrations/users/004_provider_links.sql.

  async findProviderLink(providerId: string, subject: string): Promise<string | undefined> {
    const result = await this.pool.query<{ account_id: string }>(
      "SELECT account_id FROM provider_links WHERE provider = $1 AND subject = $2",
      [providerId, subject],
    );
    return result.rows[0]?.account_id;
  }

  async providerLinksOf(userId: string): Promise<ProviderLink[]> {
    const result = await this.pool.query<{
      provider: string;
      subject: string;
      linked_at: Date;
      created_account: boolean;
    }>(
      "SELECT provider, subject, linked_at, created_account FROM provider_links WHERE account_id = $1 ORDER BY linked_at",
      [userId],
    );
    return result.rows.map((row) => ({
      providerId: row.provider,
      subject: row.subject,
      linkedAt: row.linked_at.toISOString(),
      createdAccount: row.created_account,
    }));
  }

  async addProviderLink(userId: string, link: ProviderLink): Promise<void> {
    try {
      await this.pool.query(
        "INSERT INTO provider_links (provider, subject, account_id, linked_at, created_account) VALUES ($1, $2, $3, $4, $5)",
        [link.providerId, link.subject, userId, link.linkedAt, link.createdAccount],
      );
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "23505") throw new ProviderLinkTakenError(link.providerId);
      if (code === "23503") throw new UnknownAccountError(userId);
      throw error;
    }
  }

  async removeProviderLink(userId: string, providerId: string): Promise<boolean> {
    const result = await this.pool.query("DELETE FROM provider_links WHERE account_id = $1 AND provider = $2", [
      userId,
      providerId,
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  async anyFactors(): Promise<boolean> {
    const result = await this.pool.query<{ any: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM accounts WHERE totp_sealed_secret IS NOT NULL OR cardinality(recovery_code_hashes) > 0)
           OR EXISTS (SELECT 1 FROM passkeys) AS any`,
    );
    return result.rows[0]?.any ?? false;
  }

  // Emailed links and address changes (email-tokens.ts): each change one statement, atomic across instances.

  async saveEmailToken(hash: string, record: EmailTokenRecord): Promise<void> {
    try {
      await this.pool.query(
        `WITH pruned AS (DELETE FROM email_tokens WHERE expires_at <= now())
         INSERT INTO email_tokens (token_hash, account_id, purpose, email, expires_at) VALUES ($1, $2, $3, $4, $5)`,
        [hash, record.userId, record.purpose, normalizeEmail(record.email), new Date(record.expiresAt)],
      );
    } catch (error) {
      if ((error as { code?: string }).code === "23503") throw new UnknownAccountError(record.userId);
      throw error;
    }
  }

  async findEmailToken(hash: string): Promise<EmailTokenRecord | undefined> {
    const result = await this.pool.query<TokenRow>(
      "SELECT purpose, account_id, email, expires_at FROM email_tokens WHERE token_hash = $1 AND expires_at > now()",
      [hash],
    );
    const row = result.rows[0];
    return row === undefined ? undefined : toToken(row);
  }

  /** One DELETE … RETURNING: of two takes at once, PostgreSQL gives the row to one. */
  async takeEmailToken(hash: string): Promise<EmailTokenRecord | undefined> {
    const result = await this.pool.query<TokenRow & { live: boolean }>(
      `DELETE FROM email_tokens WHERE token_hash = $1
       RETURNING purpose, account_id, email, expires_at, expires_at > now() AS live`,
      [hash],
    );
    const row = result.rows[0];
    return row?.live === true ? toToken(row) : undefined;
  }

  async deleteEmailTokens(userId: string): Promise<void> {
    await this.pool.query("DELETE FROM email_tokens WHERE account_id = $1", [userId]);
  }

  setPendingEmail(userId: string, email: string | undefined): Promise<void> {
    return this.updateAccount(userId, "pending_email = $2", [email === undefined ? null : normalizeEmail(email)]);
  }

  /**
   * Decided on the row as it is (locked FOR UPDATE), applied in the same transaction; the address's uniqueness is
   * the table's: another account that took it meanwhile makes the UPDATE fail, which is "taken".
   */
  async confirmEmail(userId: string, email: string): Promise<EmailConfirmation | "taken"> {
    const wanted = normalizeEmail(email);
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const found = await client.query<{ email: string; pending_email: string | null }>(
        "SELECT email, pending_email FROM accounts WHERE id = $1 FOR UPDATE",
        [userId],
      );
      const row = found.rows[0];
      const outcome =
        row === undefined
          ? "stale"
          : emailConfirmation({ email: row.email, pendingEmail: row.pending_email ?? undefined }, wanted);
      if (outcome === "verified") {
        await client.query("UPDATE accounts SET email_verified = true, updated_at = now() WHERE id = $1", [userId]);
      } else if (outcome === "changed") {
        await client.query(
          `UPDATE accounts SET email = $2, email_normalized = $2, email_verified = true, pending_email = NULL,
             updated_at = now() WHERE id = $1`,
          [userId, wanted],
        );
      }
      await client.query("COMMIT");
      return outcome;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      if ((error as { code?: string }).code === "23505") return "taken";
      throw error;
    } finally {
      client.release();
    }
  }

  /** The UPDATE's condition is the check (still waiting for a password, same address): one of two posts wins. */
  async acceptInvitation(userId: string, email: string, passwordHash: string): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE accounts SET password_hash = $3, disabled = false, email_verified = true, password_unset = false,
         updated_at = now()
       WHERE id = $1 AND email_normalized = $2 AND password_unset`,
      [userId, normalizeEmail(email), passwordHash],
    );
    if ((result.rowCount ?? 0) === 0) return false;
    await this.deleteEmailTokens(userId);
    return true;
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
        `INSERT INTO accounts (id, email, email_normalized, password_hash, email_verified, disabled, claims,
           password_unset)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          record.id,
          normalizeEmail(record.email),
          normalizeEmail(record.email),
          record.password_hash,
          record.email_verified,
          record.disabled,
          JSON.stringify(record.claims),
          record.password_unset === true,
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
    // A password the operator sets is a usable one: an invitation still waiting is void from now on.
    return this.update(email, "password_hash = $2, password_unset = false", [passwordHash]);
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

  /** Disabling voids the emailed links too, in the same statement: a waiting invitation must not enable it again. */
  async setDisabled(email: string, disabled: boolean): Promise<void> {
    const result = await this.pool.query(
      `WITH changed AS (
         UPDATE accounts SET disabled = $2, updated_at = now() WHERE email_normalized = $1 RETURNING id
       ), voided AS (
         DELETE FROM email_tokens WHERE $2 AND account_id IN (SELECT id FROM changed)
       )
       SELECT id FROM changed`,
      [normalizeEmail(email), disabled],
    );
    if (result.rowCount === 0) throw new AccountError(`no account with the email ${normalizeEmail(email)}`);
  }

  /** One DELETE; the account's passkeys go with it (ON DELETE CASCADE). */
  async remove(email: string): Promise<string> {
    const result = await this.pool.query<{ id: string }>(
      "DELETE FROM accounts WHERE email_normalized = $1 RETURNING id",
      [normalizeEmail(email)],
    );
    const row = result.rows[0];
    if (row === undefined) throw new AccountError(`no account with the email ${normalizeEmail(email)}`);
    return row.id;
  }

  async list(): Promise<Array<Omit<AccountRecord, "password_hash">>> {
    const result = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM accounts ORDER BY email_normalized`);
    return result.rows.map((row) => {
      const { password_hash: _omitted, ...rest } = toRecord(row);
      return rest;
    });
  }
}
