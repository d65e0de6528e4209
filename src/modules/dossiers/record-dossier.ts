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
 */
export async function recordDossier(
  db: pg.PoolClient,
  d: Omit<repo.NewDossier, 'code'> & { agencyCode: string },
  first: { action: string; by: AuditActor; comment?: string; detail?: Record<string, unknown>; ip: string },
  at: Date,
): Promise<{ code: string; dossierId: number }> {
  const day = vietnamDate(at);
  const sequence = await repo.nextSequence(db, d.receivingAgencyId, day);
  const code = formatDossierCode(d.agencyCode, day, sequence);
  const { agencyCode: _code, ...row } = d;
  const dossierId = await repo.insertDossier(db, { ...row, code });
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
