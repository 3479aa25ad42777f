/**
 * The accounts command, for the store that USERS_FILE or USERS_DATABASE_URL names:
 *   npm run accounts -- add <email> [--name "Full Name"] [--id <id>] [--verified]
 *   npm run accounts -- invite <email> [--name "Full Name"] [--id <id>]
 *   npm run accounts -- set-password <email>
 *   npm run accounts -- set-claims <email> name="Ada Lovelace" locale=en address='{"country":"GB"}' picture=null
 *   npm run accounts -- list
 *   npm run accounts -- disable <email> | enable <email>
 *   npm run accounts -- remove <email>
 *   npm run accounts -- revoke-sessions <email> | revoke-sessions --id <subject>
 *   npm run accounts -- unlock <email>
 *   npm run accounts -- reset-factors <email>
 *   npm run accounts -- passkeys <email>
 *   npm run accounts -- remove-passkey <email> <credential-id-or-prefix>
 *   npm run accounts -- require-mfa <email> | allow-single-factor <email>
 * With LDAP_URL (and its LDAP_* settings), `list` shows the directory's accounts too, and the factor commands
 * (reset-factors, passkeys, remove-passkey, require-mfa, allow-single-factor) work on them by their address.
 * Passwords are asked twice without echo on a terminal, or read as one line from standard input. `disable`,
 * `remove` and `revoke-sessions` revoke the account's sessions in Hydra (HYDRA_ADMIN_URL). Every run writes one
 * audit line (JSON) on standard error.
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { createHydraAdmin } from "../hydra.js";
import { AccountError, type AccountAdmin } from "../identity/account-admin.js";
import { directoryBeside } from "../identity/directory/create-directory-store.js";
import { isFactorHolder } from "../identity/directory/directory-store.js";
import type { EmailAddressStore } from "../identity/email-tokens.js";
import type { FactorStore, PasskeyRecord } from "../identity/factors/types.js";
import { checkNewPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "../identity/password-policy.js";
import { hashPassword } from "../identity/passwords.js";
import type { UserStore } from "../identity/store.js";
import { normalizeEmail } from "../identity/user.js";
import { UsersFileStore } from "../identity/users-file.js";
import { commandAudit, type CommandAudit } from "./audit.js";
import { commandSettings, SettingsError, type CommandSettings, type StoreSettings } from "./command-settings.js";
import { readNewPassword } from "./read-password.js";
import { describeKind, revokeSubjectSessions } from "./revoke-sessions.js";
import { invite } from "./invite.js";
import { unlockAccount } from "./unlock.js";

const USAGE = `usage: accounts <command>
  add <email> [--name NAME] [--id ID] [--verified]   add an account; the password comes next
  invite <email> [--name NAME] [--id ID]               add an account whose person sets the password by an emailed
                                                       link (needs SMTP_URL and BASE_URL); again: a new link
  set-password <email>                                 set a new password
  set-claims <email> key=value ...                     set claims (JSON values allowed; key=null removes)
  list                                                 list accounts (never a password hash or a secret)
  disable <email> | enable <email>                     stop or allow sign-in; disable also revokes sessions
  remove <email>                                       delete the account, its factors and passkeys; revokes sessions
  revoke-sessions <email> | revoke-sessions --id ID    end the account's sessions and consents in Hydra
  unlock <email>                                       clear its failed sign-ins and locks (needs REDIS_URL)
  reset-factors <email>                                remove TOTP, recovery codes and passkeys
  passkeys <email>                                     list passkeys: name, id prefix, created, last used
  remove-passkey <email> <credential-id-or-prefix>     remove one passkey
  require-mfa <email> | allow-single-factor <email>    always ask for a second step, or not
The store: USERS_FILE (JSON or YAML) or USERS_DATABASE_URL (PostgreSQL); with LDAP_URL (and LDAP_*), list and the
factor commands also reach the directory's accounts, whose factors that store keeps. Revoking sessions (disable, remove,
revoke-sessions): HYDRA_ADMIN_URL, with HYDRA_TIMEOUT_MS, ORY_API_KEY or ORY_PAT, MOCK_TLS_TERMINATION if needed.
Invitations: SMTP_URL, SMTP_USER, SMTP_PASSWORD, MAIL_FROM, SMTP_TIMEOUT_MS, BASE_URL, INVITATION_LINK_TTL,
DEFAULT_LANGUAGE, THEME_DIR, BRAND_NAME, as the app reads them. Nothing else is read.
Every run writes one audit line (JSON) on standard error.`;

class UsageError extends Error {}

/** A step that did not fully happen although the main change did (sessions not revoked): exit 1, said loudly. */
class PartialFailure extends Error {}

