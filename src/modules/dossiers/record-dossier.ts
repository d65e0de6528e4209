import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { vietnamDate } from '../../lib/vietnamese.ts';
import type { AuditActor } from '../audit/append-audit.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { formatDossierCode } from './dossier-code.ts';
import * as repo from './dossiers.repository.ts';

/**
 * Writes a new dossier with its first log entry and its audit entry, inside
 * the caller's transaction, under the next code of the agency's day. Shared by
 * every channel: a dossier exists completely (code, row, log, audit) or not at all.
 * The day's number is taken last, just before the audit entry: the agency's
 * counter row stays locked (until commit) for as short a time as possible.
 */
export async function recordDossier(
  db: pg.PoolClient,
  d: Omit<repo.NewDossier, 'code'> & { agencyCode: string },
  first: { action: string; by: AuditActor; comment?: string; detail?: Record<string, unknown>; ip: string },
  at: Date,
): Promise<{ code: string; dossierId: number }> {
  const { agencyCode: _code, ...row } = d;
  // A provisional code, seen by no one (the transaction is not committed), replaced below.
  const dossierId = await repo.insertDossier(db, { ...row, code: `~${randomUUID()}` });
  await repo.appendAction(db, {
    dossierId,
    actor: { kind: first.by.kind, id: first.by.id, name: first.by.name, onBehalfOfId: first.by.onBehalfOf?.id ?? null },
    agencyId: d.receivingAgencyId,
    action: first.action,
    fromStatus: null,
    toStatus: d.status,
    comment: first.comment ?? '',
    detail: first.detail ?? {},
  });
  const day = vietnamDate(at);
  const code = formatDossierCode(d.agencyCode, day, await repo.nextSequence(db, d.receivingAgencyId, day));
  await repo.setCode(db, dossierId, code);
  await appendAudit(db, {
    actor: first.by,
    action: `dossier_${first.action}`,
    subjectType: 'dossier',
    subjectId: code,
    agencyId: d.receivingAgencyId,
    detail: { procedure: d.procedureCode },
    ip: first.ip,
  });
  return { code, dossierId };
}
