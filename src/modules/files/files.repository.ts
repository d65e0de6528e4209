import type { Db } from '../../db/pool.ts';
import type { MediaType } from './limits.ts';
import type { StoredFile } from './store-file.ts';

/** The person an upload belongs to: a member of staff or a citizen, by their id. */
export interface Uploader {
  kind: 'staff' | 'citizen';
  id: number;
}

export interface UploadRow {
  id: number;
  sha256: string;
  size: number;
  mediaType: MediaType;
  displayName: string;
  uploadedBy: Uploader;
  createdAt: Date;
}

/** Records a stored content; the same content recorded again (by anyone) is a no-op. */
export async function insertFile(db: Db, file: Pick<StoredFile, 'sha256' | 'size' | 'mediaType'>): Promise<void> {
  await db.query('INSERT INTO files (sha256, size, media_type) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING', [
    file.sha256,
    file.size,
    file.mediaType,
  ]);
}

/** Records that `by` uploaded this content under `displayName` (call insertFile first, in the same transaction); returns the upload id. */
export async function insertUpload(db: Db, upload: { sha256: string; displayName: string; by: Uploader }): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO file_uploads (sha256, display_name, uploaded_by_kind, uploaded_by_id) VALUES ($1, $2, $3, $4) RETURNING id`,
    [upload.sha256, upload.displayName, upload.by.kind, upload.by.id],
  );
  return rows[0]!.id;
}

/**
 * The upload `id` if, and only if, `person` made it; undefined otherwise, so someone else's
 * upload and a missing one look the same (a form cannot learn of, or attach, another person's file).
 */
export async function findUpload(db: Db, id: number, person: Uploader): Promise<UploadRow | undefined> {
  const { rows } = await db.query<UploadRow & { kind: 'staff' | 'citizen'; uploaderId: number }>(
    `SELECT u.id, u.sha256, f.size, f.media_type AS "mediaType", u.display_name AS "displayName",
            u.uploaded_by_kind AS kind, u.uploaded_by_id AS "uploaderId", u.created_at AS "createdAt"
       FROM file_uploads u JOIN files f USING (sha256)
      WHERE u.id = $1 AND u.uploaded_by_kind = $2 AND u.uploaded_by_id = $3`,
    [id, person.kind, person.id],
  );
  const row = rows[0];
  if (!row) return undefined;
  const { kind, uploaderId, ...upload } = row;
  return { ...upload, uploadedBy: { kind, id: uploaderId } };
}
