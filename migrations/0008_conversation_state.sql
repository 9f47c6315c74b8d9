-- Dialogue state travels with the session (any server can continue it), and each session has a cart.
ALTER TABLE sessions ADD COLUMN state jsonb NOT NULL DEFAULT '{}'::jsonb;

CREATE TABLE cart_items (
  session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  product_id integer NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  quantity integer NOT NULL DEFAULT 1 CHECK (quantity > 0),
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, product_id)
);
