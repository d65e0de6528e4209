import type { Db } from '../../../db/pool.ts';
import type { Role } from '../roles.ts';

export interface Delegation {
  id: number;
  delegatorId: number;
  delegatorName: string;
  delegateId: number;
  delegateName: string;
  role: Role;
  agencyId: number;
  validFrom: string;
  validTo: string;
  reason: string;
  revoked: boolean;
}

const select = `
  SELECT d.id, d.delegator_id AS "delegatorId", o.full_name AS "delegatorName", d.delegate_id AS "delegateId",
         e.full_name AS "delegateName", d.role, d.agency_id AS "agencyId", d.valid_from AS "validFrom", d.valid_to AS "validTo",
         d.reason, d.revoked_at IS NOT NULL AS revoked
    FROM delegations d JOIN staff o ON o.id = d.delegator_id JOIN staff e ON e.id = d.delegate_id`;

/** Delegations in `agencyIds` (all when null), or given by or to `staffId`, newest first. */
export async function listDelegations(db: Db, agencyIds: number[] | null, staffId: number): Promise<Delegation[]> {
  const { rows } = await db.query<Delegation>(
    `${select} WHERE $1::bigint[] IS NULL OR d.agency_id = ANY($1) OR d.delegator_id = $2 OR d.delegate_id = $2 ORDER BY d.id DESC LIMIT 500`,
    [agencyIds, staffId],
  );
  return rows;
}

export async function findDelegation(db: Db, id: number): Promise<Delegation | undefined> {
  const { rows } = await db.query<Delegation>(`${select} WHERE d.id = $1`, [id]);
  return rows[0];
}

export async function insertDelegation(
  db: Db,
  d: { delegatorId: number; delegateId: number; role: Role; agencyId: number; validFrom: string; validTo: string; reason: string },
): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO delegations (delegator_id, delegate_id, role, agency_id, valid_from, valid_to, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [d.delegatorId, d.delegateId, d.role, d.agencyId, d.validFrom, d.validTo, d.reason],
  );
  return rows[0]!.id;
}

export async function revokeDelegation(db: Db, id: number): Promise<boolean> {
  const r = await db.query('UPDATE delegations SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
  return r.rowCount === 1;
}

export async function todayInVietnam(db: Db): Promise<string> {
  const { rows } = await db.query<{ d: string }>(`SELECT to_char(now() AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') AS d`);
  return rows[0]!.d;
}
