-- Results (kết quả giải quyết). Drafts are versions of a dossier's result document, seen only by
-- staff; an issued result is the signed document with its number (per agency and year, no gaps,
-- from 1 every 1 January), its electronic result code, and the token of its public verification.
CREATE TABLE result_drafts (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dossier_id   bigint NOT NULL REFERENCES dossiers(id),
  version      integer NOT NULL CHECK (version > 0),
  -- The template's fields (Decree 30 layout), or null for an uploaded document.
  content      jsonb,
  sha256       text NOT NULL REFERENCES files(sha256),
  comment      text NOT NULL DEFAULT '',
  created_by   bigint NOT NULL REFERENCES staff(id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (dossier_id, version)
);

CREATE TABLE document_counters (
  agency_id  bigint NOT NULL REFERENCES agencies(id),
  year       integer NOT NULL,
  last       integer NOT NULL,
  PRIMARY KEY (agency_id, year)
);

CREATE TABLE results (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dossier_id    bigint NOT NULL REFERENCES dossiers(id),
  draft_id      bigint NOT NULL REFERENCES result_drafts(id),
  agency_id     bigint NOT NULL REFERENCES agencies(id),
  year          integer NOT NULL,
  number        integer NOT NULL,
  notation      text NOT NULL,
  sha256        text NOT NULL REFERENCES files(sha256),
  result_code   text,
  verify_token  text NOT NULL UNIQUE,
  issued_at     timestamptz NOT NULL,
  issued_by     bigint NOT NULL REFERENCES staff(id),
  UNIQUE (agency_id, year, number)
);
CREATE INDEX results_dossier ON results (dossier_id);
