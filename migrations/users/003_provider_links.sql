-- Identities at other OpenID Connect providers that sign in to an account (issue 23, UPSTREAM_PROVIDERS_FILE).
-- Signing in follows (provider, subject), never the email; one upstream identity signs in to one account only.
CREATE TABLE provider_links (
  provider        text NOT NULL,
  -- The provider's `sub`.
  subject         text NOT NULL,
  account_id      text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  linked_at       timestamptz NOT NULL DEFAULT now(),
  -- The account was made by this provider's first sign-in.
  created_account boolean NOT NULL DEFAULT false,
  PRIMARY KEY (provider, subject)
);

CREATE INDEX provider_links_account_id ON provider_links (account_id);
