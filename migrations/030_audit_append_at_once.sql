-- audit_append (migration 027) appended a batch's entries one INSERT at a time, each a statement
-- of its own inside the function: in a batch of five receptions the audit was more than half of the
-- recording statement's time in the database (0.95 of 1.69 ms, the five inserts 0.47 of it,
-- measured with pg_stat_statements); one INSERT of the five takes 0.25 ms.
-- The chain itself is sequential, but only its hashes are: they are computed first, in a loop over
-- values, and the entries are then written by one INSERT. Same ids, time, fields and format-2
-- hashes as before; the head is still taken first and held to the commit.
CREATE OR REPLACE FUNCTION audit_append(entries jsonb) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  prev    text;
  at_ts   timestamptz;
  at_txt  text;
  n       integer := COALESCE(jsonb_array_length(entries), 0);
  ids     bigint[];
  chained text[];
  digests text[];
  subjects text[];
BEGIN
  IF n = 0 THEN
    RETURN 0;
  END IF;
  SELECT last_hash INTO prev FROM audit_head FOR UPDATE;
  IF prev IS NULL THEN
    RAISE EXCEPTION 'audit_head has no row: migration 005_audit.sql was not applied';
  END IF;
  at_ts := clock_timestamp();
  at_txt := to_char(at_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
  ids := ARRAY(SELECT nextval('audit_log_id_seq') FROM generate_series(1, n) ORDER BY 1);
  SELECT array_agg(e->>'digest' ORDER BY o), array_agg(e->>'subjectId' ORDER BY o) INTO digests, subjects
    FROM jsonb_array_elements(entries) WITH ORDINALITY AS t(e, o);
  -- chained[i] is entry i's prev_hash, chained[i + 1] its hash.
  chained := ARRAY[prev];
  FOR i IN 1..n LOOP
    prev := encode(sha256(convert_to(prev || E'\n' || ids[i] || E'\n' || at_txt || E'\n' || digests[i] || E'\n'
                                     || COALESCE('=' || subjects[i], '-'), 'UTF8')), 'hex');
    chained := chained || prev;
  END LOOP;
  INSERT INTO audit_log (id, at, actor_kind, actor_id, actor_name, on_behalf_of_id, on_behalf_of_name, action, subject_type,
                         subject_id, agency_id, detail, ip, actor_search, prev_hash, hash, format)
  OVERRIDING SYSTEM VALUE
  SELECT ids[o], at_ts, r."actorKind", r."actorId", r."actorName", r."onBehalfOfId", r."onBehalfOfName", r.action, r."subjectType",
         r."subjectId", r."agencyId", COALESCE(r.detail, '{}'), r.ip, COALESCE(r."actorSearch", ''), chained[o], chained[o + 1], 2
    FROM ROWS FROM (jsonb_to_recordset(entries) AS ("actorKind" text, "actorId" bigint, "actorName" text, "onBehalfOfId" bigint,
           "onBehalfOfName" text, action text, "subjectType" text, "subjectId" text, "agencyId" bigint, detail jsonb, ip text,
           "actorSearch" text)) WITH ORDINALITY AS r("actorKind", "actorId", "actorName", "onBehalfOfId", "onBehalfOfName", action,
           "subjectType", "subjectId", "agencyId", detail, ip, "actorSearch", o)
   ORDER BY o;
  UPDATE audit_head SET last_id = ids[n], last_hash = prev;
  RETURN n;
END $$;
