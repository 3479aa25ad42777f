-- Accounts for USERS_DATABASE_URL. The app applies this at start (src/identity/postgres-migrate.ts).
CREATE TABLE accounts (
  -- Stable and never reused: Hydra puts it into tokens as the subject.
  id               text PRIMARY KEY,
  -- The address (the accounts command stores it trimmed and in lower case); lookups use email_normalized.
  email            text NOT NULL,
  email_normalized text NOT NULL UNIQUE,
  -- argon2id, PHC string format.
  password_hash    text NOT NULL,
  email_verified   boolean NOT NULL DEFAULT false,
  disabled         boolean NOT NULL DEFAULT false,
  -- OpenID Connect claims: name, given_name, family_name, picture, locale, phone_number, address, ...
  claims           jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
