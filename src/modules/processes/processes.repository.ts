import type { Db } from '../../db/pool.ts';
import type { ProcessDefinition } from './process-definition.ts';

/** SQL of internal processes: versions are appended, never changed; agency NULL is the province's default. */

export interface StoredProcess {
  id: number;
  procedureCode: string;
  /** The agency whose own variant this is; null for the province's default. */
  agencyId: number | null;
  version: number;
  definition: ProcessDefinition;
}

const columns = `p.id, p.procedure_code AS "procedureCode", p.agency_id AS "agencyId", p.version, p.definition`;

/** The newest version of one variant (the default when `agencyId` is null), with the text its admin typed. */
export async function findCurrentProcess(
  db: Db,
  procedureCode: string,
  agencyId: number | null,
): Promise<(StoredProcess & { source: string | null }) | undefined> {
  const { rows } = await db.query<StoredProcess & { source: string | null }>(
    `SELECT ${columns}, p.source FROM procedure_processes p
     WHERE p.procedure_code = $1 AND p.agency_id IS NOT DISTINCT FROM $2 ORDER BY p.version DESC LIMIT 1`,
    [procedureCode, agencyId],
  );
  return rows[0];
}

/**
 * The process a dossier received by `receivingAgencyId` starts on: the newest
 * version of the variant of that agency or, failing that, of the nearest agency
 * above it (a unit's dossiers follow its agency's variant); else the province's default.
 */
export async function findProcessFor(db: Db, procedureCode: string, receivingAgencyId: number): Promise<StoredProcess | undefined> {
  const { rows } = await db.query<StoredProcess>(
    `WITH RECURSIVE up (id, depth) AS (
       SELECT $2::bigint, 0
       UNION ALL
       SELECT a.parent_id, up.depth + 1 FROM up JOIN agencies a ON a.id = up.id WHERE a.parent_id IS NOT NULL AND up.depth < 20
     )
     SELECT ${columns} FROM procedure_processes p LEFT JOIN up ON up.id = p.agency_id
     WHERE p.procedure_code = $1 AND (p.agency_id IS NULL OR up.id IS NOT NULL)
     ORDER BY up.depth NULLS LAST, p.version DESC LIMIT 1`,
    [procedureCode, receivingAgencyId],
  );
  return rows[0];
}

/** A given version of a variant: the one a dossier started with. */
export async function findProcessVersion(
  db: Db,
  procedureCode: string,
  agencyId: number | null,
  version: number,
): Promise<StoredProcess | undefined> {
  const { rows } = await db.query<StoredProcess>(
    `SELECT ${columns} FROM procedure_processes p
     WHERE p.procedure_code = $1 AND p.agency_id IS NOT DISTINCT FROM $2 AND p.version = $3`,
    [procedureCode, agencyId, version],
  );
  return rows[0];
}

export interface ProcessVersionRow {
  version: number;
  createdAt: Date;
  createdBy: string | null;
}

export async function listProcessVersions(db: Db, procedureCode: string, agencyId: number | null): Promise<ProcessVersionRow[]> {
  const { rows } = await db.query<ProcessVersionRow>(
    `SELECT p.version, p.created_at AS "createdAt", s.full_name AS "createdBy"
     FROM procedure_processes p LEFT JOIN staff s ON s.id = p.created_by
     WHERE p.procedure_code = $1 AND p.agency_id IS NOT DISTINCT FROM $2 ORDER BY p.version DESC`,
    [procedureCode, agencyId],
  );
  return rows;
}

export interface ProcessListRow {
  procedureCode: string;
  procedureName: string;
  agencyId: number | null;
  agencyCode: string | null;
  agencyName: string | null;
  version: number;
  createdAt: Date;
}

/** Every variant that has a process (default first, then agencies by code), with its newest version, in procedure code order. */
export async function listProcesses(db: Db): Promise<ProcessListRow[]> {
  const { rows } = await db.query<ProcessListRow>(
    `SELECT DISTINCT ON (p.procedure_code, a.code) p.procedure_code AS "procedureCode", pr.name AS "procedureName",
            p.agency_id AS "agencyId", a.code AS "agencyCode", a.name AS "agencyName", p.version, p.created_at AS "createdAt"
     FROM procedure_processes p JOIN procedures pr ON pr.code = p.procedure_code LEFT JOIN agencies a ON a.id = p.agency_id
     ORDER BY p.procedure_code, a.code NULLS FIRST, p.version DESC`,
  );
  return rows;
}

/**
 * Appends the next version of a variant; `expected` is the version the editor
 * started from (0 for a first process), so two admins saving at once cannot
 * both win. Returns the new version, or undefined when someone saved first.
 */
export async function insertProcessVersion(
  db: Db,
  procedureCode: string,
  agencyId: number | null,
  expected: number,
  definition: ProcessDefinition,
  createdBy: number | null,
  source: string | null = null,
): Promise<number | undefined> {
  const { rows } = await db.query<{ version: number }>(
    `INSERT INTO procedure_processes (procedure_code, agency_id, version, definition, created_by, source)
     SELECT $1, $2::bigint, $3 + 1, $4, $5, $6
     WHERE COALESCE((SELECT max(version) FROM procedure_processes
                     WHERE procedure_code = $1 AND agency_id IS NOT DISTINCT FROM $2), 0) = $3
     ON CONFLICT DO NOTHING
     RETURNING version`,
    [procedureCode, agencyId, expected, JSON.stringify(definition), createdBy, source],
  );
  return rows[0]?.version;
}
