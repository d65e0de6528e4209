import type { Db } from '../../db/pool.ts';
import { fold } from '../../lib/vietnamese.ts';
import type { Procedure } from './procedure.schema.ts';

/** SQL for the procedure catalogue. */

export interface StoredVersion {
  version: number;
  contentHash: string;
}

export async function currentVersion(db: Db, code: string): Promise<StoredVersion | undefined> {
  const { rows } = await db.query<{ version: number; content_hash: string }>(
    `SELECT v.version, v.content_hash FROM procedures p JOIN procedure_versions v ON v.code = p.code AND v.version = p.version
      WHERE p.code = $1`,
    [code],
  );
  return rows[0] && { version: rows[0].version, contentHash: rows[0].content_hash };
}

/** What search reads: folded name, code and field as words. */
export function searchText(p: Procedure): { name: string; doc: string } {
  const name = fold(p.name);
  return { name, doc: [name, fold(p.field), p.code].join(' ') };
}

/** Stores `procedure` as version `version` and makes it the current one. */
export async function saveVersion(db: Db, procedure: Procedure, version: number, contentHash: string, source: string): Promise<void> {
  const search = searchText(procedure);
  await db.query(
    `INSERT INTO procedures (code, version, name, field, levels, online_level, search_name, search_doc, doc)
     VALUES ($1, $2, $3, $4, $5, $6, $7, to_tsvector('simple', $8), $9)
     ON CONFLICT (code) DO UPDATE SET version = EXCLUDED.version, name = EXCLUDED.name, field = EXCLUDED.field,
       levels = EXCLUDED.levels, online_level = EXCLUDED.online_level, search_name = EXCLUDED.search_name,
       search_doc = EXCLUDED.search_doc, doc = EXCLUDED.doc, updated_at = now()`,
    [procedure.code, version, procedure.name, procedure.field, procedure.levels, procedure.onlineLevel, search.name, search.doc, procedure],
  );
  await db.query(
    'INSERT INTO procedure_versions (code, version, content_hash, doc, source) VALUES ($1, $2, $3, $4, $5)',
    [procedure.code, version, contentHash, procedure, source],
  );
}

export async function linkAgencies(db: Db, code: string, agencyIds: number[]): Promise<void> {
  if (!agencyIds.length) return;
  await db.query(
    `INSERT INTO procedure_agencies (procedure_code, agency_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`,
    [code, agencyIds],
  );
}

export async function findProcedure(db: Db, code: string): Promise<{ procedure: Procedure; version: number; updatedAt: Date } | undefined> {
  const { rows } = await db.query<{ doc: Procedure; version: number; updated_at: Date }>(
    'SELECT doc, version, updated_at FROM procedures WHERE code = $1',
    [code],
  );
  return rows[0] && { procedure: rows[0].doc, version: rows[0].version, updatedAt: rows[0].updated_at };
}

export interface VersionSummary {
  version: number;
  importedAt: Date;
  source: string;
}

export async function listVersions(db: Db, code: string): Promise<VersionSummary[]> {
  const { rows } = await db.query<{ version: number; imported_at: Date; source: string }>(
    'SELECT version, imported_at, source FROM procedure_versions WHERE code = $1 ORDER BY version DESC',
    [code],
  );
  return rows.map((r) => ({ version: r.version, importedAt: r.imported_at, source: r.source }));
}

export async function findVersion(db: Db, code: string, version: number): Promise<Procedure | undefined> {
  const { rows } = await db.query<{ doc: Procedure }>('SELECT doc FROM procedure_versions WHERE code = $1 AND version = $2', [code, version]);
  return rows[0]?.doc;
}

export interface AgencyRef {
  id: number;
  code: string | null;
  name: string;
}

export async function agenciesOfProcedure(db: Db, code: string): Promise<AgencyRef[]> {
  const { rows } = await db.query<AgencyRef>(
    `SELECT a.id, a.code, a.name FROM procedure_agencies pa JOIN agencies a ON a.id = pa.agency_id
      WHERE pa.procedure_code = $1 AND (a.valid_to IS NULL OR a.valid_to >= CURRENT_DATE)`,
    [code],
  );
  return rows;
}

export async function listProceduresOfAgency(db: Db, agencyId: number): Promise<Array<{ code: string; name: string }>> {
  const { rows } = await db.query<{ code: string; name: string }>(
    `SELECT p.code, p.name FROM procedure_agencies pa JOIN procedures p ON p.code = pa.procedure_code
      WHERE pa.agency_id = $1`,
    [agencyId],
  );
  return rows;
}

/** The values the search filters offer, with how many procedures have each. */
export async function filterFacets(db: Db): Promise<{ fields: Array<{ value: string; count: number }>; agencies: AgencyRef[] }> {
  const fields = await db.query<{ value: string; count: number }>(
    `SELECT field AS value, count(*) AS count FROM procedures WHERE field <> '' GROUP BY field`,
  );
  const agencies = await db.query<AgencyRef>(
    `SELECT DISTINCT a.id, a.code, a.name FROM procedure_agencies pa JOIN agencies a ON a.id = pa.agency_id
      WHERE a.valid_to IS NULL OR a.valid_to >= CURRENT_DATE`,
  );
  return { fields: fields.rows, agencies: agencies.rows };
}
