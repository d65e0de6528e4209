-- A process version is what dossiers started on follow to their end; the app reads each version
-- once and keeps it (src/modules/processes/process-versions.ts). Changing or removing one would
-- change the rules of dossiers already under way (and a number used again would name other rules),
-- so a change is a new version, never an UPDATE, and versions are never deleted.
CREATE FUNCTION process_version_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'procedure_processes: a stored version is never changed or removed (%); save a new version instead', TG_OP
    USING ERRCODE = 'feature_not_supported';
END $$;

CREATE TRIGGER procedure_processes_unchanged BEFORE UPDATE OR DELETE OR TRUNCATE ON procedure_processes
  FOR EACH STATEMENT EXECUTE FUNCTION process_version_refuse_change();
