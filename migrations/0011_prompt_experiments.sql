-- A/B tests between two versions of a template; at most one running per template.
CREATE TABLE prompt_experiments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  template_name text NOT NULL REFERENCES prompt_templates (name) ON DELETE CASCADE,
  version_a integer NOT NULL,
  version_b integer NOT NULL,
  share_b integer NOT NULL CHECK (share_b BETWEEN 0 AND 100),
  active boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  FOREIGN KEY (template_name, version_a) REFERENCES prompt_versions (template_name, version),
  FOREIGN KEY (template_name, version_b) REFERENCES prompt_versions (template_name, version)
);
CREATE UNIQUE INDEX prompt_experiments_one_active_idx ON prompt_experiments (template_name) WHERE active;
