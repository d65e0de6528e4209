-- Every process keeps the public status of looked-up dossiers in memory until the dossier
-- changes: a change of status (or of revision, which every action moves) is announced on the
-- channel 'dossier_changed' with the dossier's code, delivered to listeners when it commits.
-- The code's own change at reception (provisional to final) is not announced: nobody can have
-- looked up a code that did not exist, and NOTIFY serialises commits.
CREATE FUNCTION notify_dossier_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('dossier_changed', NEW.code);
  RETURN NULL;
END $$;

CREATE TRIGGER dossiers_notify_change AFTER UPDATE ON dossiers FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.revision IS DISTINCT FROM NEW.revision)
  EXECUTE FUNCTION notify_dossier_changed();
