import type { Db } from '../../db/pool.ts';
import type { AuditRecord, ChainedRecord, ChainHead } from './audit-hash.ts';

/** SQL of the audit log. Nothing here decides; it reads and writes rows. */

/** The time of an entry as hashed: UTC to the microsecond, whatever the session's time zone. */
const atText = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Appends entries prepared by `prepareAudits` (append-audit.ts) through `audit_append` (migrations
 * 027 and 030), which locks the head, takes ids and the time under the lock and chains each entry.
 */
export async function appendEntries(db: Db, payload: string): Promise<void> {
  await db.query('SELECT audit_append($1::jsonb)', [payload]);
}

export async function readHead(db: Db): Promise<ChainHead> {
  const { rows } = await db.query<ChainHead>('SELECT last_id AS "lastId", last_hash AS "lastHash" FROM audit_head');
  return rows[0] ?? { lastId: 0, lastHash: '' };
}

/** Up to `limit` entries after `afterId` (from the first when null), in id order, as hashed. */
export async function readChainPage(db: Db, afterId: number | null, limit: number): Promise<ChainedRecord[]> {
  const { rows } = await db.query<ChainedRecord>(
    `SELECT id, ${atText('at')} AS at, actor_kind AS "actorKind", actor_id AS "actorId", actor_name AS "actorName",
            on_behalf_of_id AS "onBehalfOfId", on_behalf_of_name AS "onBehalfOfName", action,
            subject_type AS "subjectType", subject_id AS "subjectId", agency_id AS "agencyId", detail, ip,
            prev_hash AS "prevHash", hash, format
       FROM audit_log WHERE $1::bigint IS NULL OR id > $1 ORDER BY id LIMIT $2`,
    [afterId, limit],
  );
  return rows;
}

export interface AuditSearch {
  /** Inclusive lower and exclusive upper bound of `at`, as ISO instants. */
  atFrom: string | null;
  atBefore: string | null;
  /** A folded substring of the actor's (or on-behalf-of) name, or of a staff actor's username. */
  actorFolded: string | null;
  action: string | null;
  subjectType: string | null;
  subjectId: string | null;
  /** Only entries of these agencies; null: every entry, including those of no agency. */
  agencyIds: number[] | null;
}

/** A stored entry as the admin page reads it: the hashed record, with a real time and typed fields. */
export interface AuditRow extends Omit<AuditRecord, 'at' | 'actorKind' | 'detail'> {
  at: Date;
  actorKind: 'staff' | 'citizen' | 'system' | 'anonymous';
  detail: Record<string, unknown>;
}

/** One page of matching entries, newest first, and how many match in all. */
export async function searchEntries(db: Db, s: AuditSearch, limit: number, offset: number): Promise<{ rows: AuditRow[]; total: number }> {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where: string[] = [];
  if (s.atFrom) where.push(`at >= ${p(s.atFrom)}::timestamptz`);
  if (s.atBefore) where.push(`at < ${p(s.atBefore)}::timestamptz`);
  if (s.actorFolded) {
    const pattern = p(`%${s.actorFolded.replace(/[%_\\]/g, '\\$&')}%`);
    where.push(`(actor_search LIKE ${pattern}
                 OR (actor_kind = 'staff' AND actor_id IN (SELECT id FROM staff WHERE username LIKE ${pattern})))`);
  }
  if (s.action) where.push(`action = ${p(s.action)}`);
  if (s.subjectType) where.push(`subject_type = ${p(s.subjectType)}`);
  if (s.subjectId) where.push(`subject_id = ${p(s.subjectId)}`);
  if (s.agencyIds) where.push(`agency_id = ANY(${p(s.agencyIds)}::bigint[])`);
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const count = await db.query<{ total: number }>(`SELECT count(*) AS total FROM audit_log ${filter}`, [...params]);
  const { rows } = await db.query<AuditRow>(
    `SELECT id, at, actor_kind AS "actorKind", actor_id AS "actorId", actor_name AS "actorName",
            on_behalf_of_id AS "onBehalfOfId", on_behalf_of_name AS "onBehalfOfName", action,
            subject_type AS "subjectType", subject_id AS "subjectId", agency_id AS "agencyId", detail, ip
       FROM audit_log ${filter} ORDER BY id DESC LIMIT ${p(limit)} OFFSET ${p(offset)}`,
    params,
  );
  return { rows, total: count.rows[0]?.total ?? 0 };
}