const REFUSALS = {
  too_short: `the password needs at least ${MIN_PASSWORD_LENGTH} characters`,
  too_long: `the password may have at most ${MAX_PASSWORD_LENGTH} characters`,
  common: "the password is too easy to guess (a common one, one with digits or a year added, a run or a repeat)",
  is_email: "the password must not be the email address",
  mismatch: "the two passwords differ",
} as const;

function parseClaim(pair: string): [string, unknown] {
  const index = pair.indexOf("=");
  if (index <= 0) throw new UsageError(`expected key=value, got "${pair}"`);
  const raw = pair.slice(index + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // a plain string
  }
  return [pair.slice(0, index), value];
}

/** The new password, checked by the account page's policy (password-policy.ts), then hashed. */
async function newPasswordHash(email: string): Promise<string> {
  const password = await readNewPassword();
  const verdict = checkNewPassword({ password, repeat: password, email });
  if (!verdict.ok) throw new AccountError(REFUSALS[verdict.reason]);
  return hashPassword(password);
}

/** The id (the subject) of the account with this email. */
async function accountId(store: UserStore, email: string): Promise<string> {
  const account = await store.findByEmail(normalizeEmail(email));
  if (account === undefined) throw new AccountError(`no account with the email ${normalizeEmail(email)}`);
  return account.id;
}

/** How many characters of a credential id `passkeys` shows, and the fewest a prefix to remove one needs. */
const SHOWN_PREFIX = 12;
const MIN_PREFIX = 6;

/** The one passkey whose credential id is `wanted` or starts with it. */
function pickPasskey(passkeys: PasskeyRecord[], wanted: string): PasskeyRecord {
  const exact = passkeys.find((passkey) => passkey.credentialId === wanted);
  if (exact !== undefined) return exact;
  if (wanted.length < MIN_PREFIX) {
    throw new AccountError(`no passkey with the id ${wanted} (a prefix needs at least ${MIN_PREFIX} characters)`);
  }
  const matches = passkeys.filter((passkey) => passkey.credentialId.startsWith(wanted));
  if (matches.length === 0) throw new AccountError(`no passkey with an id starting with ${wanted}`);
  if (matches.length > 1) throw new AccountError(`${matches.length} passkeys have an id starting with ${wanted}`);
  return matches[0]!;
}

type Store = UserStore & AccountAdmin & EmailAddressStore;

async function openStore(settings: StoreSettings | undefined): Promise<Store> {
  if (settings === undefined)
    throw new AccountError("set USERS_FILE or USERS_DATABASE_URL to say which store to change");
  const logger = pino({ level: "warn" }, pino.destination({ dest: 2, sync: true }));
  if (settings.kind === "file") return new UsersFileStore(settings.file, logger, { watch: false });
  // Loaded only when used, as in the app.
  const { PostgresUsersStore } = await import("../identity/users-postgres.js");
  return PostgresUsersStore.connect(settings.url, logger);
}

/**
 * Revokes the subject's sessions in Hydra and says what happened. Without HYDRA_ADMIN_URL it says nothing was
 * revoked (`required`: that is an error); when Hydra fails it says so loudly and the run ends with 1.
 */
async function revokeSessions(
  settings: CommandSettings,
  audit: CommandAudit,
  subject: string,
  options: { required: boolean; done: string; retry: string },
): Promise<void> {
  if (settings.hydra === undefined) {
    audit.note({ sessions_revoked: false });
    if (options.required) throw new AccountError("set HYDRA_ADMIN_URL to say which Hydra to revoke sessions in");
    process.stderr.write(
      `accounts: HYDRA_ADMIN_URL is not set, so the sessions of ${subject} in Hydra were not revoked: its ` +
        `remembered logins and issued tokens stay valid. Set it and run: ${options.retry}\n`,
    );
    return;
  }
  const hydra = createHydraAdmin(settings.hydra);
  try {
    const { revoked, failed } = await revokeSubjectSessions(hydra, subject);
    audit.note({ sessions_revoked: failed.length === 0, revoked });
    for (const kind of revoked) process.stdout.write(`revoked the ${describeKind(kind)} of ${subject} in Hydra\n`);
    if (failed.length > 0) {
      for (const { kind, reason } of failed) {
        process.stderr.write(`accounts: SESSIONS NOT REVOKED: the ${describeKind(kind)} of ${subject}: ${reason}\n`);
      }
      throw new PartialFailure(
        `${options.done}, but Hydra (${settings.hydra.adminUrl}) did not revoke everything: what is not revoked ` +
          `stays valid. Once Hydra answers, run: ${options.retry}`,
      );
    }
  } finally {
    await hydra.close();
  }
}

