-- The token of a result's public verification is chosen when the leader signs, because the QR
-- code that leads to it is printed on the document the leader's signature covers. Issuing copies it
-- into results.verify_token.
ALTER TABLE result_drafts ADD COLUMN verify_token text UNIQUE;

-- The owner of a result (the applicant's personal ID number): their e-data store lists it, whoever
-- submitted the dossier (a representative, the desk at the counter). Empty when none was given.
ALTER TABLE results ADD COLUMN owner_id_number text NOT NULL DEFAULT '';
CREATE INDEX results_owner ON results (owner_id_number) WHERE owner_id_number <> '';
