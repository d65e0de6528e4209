import type pg from 'pg';
import type { Db } from '../../db/pool.ts';
import type { AuditRecord, ChainedRecord, ChainHead } from './audit-hash.ts';

/** SQL of the audit log. Nothing here decides; it reads and writes rows. */

/** The time of an entry as hashed: UTC to the microsecond, whatever the session's time zone. */
const atText = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export interface ReservedEntry {
  prevHash: string;
  id: number;
  at: string;
  /** The detail as jsonb holds it (and as the verification will read it back). */
  detail: Record<string, unknown>;
}

/**
 * Locks the head row until the caller's transaction ends, then (in that order, so that ids and
 * times follow the chain) takes the next id and the clock. The CTE is MATERIALIZED so that the
 * lock is granted before nextval() and clock_timestamp() run. `detailJson` comes back as jsonb
 * normalises it, so the hash covers exactly what is stored.
 */
export async function reserveNextEntry(db: pg.PoolClient, detailJson: string): Promise<ReservedEntry> {
  const { rows } = await db.query<ReservedEntry>(
    `WITH head AS MATERIALIZED (SELECT last_hash FROM audit_head FOR UPDATE)
     SELECT head.last_hash AS "prevHash", nextval('audit_log_id_seq') AS id,
            ${atText('clock_timestamp()')} AS at, $1::jsonb AS detail
       FROM head`,
    [detailJson],
  );
  if (!rows[0]) throw new Error('audit_head has no row: migration 005_audit.sql was not applied');
  return rows[0];
}

/** Inserts the entry with its hashes and moves the head to it, in one statement. */
export async function insertEntry(db: pg.PoolClient, e: ChainedRecord, actorSearch: string): Promise<void> {
  await db.query(
    `WITH entry AS (
       INSERT INTO audit_log (id, at, actor_kind, actor_id, actor_name, on_behalf_of_id, on_behalf_of_name, action,
                              subject_type, subject_id, agency_id, detail, ip, actor_search, prev_hash, hash)
       OVERRIDING SYSTEM VALUE
       VALUES ($1, $2::timestamptz, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, $14, $15, $16))
     UPDATE audit_head SET last_id = $1, last_hash = $16`,
    [
      e.id,
      e.at,
      e.actorKind,
      e.actorId,
      e.actorName,
      e.onBehalfOfId,
      e.onBehalfOfName,
      e.action,
      e.subjectType,
      e.subjectId,
      e.agencyId,
      JSON.stringify(e.detail),
      e.ip,
      actorSearch,
      e.prevHash,
      e.hash,
    ],
  );
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
            prev_hash AS "prevHash", hash
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
