import type { Db } from '../../db/pool.ts';
import type { AttachedFile } from '../files/receive-uploads.ts';
import type { Answers } from '../forms/answers.ts';

/** SQL of citizens' unfinished online dossiers: one draft per citizen and procedure. */

export interface DraftContent {
  answers: Answers;
  /** The page's own fields: agency, contact, result delivery. */
  contact: Record<string, string>;
  /** Files already uploaded, by component field (`file-0`, ...). */
  files: Record<string, AttachedFile[]>;
}

export interface DraftRow {
  procedureCode: string;
  procedureName: string;
  formVersion: number | null;
  content: DraftContent;
  savedAt: Date;
}

const columns = `d.procedure_code AS "procedureCode", p.name AS "procedureName", d.form_version AS "formVersion",
                 d.content, d.saved_at AS "savedAt"`;

export async function findDraft(db: Db, citizenId: number, procedureCode: string): Promise<DraftRow | undefined> {
  const { rows } = await db.query<DraftRow>(
    `SELECT ${columns} FROM dossier_drafts d JOIN procedures p ON p.code = d.procedure_code
     WHERE d.citizen_id = $1 AND d.procedure_code = $2`,
    [citizenId, procedureCode],
  );
  return rows[0];
}

export async function listDrafts(db: Db, citizenId: number): Promise<DraftRow[]> {
  const { rows } = await db.query<DraftRow>(
    `SELECT ${columns} FROM dossier_drafts d JOIN procedures p ON p.code = d.procedure_code
     WHERE d.citizen_id = $1 ORDER BY d.saved_at DESC`,
    [citizenId],
  );
  return rows;
}

export async function saveDraft(
  db: Db,
  citizenId: number,
  procedureCode: string,
  formVersion: number | null,
  content: DraftContent,
): Promise<Date> {
  const { rows } = await db.query<{ savedAt: Date }>(
    `INSERT INTO dossier_drafts (citizen_id, procedure_code, form_version, content) VALUES ($1, $2, $3, $4)
     ON CONFLICT (citizen_id, procedure_code) DO UPDATE
       SET form_version = EXCLUDED.form_version, content = EXCLUDED.content, saved_at = now()
     RETURNING saved_at AS "savedAt"`,
    [citizenId, procedureCode, formVersion, JSON.stringify(content)],
  );
  return rows[0]!.savedAt;
}

export async function deleteDraft(db: Db, citizenId: number, procedureCode: string): Promise<void> {
  await db.query('DELETE FROM dossier_drafts WHERE citizen_id = $1 AND procedure_code = $2', [citizenId, procedureCode]);
}
