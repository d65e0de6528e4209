-- Only what the public lookup shows is announced: the status (which every change of what is
-- awaited from the applicant comes with), the reception time and the due date. Processing
-- actions that change none of these (claim, assign, a step finished within the same status) no
-- longer take NOTIFY's lock at commit.
DROP TRIGGER dossiers_notify_change ON dossiers;
CREATE TRIGGER dossiers_notify_change AFTER UPDATE ON dossiers FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.received_at IS DISTINCT FROM NEW.received_at
        OR OLD.due_at IS DISTINCT FROM NEW.due_at)
  EXECUTE FUNCTION notify_dossier_changed();
