-- Emailed links and address changes (issue 22, src/identity/email-tokens.ts).
ALTER TABLE accounts
  -- A new address waiting for its emailed link; the change takes effect when the link is opened.
  ADD COLUMN pending_email  text,
  -- Invited, no password chosen yet: password_hash is of a random password nobody knows, and disabled is true.
  ADD COLUMN password_unset boolean NOT NULL DEFAULT false;

CREATE TABLE email_tokens (
  -- SHA-256 (hex) of the token in the link; the token itself is never stored.
  token_hash text PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  purpose    text NOT NULL CHECK (purpose IN ('verify', 'change', 'invite')),
  -- The address the link was sent to (normalised).
  email      text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX email_tokens_account_id ON email_tokens (account_id);
CREATE INDEX email_tokens_expires_at ON email_tokens (expires_at);
