-- Internal processes (quy trình nội bộ) of procedures, versioned like e-forms: a version never
-- changes once stored, so a dossier keeps the process version it started with. agency_id NULL is
-- the province's default; an agency's own variant names the agency.
CREATE TABLE procedure_processes (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  procedure_code  text NOT NULL REFERENCES procedures(code),
  agency_id       bigint REFERENCES agencies(id),
  version         integer NOT NULL CHECK (version > 0),
  definition      jsonb NOT NULL,
  -- The definition as the admin typed it, shown again in the editor (jsonb keeps the value, not the writing).
  source          text,
  created_by      bigint REFERENCES staff(id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  -- In a plain UNIQUE two NULLs are distinct, so the default could get two version 1s; NULLS NOT
  -- DISTINCT (PostgreSQL 15+, the oldest server the system supports) makes the default one variant.
  CONSTRAINT procedure_processes_version UNIQUE NULLS NOT DISTINCT (procedure_code, agency_id, version)
);
CREATE INDEX procedure_processes_agency ON procedure_processes (agency_id) WHERE agency_id IS NOT NULL;
