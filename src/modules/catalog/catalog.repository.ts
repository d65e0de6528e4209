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
  await db.query('INSERT INTO procedure_versions (code, version, content_hash, doc, source) VALUES ($1, $2, $3, $4, $5)', [
    procedure.code,
    version,
    contentHash,
    procedure,
    source,
  ]);
  await forgetStoredPages(db, procedure.code);
}

export async function linkAgencies(db: Db, code: string, agencyIds: number[]): Promise<void> {
  if (!agencyIds.length) return;
  const added = await db.query(
    `INSERT INTO procedure_agencies (procedure_code, agency_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`,
    [code, agencyIds],
  );
  if (added.rowCount) await forgetStoredPages(db, code);
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
  /** The day it was imported, in Vietnam, as YYYY-MM-DD. */
  importedOn: string;
  source: string;
}

const versionsJson = `COALESCE((SELECT json_agg(json_build_object('version', v.version, 'source', v.source,
    'importedOn', to_char(v.imported_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')) ORDER BY v.version DESC)
    FROM procedure_versions v WHERE v.code = p.code), '[]')`;

const agenciesJson = `COALESCE((SELECT json_agg(json_build_object('id', a.id, 'code', a.code, 'name', a.name) ORDER BY a.id)
    FROM procedure_agencies pa JOIN agencies a ON a.id = pa.agency_id
    WHERE pa.procedure_code = p.code AND (a.valid_to IS NULL OR a.valid_to >= CURRENT_DATE)), '[]')`;

export async function listVersions(db: Db, code: string): Promise<VersionSummary[]> {
  const { rows } = await db.query<{ versions: VersionSummary[] }>(
    `SELECT ${versionsJson} AS versions FROM procedures p WHERE p.code = $1`,
    [code],
  );
  return rows[0]?.versions ?? [];
}

export interface ProcedureView {
  procedure: Procedure;
  version: number;
  versions: VersionSummary[];
  agencies: AgencyRef[];
}

/** Everything the procedure page shows, in one round trip. */
export async function findProcedureView(db: Db, code: string): Promise<ProcedureView | undefined> {
  const { rows } = await db.query<ProcedureView>(
    `SELECT p.doc AS procedure, p.version, ${versionsJson} AS versions, ${agenciesJson} AS agencies FROM procedures p WHERE p.code = $1`,
    [code],
  );
  return rows[0];
}

/** The name and heading (group) of each component of a procedure version, in its order (undefined: no such version). */
export async function findVersionComponentHeads(
  db: Db,
  code: string,
  version: number,
): Promise<Array<{ name: string; group: string }> | undefined> {
  const { rows } = await db.query<{ heads: Array<{ name: string; group: string }> }>(
    `SELECT COALESCE((SELECT jsonb_agg(jsonb_build_object('name', c->>'name', 'group', COALESCE(c->>'group', '')) ORDER BY i)
                        FROM jsonb_array_elements(doc->'components') WITH ORDINALITY AS e(c, i)), '[]') AS heads
       FROM procedure_versions WHERE code = $1 AND version = $2`,
    [code, version],
  );
  return rows[0]?.heads;
}

export async function findVersion(db: Db, code: string, version: number): Promise<Procedure | undefined> {
  const { rows } = await db.query<{ doc: Procedure }>('SELECT doc FROM procedure_versions WHERE code = $1 AND version = $2', [
    code,
    version,
  ]);
  return rows[0]?.doc;
}

export interface AgencyRef {
  id: number;
  code: string | null;
  name: string;
}

export async function agenciesOfProcedure(db: Db, code: string): Promise<AgencyRef[]> {
  const { rows } = await db.query<{ agencies: AgencyRef[] }>(`SELECT ${agenciesJson} AS agencies FROM procedures p WHERE p.code = $1`, [
    code,
  ]);
  return rows[0]?.agencies ?? [];
}

// Stored pages (procedure_pages): see procedure-pages.ts.

export async function findStoredPage(db: Db, code: string, renderVersion: string): Promise<{ etag: string; br: Buffer } | undefined> {
  const { rows } = await db.query<{ etag: string; br: Buffer }>(
    'SELECT etag, br FROM procedure_pages WHERE code = $1 AND render_version = $2',
    [code, renderVersion],
  );
  return rows[0];
}

export async function storePage(db: Db, code: string, renderVersion: string, etag: string, br: Buffer): Promise<void> {
  await db.query(
    `INSERT INTO procedure_pages (code, render_version, etag, br) VALUES ($1, $2, $3, $4)
     ON CONFLICT (code) DO UPDATE SET render_version = $2, etag = $3, br = $4, rendered_at = now()`,
    [code, renderVersion, etag, br],
  );
}

/** Forgets the stored pages of `code`, or of every procedure (when agencies change). */
export async function forgetStoredPages(db: Db, code?: string): Promise<void> {
  if (code) await db.query('DELETE FROM procedure_pages WHERE code = $1', [code]);
  else await db.query('DELETE FROM procedure_pages');
}

export async function codesWithoutStoredPage(db: Db, renderVersion: string, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ code: string }>(
    `SELECT p.code FROM procedures p LEFT JOIN procedure_pages s ON s.code = p.code AND s.render_version = $1
      WHERE s.code IS NULL ORDER BY p.code LIMIT $2`,
    [renderVersion, limit],
  );
  return rows.map((r) => r.code);
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

export async function countProcedures(db: Db): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM procedures');
  return rows[0]!.n;
}
