import type pg from 'pg';
import type { Db } from '../../db/pool.ts';
import { fold } from '../../lib/vietnamese.ts';
import { contentDigest } from './audit-hash.ts';
import { appendEntries } from './audit.repository.ts';

export interface AuditActor {
  kind: 'staff' | 'citizen' | 'system' | 'anonymous';
  id: number | null;
  name: string;
  onBehalfOf?: { id: number; name: string } | null;
}

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  subjectType?: string | null;
  subjectId?: string | number | null;
  agencyId?: number | null;
  detail?: Record<string, unknown>;
  ip?: string | null;
}

/**
 * Appends inside the caller's transaction (db is a pg.PoolClient in BEGIN, or the pool: the entry
 * is then its own statement and transaction): the entry commits or rolls back with the change it
 * records.
 *
 * The head row stays locked until that transaction ends, so every other appender (in any process)
 * waits: append as the last write of the transaction, and commit promptly. Ids and times follow
 * the chain. Under REPEATABLE READ or SERIALIZABLE a concurrent append makes the transaction fail
 * with a serialization error (retry it); the default READ COMMITTED simply waits.
 */
export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  await appendAudits(db, [entry]);
}

/** Appends several entries, chained in the given order, in one statement whatever their number. */
export async function appendAudits(db: Db, entries: AuditEntry[]): Promise<void> {
  if (entries.length) await appendEntries(db, JSON.stringify(prepareAudits(entries)));
}

/**
 * The entries as `audit_append` (migrations 027, 030) takes them (sent as JSON): each with the digest of
 * every field the app decides, so that the database chains them without a round trip back to the
 * app. A writer that appends in its own statement (a batch of receptions, whose codes the
 * statement takes) sends these and lets SQL set `subjectId`.
 */
export function prepareAudits(entries: AuditEntry[]): object[] {
  return entries.map((entry) => {
    const onBehalfOf = entry.actor.onBehalfOf ?? null;
    const fields = {
      actorKind: entry.actor.kind,
      actorId: entry.actor.id,
      actorName: cleanText(entry.actor.name),
      onBehalfOfId: onBehalfOf?.id ?? null,
      onBehalfOfName: onBehalfOf ? cleanText(onBehalfOf.name) : null,
      action: cleanText(entry.action),
      subjectType: entry.subjectType == null ? null : cleanText(entry.subjectType),
      agencyId: entry.agencyId ?? null,
      detail: cleanJson(entry.detail ?? {}),
      ip: entry.ip == null ? null : cleanText(entry.ip),
    };
    return {
      ...fields,
      subjectId: entry.subjectId == null ? null : cleanText(String(entry.subjectId)),
      actorSearch: fold(`${fields.actorName} ${fields.onBehalfOfName ?? ''}`),
      digest: contentDigest(fields),
    };
  });
}

/** Convenience for events that have no other write (a failed sign-in, a read of personal data): its own short transaction. */
export async function appendAuditNow(pool: pg.Pool, entry: AuditEntry): Promise<void> {
  await appendAudit(pool, entry);
}

/**
 * Text PostgreSQL can store as it was given: NUL and unpaired surrogates (which text and jsonb
 * refuse, or store changed) become U+FFFD, so an append never fails on what a person typed and
 * the hash covers exactly what is stored.
 */
function cleanText(text: string): string {
  return text.replace(/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** The detail as JSON would carry it (Dates as text, undefined dropped), with every key and string cleaned. */
function cleanJson(value: Record<string, unknown>): unknown {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return cleanText(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [cleanText(k), walk(x)]));
    }
    return v;
  };
  return walk(JSON.parse(JSON.stringify(value)));
}
