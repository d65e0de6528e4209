import type pg from 'pg';
import type { Db } from '../../db/pool.ts';
import type { AuditRecord, ChainedRecord, ChainHead } from './audit-hash.ts';

/** SQL of the audit log. Nothing here decides; it reads and writes rows. */

/** The time of an entry as hashed: UTC to the microsecond, whatever the session's time zone. */
const atText = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export interface ReservedEntries {
  prevHash: string;
  ids: number[];
  at: string;
  /** Each detail as jsonb holds it (and as the verification will read it back). */
  details: Array<Record<string, unknown>>;
}

/**
 * Locks the head row until the caller's transaction ends, then (in that order, so that ids and
 * times follow the chain) takes the next ids, one per entry, and the clock. The CTE is
 * MATERIALIZED so that the lock is granted before nextval() and clock_timestamp() run. The
 * details come back as jsonb normalises them, so the hash covers exactly what is stored.
 */
export async function reserveEntries(db: pg.PoolClient, detailsJson: string[]): Promise<ReservedEntries> {
  const { rows } = await db.query<ReservedEntries>(
    `WITH head AS MATERIALIZED (SELECT last_hash FROM audit_head FOR UPDATE),
          ids AS MATERIALIZED (SELECT array_agg(nextval('audit_log_id_seq') ORDER BY n) AS ids
                                 FROM head, generate_series(1, cardinality($1::jsonb[])) AS n)
     SELECT head.last_hash AS "prevHash", ids.ids, ${atText('clock_timestamp()')} AS at, $1::jsonb[] AS details
       FROM head, ids`,
    [detailsJson],
  );
  if (!rows[0]) throw new Error('audit_head has no row: migration 005_audit.sql was not applied');
  return { ...rows[0], ids: rows[0].ids.map(Number) };
}

/** Inserts the chained entries (in chain order) and moves the head to the last, in one statement. */
export async function insertEntries(db: pg.PoolClient, entries: Array<{ record: ChainedRecord; actorSearch: string }>): Promise<void> {
  const rows = entries.map(({ record: e, actorSearch }) => ({ ...e, detail: e.detail, actorSearch }));
  const last = entries[entries.length - 1]!.record;
  await db.query(
    `WITH entry AS (
       INSERT INTO audit_log (id, at, actor_kind, actor_id, actor_name, on_behalf_of_id, on_behalf_of_name, action,
                              subject_type, subject_id, agency_id, detail, ip, actor_search, prev_hash, hash)
       OVERRIDING SYSTEM VALUE
       SELECT r.id, r.at::timestamptz, r."actorKind", r."actorId", r."actorName", r."onBehalfOfId", r."onBehalfOfName", r.action,
              r."subjectType", r."subjectId", r."agencyId", r.detail, r.ip, r."actorSearch", r."prevHash", r.hash
         FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, at text, "actorKind" text, "actorId" bigint, "actorName" text,
              "onBehalfOfId" bigint, "onBehalfOfName" text, action text, "subjectType" text, "subjectId" text, "agencyId" bigint,
              detail jsonb, ip text, "actorSearch" text, "prevHash" text, hash text))
     UPDATE audit_head SET last_id = $2, last_hash = $3`,
    [JSON.stringify(rows), last.id, last.hash],
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
