-- Online dossiers: the citizen who submitted, the 8-working-hour acceptance limit (Decree 118
-- Art. 17), and one-time submission keys so that a double click or a retry makes one dossier.
ALTER TABLE dossiers
  ADD COLUMN citizen_id bigint REFERENCES citizens(id),
  ADD COLUMN accept_by timestamptz;
CREATE INDEX dossiers_citizen ON dossiers (citizen_id) WHERE citizen_id IS NOT NULL;

CREATE TABLE submission_keys (
  key           text PRIMARY KEY,
  citizen_id    bigint NOT NULL REFERENCES citizens(id),
  dossier_code  text NOT NULL REFERENCES dossiers(code),
  created_at    timestamptz NOT NULL DEFAULT now()
);
