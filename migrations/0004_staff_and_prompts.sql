-- Staff accounts, and the merchant-editable prompt templates with immutable versions.
CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'merchant', 'support')),
  created_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz
);
CREATE UNIQUE INDEX users_email_idx ON users (lower(email));

CREATE TABLE prompt_templates (
  name text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_-]*$'),
  description text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE prompt_versions (
  template_name text NOT NULL REFERENCES prompt_templates (name) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version >= 1),
  body text NOT NULL,
  variables text[] NOT NULL DEFAULT '{}',
  author_id uuid REFERENCES users (id) ON DELETE SET NULL,
  message text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (template_name, version)
);

-- Labels point at versions ("published", "candidate", …); publishing moves a label.
CREATE TABLE prompt_labels (
  template_name text NOT NULL,
  label text NOT NULL CHECK (label ~ '^[a-z][a-z0-9_-]*$'),
  version integer NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
  PRIMARY KEY (template_name, label),
  FOREIGN KEY (template_name, version) REFERENCES prompt_versions (template_name, version)
);
