-- Second factors and passkeys (src/identity/factors). Secrets never in clear: the TOTP secret is sealed with
-- MFA_ENCRYPTION_KEY, recovery codes are SHA-256 hashes.
ALTER TABLE accounts
  -- The accounts command's switch: always ask for a second step.
  ADD COLUMN mfa_required         boolean NOT NULL DEFAULT false,
  -- TOTP: all three set (on) or all three null (off).
  ADD COLUMN totp_sealed_secret   text,
  ADD COLUMN totp_confirmed_at    timestamptz,
  -- The last 30-second step accepted; a code of this step or an earlier one is a replay.
  ADD COLUMN totp_last_used_step  bigint,
  -- SHA-256 hex of each unused recovery code.
  ADD COLUMN recovery_code_hashes text[] NOT NULL DEFAULT '{}';

CREATE TABLE passkeys (
  -- base64url; unique across all accounts.
  credential_id text PRIMARY KEY,
  account_id    text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  -- The COSE public key, base64url.
  public_key    text NOT NULL,
  counter       bigint NOT NULL DEFAULT 0,
  transports    text[] NOT NULL DEFAULT '{}',
  name          text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  -- "singleDevice" | "multiDevice", as the authenticator said.
  device_type   text NOT NULL,
  backed_up     boolean NOT NULL DEFAULT false
);

CREATE INDEX passkeys_account_id ON passkeys (account_id);
