-- A procedure version is what dossiers received under it name their components by (a dossier
-- stores what was received of each component, in the version's order; the app reads each version's
-- names once and keeps them: src/modules/dossiers/component-names.ts). Changing or removing one would
-- rename the papers of dossiers already received, so a change is a new version, never an UPDATE.
CREATE FUNCTION procedure_version_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'procedure_versions: a stored version is never changed or removed (%); import a new version instead', TG_OP
    USING ERRCODE = 'feature_not_supported';
END $$;

CREATE TRIGGER procedure_versions_unchanged BEFORE UPDATE OR DELETE OR TRUNCATE ON procedure_versions
  FOR EACH STATEMENT EXECUTE FUNCTION procedure_version_refuse_change();
