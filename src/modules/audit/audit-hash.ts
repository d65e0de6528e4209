import { createHash } from 'node:crypto';

/**
 * The one definition of what an audit entry's hash covers, used by the append and by the
 * verification. Pure: values in, values out.
 */

/** prev_hash of the first entry, and the head's hash while the log is empty. */
export const genesisHash = '0'.repeat(64);

/** The fields of one entry as stored, in the form both the append and the verification see them. */
export interface AuditRecord {
  id: number;
  /** UTC to the microsecond, 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (see `atText` in audit.repository.ts). */
  at: string;
  actorKind: string;
  actorId: number | null;
  actorName: string;
  onBehalfOfId: number | null;
  onBehalfOfName: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  agencyId: number | null;
  detail: unknown;
  ip: string | null;
}

/** The end of the chain: the last entry's id and hash (0 and the genesis hash while the log is empty). */
export interface ChainHead {
  lastId: number;
  lastHash: string;
}

export interface ChainedRecord extends AuditRecord {
  prevHash: string;
  hash: string;
  /** 1: hashed whole by the app (entries written before migration 027); 2: chained by the database over `contentDigest`. */
  format: 1 | 2;
}

/** JSON with the keys of every object sorted, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object)
    .filter((k) => object[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(object[k])}`).join(',')}}`;
}

/** Every hashed field of an entry in a fixed order: the id and time included, the hashes not. */
export function canonicalRecord(r: AuditRecord): string {
  return canonicalJson([
    r.id,
    r.at,
    r.actorKind,
    r.actorId,
    r.actorName,
    r.onBehalfOfId,
    r.onBehalfOfName,
    r.action,
    r.subjectType,
    r.subjectId,
    r.agencyId,
    r.detail,
    r.ip,
  ]);
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The hash of a stored entry. Format 1: sha256 over the previous hash and every canonical field.
 * Format 2 (what `audit_append` of migrations 027 and 030 computes): sha256 over the previous hash, the
 * fields the database decides (id, time, subject id) and the digest of all the others.
 */
export function chainHash(prevHash: string, record: AuditRecord & { format: 1 | 2 }): string {
  if (record.format === 1) return sha256(`${prevHash}\n${canonicalRecord(record)}`);
  const subject = record.subjectId === null ? '-' : `=${record.subjectId}`;
  return sha256(`${prevHash}\n${record.id}\n${record.at}\n${contentDigest(record)}\n${subject}`);
}

/** sha256 (hex) of the fields of an entry that the app decides: all but the id, the time and the subject id. */
export function contentDigest(r: Omit<AuditRecord, 'id' | 'at' | 'subjectId'>): string {
  return sha256(
    canonicalJson([
      r.actorKind,
      r.actorId,
      r.actorName,
      r.onBehalfOfId,
      r.onBehalfOfName,
      r.action,
      r.subjectType,
      r.agencyId,
      r.detail,
      r.ip,
    ]),
  );
}
