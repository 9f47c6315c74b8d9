-- Sign-in lockout with backoff, forced password changes, and API tokens that expire.
ALTER TABLE users
  ADD COLUMN failed_logins integer NOT NULL DEFAULT 0,
  ADD COLUMN locked_until timestamptz,
  ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
  ADD COLUMN password_changed_at timestamptz;

ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
-- Tokens made before expiry existed keep working for 90 days from now.
UPDATE api_tokens SET expires_at = now() + interval '90 days' WHERE expires_at IS NULL AND revoked_at IS NULL;
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);
