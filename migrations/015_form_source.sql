-- The definition as the admin typed it (key order, spacing), shown again in the editor; jsonb
-- keeps the value but not the writing.
ALTER TABLE procedure_forms ADD COLUMN source text;
