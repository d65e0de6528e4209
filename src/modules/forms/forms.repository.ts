import type { Db } from '../../db/pool.ts';
import type { FormDefinition, StoredForm } from './form-definition.ts';

/** SQL of e-form definitions: versions are appended, never changed. */

/** The form in force, with the text its admin typed (null for forms not typed in the editor). */
export async function findCurrentForm(db: Db, procedureCode: string): Promise<(StoredForm & { source: string | null }) | undefined> {
  const { rows } = await db.query<StoredForm & { source: string | null }>(
    `SELECT procedure_code AS "procedureCode", version, definition, source FROM procedure_forms
     WHERE procedure_code = $1 ORDER BY version DESC LIMIT 1`,
    [procedureCode],
  );
  return rows[0];
}

export async function findFormVersion(db: Db, procedureCode: string, version: number): Promise<StoredForm | undefined> {
  const { rows } = await db.query<StoredForm>(
    `SELECT procedure_code AS "procedureCode", version, definition FROM procedure_forms WHERE procedure_code = $1 AND version = $2`,
    [procedureCode, version],
  );
  return rows[0];
}

export interface FormVersionRow {
  version: number;
  createdAt: Date;
  createdBy: string | null;
}

export async function listFormVersions(db: Db, procedureCode: string): Promise<FormVersionRow[]> {
  const { rows } = await db.query<FormVersionRow>(
    `SELECT f.version, f.created_at AS "createdAt", s.full_name AS "createdBy"
     FROM procedure_forms f LEFT JOIN staff s ON s.id = f.created_by
     WHERE f.procedure_code = $1 ORDER BY f.version DESC`,
    [procedureCode],
  );
  return rows;
}

/** The procedures that have a form, with their current version, in code order. */
export async function listForms(
  db: Db,
): Promise<Array<{ procedureCode: string; procedureName: string; version: number; createdAt: Date }>> {
  const { rows } = await db.query(
    `SELECT DISTINCT ON (f.procedure_code) f.procedure_code AS "procedureCode", p.name AS "procedureName", f.version,
            f.created_at AS "createdAt"
     FROM procedure_forms f JOIN procedures p ON p.code = f.procedure_code
     ORDER BY f.procedure_code, f.version DESC`,
  );
  return rows;
}

/**
 * Appends the next version; `expected` is the version the editor started from
 * (0 for a first form), so two admins saving at once cannot both win.
 */
export async function insertFormVersion(
  db: Db,
  procedureCode: string,
  expected: number,
  definition: FormDefinition,
  createdBy: number | null,
  source: string | null = null,
): Promise<number | undefined> {
  const { rows } = await db.query<{ version: number }>(
    `INSERT INTO procedure_forms (procedure_code, version, definition, created_by, source)
     SELECT $1, $2 + 1, $3, $4, $5
     WHERE COALESCE((SELECT max(version) FROM procedure_forms WHERE procedure_code = $1), 0) = $2
     ON CONFLICT DO NOTHING
     RETURNING version`,
    [procedureCode, expected, JSON.stringify(definition), createdBy, source],
  );
  return rows[0]?.version;
}
