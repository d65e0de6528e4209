-- The audit chain is extended inside the database, in the statement that writes the change it
-- records: no round trip to the app is left between taking the chain's head and the commit, so the
-- head (which every audited write in the province waits for) is held only for the statement's own
-- work and the commit's flush.
--
-- Entries of format 2 are chained over fields the database decides (id, time, subject id: a new
-- dossier's code is only known here) and a digest of every other field that the app computes
-- (src/modules/audit/audit-hash.ts, `contentDigest`):
--   hash = sha256(prev_hash \n id \n at \n content_digest \n ('=' || subject_id, or '-' when null))
-- at written as UTC to the microsecond ('YYYY-MM-DDTHH:MM:SS.ffffffZ'). Entries written before
-- keep format 1 (one sha256 over prev_hash and every field, computed by the app) and verify as they
-- did.
ALTER TABLE audit_log ADD COLUMN format smallint NOT NULL DEFAULT 1 CHECK (format IN (1, 2));

-- Appends `entries` (a JSON array, in chain order, of objects with actorKind, actorId, actorName,
-- onBehalfOfId, onBehalfOfName, action, subjectType, subjectId, agencyId, detail, ip, actorSearch
-- and digest) and returns how many it appended. Takes the head's lock until the transaction ends;
-- ids and the time are taken under it, so they follow the chain.
CREATE FUNCTION audit_append(entries jsonb) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  prev   text;
  at_ts  timestamptz;
  at_txt text;
  e      jsonb;
  new_id bigint;
  n      integer := 0;
BEGIN
  IF entries IS NULL OR jsonb_array_length(entries) = 0 THEN
    RETURN 0;
  END IF;
  SELECT last_hash INTO prev FROM audit_head FOR UPDATE;
  IF prev IS NULL THEN
    RAISE EXCEPTION 'audit_head has no row: migration 005_audit.sql was not applied';
  END IF;
  at_ts := clock_timestamp();
  at_txt := to_char(at_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
  FOR e IN SELECT value FROM jsonb_array_elements(entries) LOOP
    new_id := nextval('audit_log_id_seq');
    INSERT INTO audit_log (id, at, actor_kind, actor_id, actor_name, on_behalf_of_id, on_behalf_of_name, action, subject_type,
                           subject_id, agency_id, detail, ip, actor_search, prev_hash, hash, format)
    OVERRIDING SYSTEM VALUE
    VALUES (new_id, at_ts, e->>'actorKind', (e->>'actorId')::bigint, e->>'actorName', (e->>'onBehalfOfId')::bigint,
            e->>'onBehalfOfName', e->>'action', e->>'subjectType', e->>'subjectId', (e->>'agencyId')::bigint,
            COALESCE(e->'detail', '{}'), e->>'ip', COALESCE(e->>'actorSearch', ''), prev,
            encode(sha256(convert_to(prev || E'\n' || new_id || E'\n' || at_txt || E'\n' || (e->>'digest') || E'\n'
                                     || COALESCE('=' || (e->>'subjectId'), '-'), 'UTF8')), 'hex'),
            2)
    RETURNING hash INTO prev;
    n := n + 1;
  END LOOP;
  UPDATE audit_head SET last_id = new_id, last_hash = prev;
  RETURN n;
END $$;
