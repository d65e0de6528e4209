import type pg from 'pg';
import { transaction } from '../../db/pool.ts';
import { fold } from '../../lib/vietnamese.ts';
import { chainHash, type AuditRecord } from './audit-hash.ts';
import { insertEntries, reserveEntries } from './audit.repository.ts';

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
 * Appends inside the caller's transaction (db is a pg.PoolClient in BEGIN): the entry commits or
 * rolls back with the change it records.
 *
 * The head row stays locked until that transaction ends, so every other appender (in any process)
 * waits: append as the last write of the transaction, and commit promptly. Ids and times follow
 * the chain. Under REPEATABLE READ or SERIALIZABLE a concurrent append makes the transaction fail
 * with a serialization error (retry it); the default READ COMMITTED simply waits.
 */
export async function appendAudit(db: pg.PoolClient, entry: AuditEntry): Promise<void> {
  await appendAudits(db, [entry]);
}

/**
 * Appends several entries, chained in the given order, with one lock of the head and two round
 * trips whatever their number (the dossier writer records a batch of receptions this way).
 */
export async function appendAudits(db: pg.PoolClient, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const details = entries.map((e) => JSON.stringify(cleanJson(e.detail ?? {})));
  // Everything from here to the COMMIT runs under the head's lock: two round trips, the hashes.
  const reserved = await reserveEntries(db, details);
  let prevHash = reserved.prevHash;
  const chained = entries.map((entry, i) => {
    const onBehalfOf = entry.actor.onBehalfOf ?? null;
    const actorName = cleanText(entry.actor.name);
    const onBehalfOfName = onBehalfOf ? cleanText(onBehalfOf.name) : null;
    const record: AuditRecord = {
      id: reserved.ids[i]!,
      at: reserved.at,
      actorKind: entry.actor.kind,
      actorId: entry.actor.id,
      actorName,
      onBehalfOfId: onBehalfOf?.id ?? null,
      onBehalfOfName,
      action: cleanText(entry.action),
      subjectType: entry.subjectType == null ? null : cleanText(entry.subjectType),
      subjectId: entry.subjectId == null ? null : cleanText(String(entry.subjectId)),
      agencyId: entry.agencyId ?? null,
      detail: reserved.details[i],
      ip: entry.ip == null ? null : cleanText(entry.ip),
    };
    const hash = chainHash(prevHash, record);
    const link = { record: { ...record, prevHash, hash }, actorSearch: fold(`${actorName} ${onBehalfOfName ?? ''}`) };
    prevHash = hash;
    return link;
  });
  await insertEntries(db, chained);
}

/** Convenience for events that have no other write (a failed sign-in, a read of personal data): its own short transaction. */
export async function appendAuditNow(pool: pg.Pool, entry: AuditEntry): Promise<void> {
  await transaction(pool, (db) => appendAudit(db, entry));
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
