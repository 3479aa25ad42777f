/**
 * The accounts command, for the store that USERS_FILE or USERS_DATABASE_URL names:
 *   npm run accounts -- add <email> [--name "Full Name"] [--id <id>] [--verified]
 *   npm run accounts -- set-password <email>
 *   npm run accounts -- set-claims <email> name="Ada Lovelace" locale=en address='{"country":"GB"}' picture=null
 *   npm run accounts -- list
 *   npm run accounts -- disable <email> | enable <email>
 *   npm run accounts -- reset-factors <email>
 *   npm run accounts -- passkeys <email>
 *   npm run accounts -- remove-passkey <email> <credential-id-or-prefix>
 *   npm run accounts -- require-mfa <email> | allow-single-factor <email>
 * Passwords are asked twice without echo on a terminal, or read as one line from standard input.
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { ConfigError, loadConfig } from "../config.js";
import { AccountError } from "../identity/account-admin.js";
import { createUserStore } from "../identity/create-store.js";
import type { PasskeyRecord } from "../identity/factors/types.js";
import { hashPassword } from "../identity/passwords.js";
import type { UserStore } from "../identity/store.js";
import { normalizeEmail } from "../identity/user.js";
import { readNewPassword } from "./read-password.js";

const USAGE = `usage: accounts <command>
  add <email> [--name NAME] [--id ID] [--verified]   add an account; the password comes next
  set-password <email>                                 set a new password
  set-claims <email> key=value ...                     set claims (JSON values allowed; key=null removes)
  list                                                 list accounts (never a password hash or a secret)
  disable <email> | enable <email>                     stop or allow sign-in
  reset-factors <email>                                remove TOTP, recovery codes and passkeys
  passkeys <email>                                     list passkeys: name, id prefix, created, last used
  remove-passkey <email> <credential-id-or-prefix>     remove one passkey
  require-mfa <email> | allow-single-factor <email>    always ask for a second step, or not
The store: USERS_FILE (JSON or YAML) or USERS_DATABASE_URL (PostgreSQL).`;

class UsageError extends Error {}

const MIN_PASSWORD = 8;

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

async function newPasswordHash(): Promise<string> {
  const password = await readNewPassword();
  if (password.length < MIN_PASSWORD) throw new AccountError(`the password needs at least ${MIN_PASSWORD} characters`);
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
  const config = loadConfig(process.env);
  if (config.usersFile === undefined && config.usersDatabaseUrl === undefined) {
    throw new AccountError("set USERS_FILE or USERS_DATABASE_URL to say which store to change");
  }
  const { admin, store } = await createUserStore(config, pino({ level: "warn" }, pino.destination(2)), {
    watch: false,
  });
  if (admin === undefined) throw new AccountError("this store cannot be changed");
  const needEmail = () => {
    if (email === undefined) throw new UsageError(`${command} needs an email`);
    return email;
  };
  try {
    switch (command) {
      case "add": {
        const address = needEmail();
        const claims = values.name === undefined ? {} : { name: values.name };
        await admin.add({
          id: values.id ?? randomUUID(),
          email: address,
          email_verified: values.verified ?? false,
          disabled: false,
          password_hash: await newPasswordHash(),
          claims,
        });
        process.stdout.write(`added ${address.trim().toLowerCase()}\n`);
        break;
      }
      case "set-password":
        await admin.setPassword(needEmail(), await newPasswordHash());
        process.stdout.write("password changed\n");
        break;
      case "set-claims": {
        if (rest.length === 0) throw new UsageError("set-claims needs at least one key=value");
        await admin.setClaims(needEmail(), Object.fromEntries(rest.map(parseClaim)));
        process.stdout.write("claims changed\n");
        break;
      }
      case "list":
        for (const account of await admin.list()) {
          const factors = await store.getFactors(account.id);
          const flags = [
            account.disabled ? "disabled" : "",
            account.email_verified ? "verified" : "",
            factors.totp === undefined ? "" : "totp",
            factors.passkeys.length === 0 ? "" : `passkeys=${factors.passkeys.length}`,
            factors.mfaRequired ? "mfa-required" : "",
          ].filter(Boolean);
          process.stdout.write(
            `${account.email}\t${account.id}\t${flags.join(",") || "-"}\t${JSON.stringify(account.claims)}\n`,
          );
        }
        break;
      case "disable":
      case "enable":
        await admin.setDisabled(needEmail(), command === "disable");
        process.stdout.write(`${command}d ${needEmail().trim().toLowerCase()}\n`);
        break;
      case "reset-factors": {
        const address = normalizeEmail(needEmail());
        await store.resetFactors(await accountId(store, address));
        process.stdout.write(`removed the TOTP, recovery codes and passkeys of ${address}\n`);
        break;
      }
      case "passkeys": {
        const { passkeys } = await store.getFactors(await accountId(store, needEmail()));
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
        const id = await accountId(store, needEmail());
        const passkey = pickPasskey((await store.getFactors(id)).passkeys, wanted);
        if (!(await store.removePasskey(id, passkey.credentialId))) {
          throw new AccountError(`the passkey ${passkey.credentialId} was removed already`);
        }
        process.stdout.write(`removed the passkey "${passkey.name}" (${passkey.credentialId})\n`);
        break;
      }
      case "require-mfa":
      case "allow-single-factor": {
        const address = normalizeEmail(needEmail());
        const required = command === "require-mfa";
        await store.setMfaRequired(await accountId(store, address), required);
        process.stdout.write(
          required
            ? `${address} must now use a second step to sign in\n`
            : `${address} may sign in with the password alone, unless a second factor is set up\n`,
        );
        break;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } finally {
    await admin.close();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
      process.exit(2);
    }
    if (error instanceof AccountError || error instanceof ConfigError) {
      process.stderr.write(`accounts: ${error.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`accounts: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
