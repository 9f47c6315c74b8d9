-- Support review of conversations, and full-text search over messages.
CREATE TABLE session_reviews (
  session_id uuid PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
  flagged boolean NOT NULL DEFAULT false,
  flag_reason text,
  tags text[] NOT NULL DEFAULT '{}',
  notes text NOT NULL DEFAULT '',
  reviewed_at timestamptz,
  reviewed_by uuid REFERENCES users (id) ON DELETE SET NULL,
  assigned_to uuid REFERENCES users (id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE messages ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, text)) STORED;
CREATE INDEX messages_search_tsv_idx ON messages USING gin (search_tsv);
