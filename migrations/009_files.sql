-- The content-addressed file store (src/modules/files): `files` holds one row per distinct content,
-- named by its SHA-256 (the bytes live in DATA_DIR/files/ab/cd/<sha256>); `file_uploads` records each
-- time a person uploaded it, under the name they gave it. A form refers to an upload, and may refer
-- only to uploads of the person filling it (findUpload checks uploaded_by_kind and uploaded_by_id).
CREATE TABLE files (
  sha256      text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size        bigint NOT NULL CHECK (size > 0),
  media_type  text NOT NULL CHECK (media_type IN (
                'application/pdf', 'image/jpeg', 'image/png',
                'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
                'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')),
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- uploaded_by_id is a staff id or a citizen id according to uploaded_by_kind (so no foreign key).
CREATE TABLE file_uploads (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sha256            text NOT NULL REFERENCES files(sha256),
  display_name      text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 255),
  uploaded_by_kind  text NOT NULL CHECK (uploaded_by_kind IN ('staff', 'citizen')),
  uploaded_by_id    bigint NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX file_uploads_uploader ON file_uploads (uploaded_by_kind, uploaded_by_id);
CREATE INDEX file_uploads_sha256 ON file_uploads (sha256);
