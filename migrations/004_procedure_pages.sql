-- Public procedure pages rendered once and stored compressed, shared by every app process, so that
-- a catalogue of 10,000 procedures serves cold pages at the cost of one lookup. A row is deleted
-- when what it shows changes (the procedure, its agencies); render_version names the code that
-- rendered it, so a new release re-renders instead of serving an old layout.
CREATE TABLE procedure_pages (
  code            text PRIMARY KEY REFERENCES procedures(code) ON DELETE CASCADE,
  render_version  text NOT NULL,
  etag            text NOT NULL,
  br              bytea NOT NULL,
  rendered_at     timestamptz NOT NULL DEFAULT now()
);
