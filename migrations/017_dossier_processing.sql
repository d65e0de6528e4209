-- Processing: the process version a dossier follows (kept for its whole life), the step it is at,
-- who handles that step and until when. All of it is a cache of the dossier's action log, written
-- in the transaction of each action; `step_agency_id` and `step_role` (the step's responsibility,
-- resolved) let an inbox find the dossiers a unit and role must handle with one index.
ALTER TABLE dossiers
  ADD COLUMN process_agency_id bigint REFERENCES agencies(id),
  ADD COLUMN process_version integer,
  ADD COLUMN current_step text,
  ADD COLUMN step_agency_id bigint REFERENCES agencies(id),
  ADD COLUMN step_role text,
  ADD COLUMN assignee_id bigint REFERENCES staff(id),
  ADD COLUMN step_due_at timestamptz;

CREATE INDEX dossiers_step ON dossiers (step_agency_id, step_role, step_due_at) WHERE current_step IS NOT NULL;
CREATE INDEX dossiers_assignee ON dossiers (assignee_id, step_due_at) WHERE assignee_id IS NOT NULL;
