-- Dossiers (hồ sơ): one row each, with an append-only log of actions from which the status is
-- derived; the status column is a cache rewritten only in the transaction of the action.
CREATE TABLE dossiers (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code                text NOT NULL UNIQUE,
  procedure_code      text NOT NULL REFERENCES procedures(code),
  procedure_version   integer NOT NULL,
  receiving_agency_id bigint NOT NULL REFERENCES agencies(id),
  channel             text NOT NULL CHECK (channel IN ('counter', 'online', 'post')),
  applicant           jsonb NOT NULL,
  representative      jsonb,
  result_delivery     text NOT NULL CHECK (result_delivery IN ('counter', 'post', 'online')),
  postal_tracking     text,
  components          jsonb NOT NULL DEFAULT '[]',
  received_at         timestamptz,
  due_at              timestamptz,
  status              text NOT NULL,
  revision            integer NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dossiers_agency_status ON dossiers (receiving_agency_id, status);
CREATE INDEX dossiers_created ON dossiers (created_at);

CREATE TABLE dossier_actions (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dossier_id      bigint NOT NULL REFERENCES dossiers(id),
  at              timestamptz NOT NULL DEFAULT now(),
  actor_kind      text NOT NULL,
  actor_id        bigint,
  actor_name      text NOT NULL,
  on_behalf_of_id bigint,
  agency_id       bigint REFERENCES agencies(id),
  action          text NOT NULL,
  from_status     text,
  to_status       text NOT NULL,
  comment         text NOT NULL DEFAULT '',
  detail          jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX dossier_actions_dossier ON dossier_actions (dossier_id, id);

CREATE FUNCTION refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'dossier_actions is append-only';
END $$;
CREATE TRIGGER dossier_actions_append_only BEFORE UPDATE OR DELETE ON dossier_actions
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change();

-- The day's sequence of each receiving agency: taken last in the reception's transaction, so codes
-- are unique and without gaps (a rolled-back reception gives its number back).
CREATE TABLE dossier_counters (
  agency_id  bigint NOT NULL REFERENCES agencies(id),
  day        date NOT NULL,
  last       integer NOT NULL,
  PRIMARY KEY (agency_id, day)
);
