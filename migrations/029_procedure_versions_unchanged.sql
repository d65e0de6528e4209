-- A procedure version is what dossiers received under it name their components by (a dossier
-- stores what was received of each component, in the version's order; the app reads each version's
-- names once and keeps them: src/modules/dossiers/component-names.ts). Changing or removing one would
-- rename the papers of dossiers already received, so a change is a new version, never an UPDATE.
-- One guard serves every table of versions: process versions (028) move to it too.
CREATE FUNCTION version_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%: a stored version is never changed or removed (%); save a new version instead', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'feature_not_supported';
END $$;

CREATE TRIGGER procedure_versions_unchanged BEFORE UPDATE OR DELETE OR TRUNCATE ON procedure_versions
  FOR EACH STATEMENT EXECUTE FUNCTION version_refuse_change();

DROP TRIGGER procedure_processes_unchanged ON procedure_processes;
CREATE TRIGGER procedure_processes_unchanged BEFORE UPDATE OR DELETE OR TRUNCATE ON procedure_processes
  FOR EACH STATEMENT EXECUTE FUNCTION version_refuse_change();
DROP FUNCTION process_version_refuse_change();
