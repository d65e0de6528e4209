-- Inbox pages are kept in memory while nothing they show has changed. A sequence (lock-free, not
-- rolled back, never waited on at commit, unlike NOTIFY) moves on every change of what an inbox
-- lists; an app reads it before building a page and keeps the page only under that value. The
-- triggers are deferred to the commit, so that a page read between a change and its commit (and
-- kept under the value before the move) is as short-lived as possible; the app's 5 s expiry covers
-- the rest. The revision counts: the page carries it (assignment of several dossiers).
CREATE SEQUENCE dossier_inbox_changes;

CREATE FUNCTION note_inbox_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('dossier_inbox_changes');
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER dossiers_inbox_insert AFTER INSERT ON dossiers DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (NEW.current_step IS NOT NULL OR NEW.waiting_agency_ids <> '{}')
  EXECUTE FUNCTION note_inbox_change();

CREATE CONSTRAINT TRIGGER dossiers_inbox_update AFTER UPDATE ON dossiers DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.revision IS DISTINCT FROM NEW.revision OR OLD.status IS DISTINCT FROM NEW.status OR OLD.current_step IS DISTINCT FROM NEW.current_step
        OR OLD.step_agency_id IS DISTINCT FROM NEW.step_agency_id OR OLD.step_role IS DISTINCT FROM NEW.step_role
        OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id OR OLD.step_due_at IS DISTINCT FROM NEW.step_due_at
        OR OLD.due_at IS DISTINCT FROM NEW.due_at OR OLD.waiting_agency_ids IS DISTINCT FROM NEW.waiting_agency_ids
        OR OLD.applicant IS DISTINCT FROM NEW.applicant)
  EXECUTE FUNCTION note_inbox_change();
