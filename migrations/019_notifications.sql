-- Notices to staff (deadline alerts): one row per person, dossier, kind and deadline, so a sweep
-- that runs twice (two processes, a retry after a crash) never tells anyone twice.
CREATE TABLE notifications (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  staff_id     bigint NOT NULL REFERENCES staff(id),
  dossier_code text NOT NULL REFERENCES dossiers(code),
  kind         text NOT NULL CHECK (kind IN ('near_due', 'overdue', 'closed_unanswered')),
  deadline     timestamptz NOT NULL,
  message      text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  read_at      timestamptz,
  UNIQUE (staff_id, dossier_code, kind, deadline)
);
CREATE INDEX notifications_unread ON notifications (staff_id, created_at DESC) WHERE read_at IS NULL;
