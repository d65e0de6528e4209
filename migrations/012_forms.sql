-- E-forms (biểu mẫu điện tử): each procedure's form definition, versioned; a version never
-- changes once stored, so a dossier names the version its answers were given under.
CREATE TABLE procedure_forms (
  procedure_code  text NOT NULL REFERENCES procedures(code),
  version         integer NOT NULL CHECK (version > 0),
  definition      jsonb NOT NULL,
  created_by      bigint REFERENCES staff(id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (procedure_code, version)
);

ALTER TABLE dossiers
  ADD COLUMN form_version integer,
  ADD COLUMN answers jsonb NOT NULL DEFAULT '{}';

-- A citizen's unfinished online dossier, one per procedure: what was typed, the files already
-- uploaded, and the form version it was typed under (to tell the citizen when the form changed).
CREATE TABLE dossier_drafts (
  citizen_id      bigint NOT NULL REFERENCES citizens(id),
  procedure_code  text NOT NULL REFERENCES procedures(code),
  form_version    integer,
  content         jsonb NOT NULL,
  saved_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (citizen_id, procedure_code)
);

-- The API's Idempotency-Key: a retry with the same key and the same body returns the first
-- dossier; the same key with another body is refused (a client bug, never a second dossier).
ALTER TABLE submission_keys ADD COLUMN request_hash text;
