import type { Db } from '../../db/pool.ts';
import type { ResultDocument } from './result-document.ts';

/** SQL of result drafts and issued results. */

export interface DraftRow {
  id: number;
  version: number;
  content: ResultDocument | null;
  sha256: string;
  comment: string;
  createdBy: string;
  createdAt: Date;
}

export async function listDrafts(db: Db, dossierId: number): Promise<DraftRow[]> {
  const { rows } = await db.query<DraftRow>(
    `SELECT r.id, r.version, r.content, r.sha256, r.comment, s.full_name AS "createdBy", r.created_at AS "createdAt"
       FROM result_drafts r JOIN staff s ON s.id = r.created_by WHERE r.dossier_id = $1 ORDER BY r.version DESC`,
    [dossierId],
  );
  return rows;
}

/** Appends the next version of the dossier's draft; returns its version. */
export async function insertDraft(
  db: Db,
  d: { dossierId: number; content: ResultDocument | null; sha256: string; comment: string; createdBy: number },
): Promise<number> {
  const { rows } = await db.query<{ version: number }>(
    `INSERT INTO result_drafts (dossier_id, version, content, sha256, comment, created_by)
     SELECT $1, COALESCE(max(version), 0) + 1, $2, $3, $4, $5 FROM result_drafts WHERE dossier_id = $1
     RETURNING version`,
    [d.dossierId, d.content === null ? null : JSON.stringify(d.content), d.sha256, d.comment, d.createdBy],
  );
  return rows[0]!.version;
}

export async function findDraft(db: Db, dossierId: number, version: number): Promise<DraftRow | undefined> {
  const { rows } = await db.query<DraftRow>(
    `SELECT r.id, r.version, r.content, r.sha256, r.comment, s.full_name AS "createdBy", r.created_at AS "createdAt"
       FROM result_drafts r JOIN staff s ON s.id = r.created_by WHERE r.dossier_id = $1 AND r.version = $2`,
    [dossierId, version],
  );
  return rows[0];
}
