-- Which server process runs a turn, and whether that process is still alive: a turn whose
-- process died (kill -9, lost host) is marked 'interrupted' so the shopper can retry it and the
-- session is not blocked. Each process upserts its row every few seconds.
CREATE TABLE runners (
  id uuid PRIMARY KEY,
  started_at timestamptz NOT NULL DEFAULT now(),
  seen_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE turns ADD COLUMN runner_id uuid;
CREATE INDEX turns_unfinished_idx ON turns (runner_id) WHERE status IN ('pending', 'running');
