-- A process version is what dossiers started on follow to their end; the app reads each version
-- once and keeps it (src/modules/processes/process-versions.ts). Changing one in place would
-- change the rules of dossiers already under way, so a change is a new version, never an UPDATE.
CREATE FUNCTION process_version_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'procedure_processes: a stored version is never changed; save a new version instead'
    USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER procedure_processes_unchanged BEFORE UPDATE ON procedure_processes
  FOR EACH STATEMENT EXECUTE FUNCTION process_version_refuse_change();
