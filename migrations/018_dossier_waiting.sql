-- The agencies whose answer the current step waits for (an opinion asked, a joint task): their
-- officers find the dossier in their inbox and may read it while the answer is due.
ALTER TABLE dossiers ADD COLUMN waiting_agency_ids bigint[] NOT NULL DEFAULT '{}';
CREATE INDEX dossiers_waiting ON dossiers USING gin (waiting_agency_ids) WHERE waiting_agency_ids <> '{}';
