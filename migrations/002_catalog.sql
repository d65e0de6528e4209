-- The procedure catalogue: the current version of each procedure, every version ever imported,
-- and the agencies of the province that perform it.
CREATE TABLE procedures (
  code          text PRIMARY KEY,
  version       integer NOT NULL,
  name          text NOT NULL,
  field         text NOT NULL,
  levels        text[] NOT NULL,
  online_level  text NOT NULL CHECK (online_level IN ('full', 'partial', 'none')),
  -- Folded text (no diacritics, lower case) searched by words and by trigrams.
  search_name   text NOT NULL,
  search_doc    tsvector NOT NULL,
  doc           jsonb NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX procedures_search_doc ON procedures USING gin (search_doc);
CREATE INDEX procedures_search_name_trgm ON procedures USING gin (search_name gin_trgm_ops);
CREATE INDEX procedures_field ON procedures (field);

CREATE TABLE procedure_versions (
  code          text NOT NULL REFERENCES procedures(code),
  version       integer NOT NULL,
  content_hash  text NOT NULL,
  doc           jsonb NOT NULL,
  source        text NOT NULL,
  imported_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (code, version)
);

CREATE TABLE procedure_agencies (
  procedure_code text NOT NULL REFERENCES procedures(code),
  agency_id      bigint NOT NULL REFERENCES agencies(id),
  PRIMARY KEY (procedure_code, agency_id)
);
CREATE INDEX procedure_agencies_agency ON procedure_agencies (agency_id);
