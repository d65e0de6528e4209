import type { Db } from '../../db/pool.ts';
import type { RegisterEntry } from './dossier-register.ts';

/** SQL of the sheets and letters: names of staff, the dossiers an agency received in a period, a citizen's letter entries. */

export async function staffNames(db: Db, ids: number[]): Promise<Record<number, string>> {
  if (ids.length === 0) return {};
  const { rows } = await db.query<{ id: number; name: string }>('SELECT id, full_name AS name FROM staff WHERE id = ANY($1::bigint[])', [
    ids,
  ]);
  return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}

export type RegisterRow = Omit<RegisterEntry, 'handedTo'> & { handedToId: number | null };

/**
 * The dossiers `agencyId` received in [from, to), in the order received, at most `limit`, and how many
 * there are in all. Each with where the desk forwarded it, when its result was first ready and first
 * returned, and whether it was refused after appraisal (reception's own refusals are never received).
 */
export async function listReceivedBetween(
  db: Db,
  agencyId: number,
  from: Date,
  to: Date,
  limit: number,
): Promise<{ rows: RegisterRow[]; total: number }> {
  const { rows } = await db.query<RegisterRow & { total: number }>(
    `SELECT d.code, p.name AS "procedureName", d.applicant, d.received_at AS "receivedAt", d.due_at AS "dueAt", d.status,
            d.result_delivery AS "resultDelivery",
            (SELECT x.agency_id FROM dossier_actions x WHERE x.dossier_id = d.id AND x.action = 'start' ORDER BY x.id LIMIT 1) AS "handedToId",
            (SELECT min(x.at) FROM dossier_actions x WHERE x.dossier_id = d.id AND x.to_status = 'processed') AS "processedAt",
            (SELECT min(x.at) FROM dossier_actions x WHERE x.dossier_id = d.id AND x.to_status = 'returned') AS "returnedAt",
            EXISTS (SELECT 1 FROM dossier_actions x WHERE x.dossier_id = d.id AND x.action = 'refuse' AND x.detail ? 'work') AS refused,
            count(*) OVER () AS total
       FROM dossiers d JOIN procedures p ON p.code = d.procedure_code
      WHERE d.receiving_agency_id = $1 AND d.received_at >= $2 AND d.received_at < $3
      ORDER BY d.received_at, d.id
      LIMIT $4`,
    [agencyId, from, to, limit],
  );
  return { rows: rows.map(({ total: _total, ...r }) => r), total: rows[0]?.total ?? 0 };
}
