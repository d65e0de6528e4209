import type { Db } from '../../db/pool.ts';
import { fold } from '../../lib/vietnamese.ts';
import type { Agency, AgencyInput, AgencyKind } from './agency.schema.ts';

/** SQL for agencies and units. Nothing here decides; it reads and writes rows. */

interface Row {
  id: number;
  code: string | null;
  name: string;
  kind: AgencyKind;
  parent_code: string | null;
  address: string;
  phone: string;
  email: string;
  valid_from: string;
  valid_to: string | null;
  in_force: boolean;
  revision: number;
  successor_codes: string[];
}

const select = `
  SELECT a.id, a.code, a.name, a.kind, p.code AS parent_code, a.address, a.phone, a.email,
         a.valid_from, a.valid_to, (a.valid_to IS NULL OR a.valid_to >= CURRENT_DATE) AS in_force, a.revision,
         COALESCE((SELECT array_agg(s.code ORDER BY s.code) FROM agency_successions x JOIN agencies s ON s.id = x.successor_id
                   WHERE x.predecessor_id = a.id), '{}') AS successor_codes,
         a.parent_id
    FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id`;

function toAgency(r: Row): Agency {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    parentCode: r.parent_code,
    address: r.address,
    phone: r.phone,
    email: r.email,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    inForce: r.in_force,
    revision: r.revision,
    successorCodes: r.successor_codes,
  };
}

export interface AgencyWithParent extends Agency {
  parentId: number | null;
}

export async function listAgencies(db: Db): Promise<AgencyWithParent[]> {
  const { rows } = await db.query<Row & { parent_id: number | null }>(`${select} ORDER BY a.id`);
  return rows.map((r) => ({ ...toAgency(r), parentId: r.parent_id }));
}

export async function findAgencyById(db: Db, id: number): Promise<AgencyWithParent | undefined> {
  const { rows } = await db.query<Row & { parent_id: number | null }>(`${select} WHERE a.id = $1`, [id]);
  return rows[0] && { ...toAgency(rows[0]), parentId: rows[0].parent_id };
}

export async function findAgencyByCode(db: Db, code: string): Promise<AgencyWithParent | undefined> {
  const { rows } = await db.query<Row & { parent_id: number | null }>(`${select} WHERE a.code = $1`, [code.toUpperCase()]);
  return rows[0] && { ...toAgency(rows[0]), parentId: rows[0].parent_id };
}

/** A unit without code is known by its parent and its folded name. */
export async function findUnit(db: Db, parentId: number, name: string): Promise<AgencyWithParent | undefined> {
  const { rows } = await db.query<Row & { parent_id: number | null }>(
    `${select} WHERE a.parent_id = $1 AND a.name_key = $2 AND a.code IS NULL ORDER BY a.valid_to DESC NULLS FIRST LIMIT 1`,
    [parentId, fold(name)],
  );
  return rows[0] && { ...toAgency(rows[0]), parentId: rows[0].parent_id };
}

/** The agency in force (other than `exceptId`) that already bears this name, if any. */
export async function findNameClash(db: Db, name: string, kind: AgencyKind, parentId: number | null, exceptId: number | null) {
  const { rows } = await db.query<{ id: number; name: string }>(
    `SELECT id, name FROM agencies
      WHERE name_key = $1 AND valid_to IS NULL AND id <> COALESCE($2, -1)
        AND (CASE WHEN $3 = 'unit' THEN kind = 'unit' AND parent_id IS NOT DISTINCT FROM $4 ELSE kind <> 'unit' END)`,
    [fold(name), exceptId, kind, parentId],
  );
  return rows[0];
}

export interface AgencyRow {
  code: string | null;
  name: string;
  kind: AgencyKind;
  parentId: number | null;
  address: string;
  phone: string;
  email: string;
  validFrom?: string | undefined;
  validTo: string | null;
}

function values(a: AgencyRow) {
  return [
    a.code?.toUpperCase() ?? null,
    a.name,
    fold(a.name),
    a.kind,
    a.parentId,
    a.address,
    a.phone,
    a.email,
    a.validFrom ?? null,
    a.validTo,
  ];
}

export async function insertAgency(db: Db, a: AgencyRow): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO agencies (code, name, name_key, kind, parent_id, address, phone, email, valid_from, valid_to)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, COALESCE($9::date, CURRENT_DATE), $10) RETURNING id`,
    values(a),
  );
  return rows[0]!.id;
}

/** Updates when the stored revision is still `revision`; returns false when someone saved first. */
export async function updateAgency(db: Db, id: number, revision: number | null, a: AgencyRow): Promise<boolean> {
  const result = await db.query(
    `UPDATE agencies SET code = $1, name = $2, name_key = $3, kind = $4, parent_id = $5, address = $6, phone = $7,
            email = $8, valid_from = COALESCE($9::date, valid_from), valid_to = $10, revision = revision + 1, updated_at = now()
      WHERE id = $11 AND ($12::int IS NULL OR revision = $12)`,
    [...values(a), id, revision],
  );
  return result.rowCount === 1;
}

export async function replaceSuccessors(db: Db, id: number, successorIds: number[]): Promise<void> {
  await db.query('DELETE FROM agency_successions WHERE predecessor_id = $1', [id]);
  if (successorIds.length) {
    await db.query('INSERT INTO agency_successions (predecessor_id, successor_id) SELECT $1, unnest($2::bigint[])', [id, successorIds]);
  }
}

export function inputOf(a: Agency): AgencyInput {
  const { id: _id, inForce: _f, revision: _r, ...input } = a;
  return input;
}

/** The communes in force: they perform every commune-level procedure of the province. */
export async function communeIdsInForce(db: Db): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT id FROM agencies WHERE kind = 'commune' AND (valid_to IS NULL OR valid_to >= CURRENT_DATE) ORDER BY id`,
  );
  return rows.map((r) => r.id);
}
