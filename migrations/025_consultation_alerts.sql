-- Alerts for opinions asked of another agency (consultations): near their answer's deadline to the
-- consulted agency's staff who may answer, once overdue also to the officer who asked. Each is
-- sent once per person, consultation (the log entry that asked) and kind, whatever its deadline:
-- the step alerts stay unique per person, dossier, kind and deadline.
ALTER TABLE notifications ADD COLUMN consultation_id bigint REFERENCES dossier_actions(id);
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
  CHECK (kind IN ('near_due', 'overdue', 'closed_unanswered', 'consultation_near_due', 'consultation_overdue'));
ALTER TABLE notifications ADD CONSTRAINT notifications_consultation_kind
  CHECK ((consultation_id IS NOT NULL) = (kind IN ('consultation_near_due', 'consultation_overdue')));
ALTER TABLE notifications DROP CONSTRAINT notifications_staff_id_dossier_code_kind_deadline_key;
CREATE UNIQUE INDEX notifications_once ON notifications (staff_id, dossier_code, kind, deadline) WHERE consultation_id IS NULL;
CREATE UNIQUE INDEX notifications_once_per_consultation ON notifications (consultation_id, kind, staff_id) WHERE consultation_id IS NOT NULL;
