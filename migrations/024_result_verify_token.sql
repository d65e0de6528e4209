-- The token of a result's public verification is chosen when the leader signs, because the QR
-- code that leads to it is printed on the document the leader's signature covers. Issuing copies it
-- into results.verify_token.
ALTER TABLE result_drafts ADD COLUMN verify_token text UNIQUE;
