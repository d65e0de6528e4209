-- The leader's signature on a draft: the signed PDF (the draft's final form, without number),
-- who signed and when. Issuing then adds the organisation's signature and the number (results).
ALTER TABLE result_drafts
  ADD COLUMN signed_sha256 text REFERENCES files(sha256),
  ADD COLUMN signed_by bigint REFERENCES staff(id),
  ADD COLUMN signed_at timestamptz;
