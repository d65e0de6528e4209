-- Agencies and units of the province, with electronic agency codes (Decision 20/2020/QĐ-TTg).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE agencies (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Null only for internal units that have no electronic code of their own.
  code        text UNIQUE,
  name        text NOT NULL CHECK (length(btrim(name)) > 0),
  -- Name folded (no diacritics, lower case, single spaces). Agencies in force have unique names in
  -- the province; units only within their agency (every department has its "Văn phòng").
  name_key    text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('people_committee', 'department', 'service_centre', 'commune', 'unit', 'other')),
  parent_id   bigint REFERENCES agencies(id),
  address     text NOT NULL DEFAULT '',
  phone       text NOT NULL DEFAULT '',
  email       text NOT NULL DEFAULT '',
  valid_from  date NOT NULL DEFAULT CURRENT_DATE,
  valid_to    date,
  revision    integer NOT NULL DEFAULT 1,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_to IS NULL OR valid_to >= valid_from),
  CHECK (code IS NOT NULL OR kind = 'unit')
);
CREATE UNIQUE INDEX agencies_name_in_force ON agencies (name_key) WHERE valid_to IS NULL AND kind <> 'unit';
CREATE UNIQUE INDEX agencies_unit_name_in_force ON agencies (parent_id, name_key) WHERE valid_to IS NULL AND kind = 'unit';
CREATE INDEX agencies_parent ON agencies (parent_id);

-- Merges (many predecessors, one successor) and splits (one predecessor, many successors).
CREATE TABLE agency_successions (
  predecessor_id bigint NOT NULL REFERENCES agencies(id),
  successor_id   bigint NOT NULL REFERENCES agencies(id),
  PRIMARY KEY (predecessor_id, successor_id),
  CHECK (predecessor_id <> successor_id)
);

-- A counter bumped by every change to data shown on public pages (agencies, catalogue), so that
-- the page cache of every app process can tell it is stale without asking about each page.
CREATE TABLE public_revision (
  id        boolean PRIMARY KEY DEFAULT true CHECK (id),
  revision  bigint NOT NULL
);
INSERT INTO public_revision VALUES (true, 1);
