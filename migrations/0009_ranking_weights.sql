-- Versioned ranking weights: ranker:train stores a new version only when it beats the active one.
CREATE TABLE ranking_weights (
  version text PRIMARY KEY,
  config jsonb NOT NULL,
  validation_auc double precision,
  baseline_auc double precision,
  examples integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX ranking_weights_one_active_idx ON ranking_weights (active) WHERE active;
