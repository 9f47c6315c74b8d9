-- Shoppers, their sessions, and every message and turn of a conversation.
CREATE TABLE shoppers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  shopper_id uuid REFERENCES shoppers (id) ON DELETE SET NULL,
  mode text NOT NULL CHECK (mode IN ('llm', 'offline')),
  handoff_requested_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_shopper_idx ON sessions (shopper_id);
CREATE INDEX sessions_created_idx ON sessions (created_at DESC, id DESC);

-- One turn = one shopper message and the assistant's answer; trace holds the why.
CREATE TABLE turns (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'running', 'completed', 'failed', 'interrupted')),
  degraded boolean NOT NULL DEFAULT false,
  trace jsonb NOT NULL DEFAULT '{}'::jsonb,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  UNIQUE (session_id, seq)
);
CREATE INDEX turns_status_idx ON turns (status) WHERE status IN ('pending', 'running');

CREATE TABLE messages (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  turn_id uuid REFERENCES turns (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
  text text NOT NULL,
  client_message_id text,
  products jsonb NOT NULL DEFAULT '[]'::jsonb,
  suggestions jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- A resent message (same clientMessageId) is stored once.
  UNIQUE (session_id, client_message_id)
);
CREATE INDEX messages_session_idx ON messages (session_id, id);
CREATE INDEX messages_turn_idx ON messages (turn_id);

-- A profile belongs to a session (short term) or a shopper (long term).
CREATE TABLE profiles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  shopper_id uuid UNIQUE REFERENCES shoppers (id) ON DELETE CASCADE,
  session_id uuid UNIQUE REFERENCES sessions (id) ON DELETE CASCADE,
  vector vector(384),
  preferences jsonb NOT NULL DEFAULT '{}'::jsonb,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (shopper_id IS NOT NULL OR session_id IS NOT NULL)
);

-- Feedback and interactions: what the ranking learns from and support reviews.
CREATE TABLE events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  turn_id uuid REFERENCES turns (id) ON DELETE SET NULL,
  product_id integer REFERENCES products (id) ON DELETE SET NULL,
  kind text NOT NULL
    CHECK (kind IN ('like', 'dislike', 'click', 'add_to_cart', 'remove_from_cart', 'thumbs_up', 'thumbs_down', 'handoff')),
  comment text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_session_idx ON events (session_id, created_at);
CREATE INDEX events_product_kind_idx ON events (product_id, kind);
