-- The tamper-evident audit log. Every entry carries the hash of the entry before it (prev_hash) and
-- its own hash over prev_hash and its fields (src/modules/audit/audit-hash.ts), so an edited, deleted,
-- reordered or forged entry breaks the chain. audit_head holds the last entry's id and hash: it is
-- the lock that serialises appenders (SELECT ... FOR UPDATE) and catches the deletion of the last
-- entries. Ids may have gaps (a rolled-back append consumes its id); gaps alone are not tampering.
CREATE TABLE audit_log (
  id                bigint GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME audit_log_id_seq) PRIMARY KEY,
  at                timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_kind        text NOT NULL CHECK (actor_kind IN ('staff', 'citizen', 'system', 'anonymous')),
  actor_id          bigint,
  actor_name        text NOT NULL,
  -- A delegation: the person whose lent role was used.
  on_behalf_of_id   bigint,
  on_behalf_of_name text,
  action            text NOT NULL CHECK (length(action) > 0),
  subject_type      text,
  subject_id        text,
  -- The agency the event concerns, for scoping who may read it (NULL: province administrators only).
  agency_id         bigint,
  detail            jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(detail) = 'object'),
  ip                text,
  -- Folded actor and on-behalf-of names for the admin filter; derived, so outside the hash.
  actor_search      text NOT NULL DEFAULT '',
  prev_hash         text NOT NULL,
  hash              text NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor ON audit_log (actor_id);
CREATE INDEX audit_log_action ON audit_log (action);
CREATE INDEX audit_log_subject ON audit_log (subject_type, subject_id);
CREATE INDEX audit_log_agency ON audit_log (agency_id);
CREATE INDEX audit_log_actor_search ON audit_log USING gin (actor_search gin_trgm_ops);

-- One row: the end of the chain. last_id 0 and the genesis hash while the log is empty.
CREATE TABLE audit_head (
  one        boolean PRIMARY KEY DEFAULT true CHECK (one),
  last_id    bigint NOT NULL,
  last_hash  text NOT NULL
);
INSERT INTO audit_head (last_id, last_hash) VALUES (0, repeat('0', 64));

CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Audit entries are never changed or removed; record a correction as a new entry.';
END
$$;

-- Statement-level, so even an UPDATE or DELETE matching no row is refused.
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
-- The head moves forward with every append (UPDATE), but never disappears.
CREATE TRIGGER audit_head_kept BEFORE DELETE OR TRUNCATE ON audit_head
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