async function run(
  command: string,
  email: string | undefined,
  rest: string[],
  values: { name?: string; id?: string; verified?: boolean },
  settings: CommandSettings,
  audit: CommandAudit,
): Promise<void> {
  const needEmail = () => {
    if (email === undefined) throw new UsageError(`${command} needs an email`);
    audit.note({ account: normalizeEmail(email) });
    return normalizeEmail(email);
  };

  if (command === "revoke-sessions" && values.id !== undefined) {
    if (email !== undefined) throw new UsageError("revoke-sessions takes an email or --id, not both");
    audit.note({ subject: values.id });
    await revokeSessions(settings, audit, values.id, {
      required: true,
      done: "nothing else to do",
      retry: `accounts revoke-sessions --id ${values.id}`,
    });
    return;
  }

  const known = [
    "add",
    "invite",
    "set-password",
    "set-claims",
    "list",
    "disable",
    "enable",
    "remove",
    "revoke-sessions",
    "unlock",
    "reset-factors",
    "passkeys",
    "remove-passkey",
    "require-mfa",
    "allow-single-factor",
  ];
  if (!known.includes(command)) throw new UsageError(`unknown command "${command}"`);
  if (command !== "list") needEmail();

  const store = await openStore(settings.store);
  // With a directory, its accounts come first and their factors live in `store` (identity/directory/).
  const directory = settings.ldap === undefined ? undefined : directoryBeside(settings.ldap, store);
  const factors: FactorStore = directory ?? store;
  /** The subject of the account named (a directory account's first), for the audit line and for revoking. */
  const subjectOf = async (address: string) => {
    const id = (await directory?.findByEmail(address))?.id ?? (await accountId(store, address));
    audit.note({ subject: id });
    return id;
  };
  try {
    switch (command) {
      case "add": {
        const address = needEmail();
        const claims = values.name === undefined ? {} : { name: values.name };
        const id = values.id ?? randomUUID();
        await store.add({
          id,
          email: address,
          email_verified: values.verified ?? false,
          disabled: false,
          password_hash: await newPasswordHash(address),
          claims,
        });
        audit.note({ subject: id });
        process.stdout.write(`added ${address}\n`);
        break;
      }
      case "invite": {
        const address = needEmail();
        const invited = await invite(store, settings.mail, { email: address, name: values.name, id: values.id });
        audit.note({ subject: invited.id, email_sent: invited.sent });
        if (!invited.sent) {
          throw new PartialFailure(
            `${address} is ${invited.again ? "still" : "now"} invited, but the email could not be sent (see above): ` +
              `nobody can use the account yet. Once mail works, run: accounts invite ${address}`,
          );
        }
        process.stdout.write(
          `${invited.again ? "invited again" : "invited"} ${address}: a set-password link was sent\n`,
        );
        break;
      }
      case "set-password": {
        const address = needEmail();
        await subjectOf(address);
        await store.setPassword(address, await newPasswordHash(address));
        process.stdout.write("password changed\n");
        break;
      }
      case "set-claims": {
        const address = needEmail();
        if (rest.length === 0) throw new UsageError("set-claims needs at least one key=value");
        await subjectOf(address);
        await store.setClaims(address, Object.fromEntries(rest.map(parseClaim)));
        process.stdout.write("claims changed\n");
        break;
      }
      case "list":
        for (const user of (await directory?.list()) ?? []) {
          const kept = await factors.getFactors(user.id);
          const flags = [
            "directory",
            user.disabled ? "disabled" : "",
            kept.totp === undefined ? "" : "totp",
            kept.passkeys.length === 0 ? "" : `passkeys=${kept.passkeys.length}`,
            kept.mfaRequired ? "mfa-required" : "",
          ].filter(Boolean);
          process.stdout.write(`${user.email}\t${user.id}\t${flags.join(",")}\t${JSON.stringify(user.profile)}\n`);
        }
        for (const account of await store.list()) {
          // A directory account's factor holder: listed above, under its directory address.
          if (directory !== undefined && isFactorHolder(account.email)) continue;
          const factors = await store.getFactors(account.id);
          const flags = [
            account.disabled ? "disabled" : "",
            account.email_verified ? "verified" : "",
            // No password of its own: invited (still disabled), or made by an identity provider.
            account.password_unset === true ? (account.disabled ? "invited" : "no-password") : "",
            factors.totp === undefined ? "" : "totp",
            factors.passkeys.length === 0 ? "" : `passkeys=${factors.passkeys.length}`,
            factors.mfaRequired ? "mfa-required" : "",
          ].filter(Boolean);
          process.stdout.write(
            `${account.email}\t${account.id}\t${flags.join(",") || "-"}\t${JSON.stringify(account.claims)}\n`,
          );
        }
        break;
      case "enable": {
        const address = needEmail();
        await subjectOf(address);
        await store.setDisabled(address, false);
        process.stdout.write(`enabled ${address}\n`);
        break;
      }
      case "disable": {
        const address = needEmail();
        const subject = await subjectOf(address);
        await store.setDisabled(address, true);
        process.stdout.write(`disabled ${address}\n`);
        await revokeSessions(settings, audit, subject, {
          required: false,
          done: `${address} is disabled`,
          retry: `accounts revoke-sessions ${address}`,
        });
        break;
      }
      case "remove": {
        const address = needEmail();
        await subjectOf(address);
        const subject = await store.remove(address);
        process.stdout.write(`removed ${address} (subject ${subject}) with its factors and passkeys\n`);
        await revokeSessions(settings, audit, subject, {
          required: false,
          done: `${address} is removed`,
          retry: `accounts revoke-sessions --id ${subject}`,
        });
        break;
      }
      case "revoke-sessions": {
        const address = needEmail();
        const subject = await subjectOf(address);
        await revokeSessions(settings, audit, subject, {
          required: true,
          done: "nothing else to do",
          retry: `accounts revoke-sessions ${address}`,
        });
        break;
      }
      case "unlock": {
        const address = needEmail();
        const subject = await subjectOf(address);
        if (settings.redisUrl === undefined) {
          throw new AccountError(
            "without REDIS_URL the sign-in limits live in the app's own memory: restarting it clears them",
          );
        }
        await unlockAccount(settings.redisUrl, { email: address, id: subject });
        process.stdout.write(`unlocked ${address}: its failed sign-ins and locks are cleared\n`);
        break;
      }
      case "reset-factors": {
        const address = needEmail();
        await factors.resetFactors(await subjectOf(address));
        process.stdout.write(`removed the TOTP, recovery codes and passkeys of ${address}\n`);
        break;
      }
      case "passkeys": {
        const { passkeys } = await factors.getFactors(await subjectOf(needEmail()));
        if (passkeys.length === 0) process.stdout.write("no passkeys\n");
        for (const passkey of passkeys) {
          const prefix = passkey.credentialId.slice(0, SHOWN_PREFIX);
          process.stdout.write(
            `${passkey.name}\t${prefix}${passkey.credentialId.length > SHOWN_PREFIX ? "…" : ""}\t` +
              `created ${passkey.createdAt}\tlast used ${passkey.lastUsedAt ?? "never"}\n`,
          );
        }
        break;
      }
      case "remove-passkey": {
        const wanted = rest[0];
        if (wanted === undefined || rest.length > 1) {
          throw new UsageError("remove-passkey needs an email and one credential id (or its prefix)");
        }
        const id = await subjectOf(needEmail());
        const passkey = pickPasskey((await factors.getFactors(id)).passkeys, wanted);
        audit.note({ credential: passkey.credentialId });
        if (!(await factors.removePasskey(id, passkey.credentialId))) {
          throw new AccountError(`the passkey ${passkey.credentialId} was removed already`);
        }
        process.stdout.write(`removed the passkey "${passkey.name}" (${passkey.credentialId})\n`);
        break;
      }
      case "require-mfa":
      case "allow-single-factor": {
        const address = needEmail();
        const required = command === "require-mfa";
        await factors.setMfaRequired(await subjectOf(address), required);
        process.stdout.write(
          required
            ? `${address} must now use a second step to sign in\n`
            : `${address} may sign in with the password alone, unless a second factor is set up\n`,
        );
        break;
      }
    }
  } finally {
    await store.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: "string" },
      id: { type: "string" },
      verified: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, email, ...rest] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const audit = commandAudit(command);
  try {
    await run(command, email, rest, values, commandSettings(process.env), audit);
    audit.write("done");
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError)) audit.write(error instanceof PartialFailure ? "partly_done" : "failed", error);
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
      process.exit(2);
    }
    if (error instanceof PartialFailure) {
      process.stderr.write(`accounts: ${error.message}\n`);
      process.exit(1);
    }
    if (error instanceof AccountError || error instanceof SettingsError) {
      process.stderr.write(`accounts: ${error.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`accounts: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
