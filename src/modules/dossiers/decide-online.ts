import type pg from 'pg';
import { transaction } from '../../db/pool.ts';
import { AppError } from '../../errors.ts';
import type { StaffActor } from '../accounts/actor.ts';
import { auditActorOf } from '../accounts/audit-actor.ts';
import { mustAuthorize } from '../accounts/policy.ts';
import type { AgencyIndex } from '../agencies/agency-index.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { findProcedureView } from '../catalog/catalog.repository.ts';
import { outcomeStatus } from './dossier-states.ts';
import { dossierPolicy } from './dossiers.policy.ts';
import * as repo from './dossiers.repository.ts';
import type { DueDateRule } from './receive-at-counter.ts';

export type OnlineDecision = 'receive' | 'request_supplement' | 'refuse';

/**
 * The desk answers an online dossier: receives it (the clock starts now, the
 * appointment is set), asks once for a supplement, or refuses it with reasons.
 * Two officers answering at once: the first wins, the second is told (revision).
 */
export async function decideOnline(
  pool: pg.Pool,
  actor: StaffActor,
  index: AgencyIndex,
  code: string,
  revision: number,
  decision: OnlineDecision,
  reasonsText: string,
  dueDateOf: DueDateRule,
  ip: string,
  now = new Date(),
): Promise<void> {
  const d = await repo.findDossierByCode(pool, code);
  if (!d) throw new AppError('not_found', `dossier ${code}`);
  const grant = mustAuthorize(actor, dossierPolicy, 'receive', { agencyId: d.receivingAgencyId }, index);
  if (d.status !== 'new')
    throw new AppError('conflict', `dossier ${code} is ${d.status}`, { userMessage: 'Hồ sơ này đã được xử lý tiếp nhận.' });
  const reasons = reasonsText
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean)
    .slice(0, 50);
  if (decision !== 'receive' && reasons.length === 0) {
    throw new AppError('validation_failed', 'reasons required', {
      problems: [
        {
          field: 'reasons',
          message:
            decision === 'refuse'
              ? 'Ghi rõ lý do từ chối tiếp nhận.'
              : 'Ghi rõ từng giấy tờ cần bổ sung và lý do (yêu cầu một lần, đầy đủ).',
        },
      ],
    });
  }
  const view = await findProcedureView(pool, d.procedureCode);
  const limit = view?.procedure.channels.find((c) => c.channel === 'online')?.timeLimit ?? null;
  const dueAt = decision === 'receive' && limit ? await dueDateOf(now, limit) : null;
  const status = outcomeStatus[decision];
  const by = auditActorOf(actor, grant);
  await transaction(pool, async (db) => {
    if (!(await repo.updateStatus(db, d.id, revision, { status, receivedAt: decision === 'receive' ? now : null, dueAt }))) {
      throw new AppError('conflict', `dossier ${code} changed`, { userMessage: 'Hồ sơ vừa được cán bộ khác xử lý. Hãy tải lại trang.' });
    }
    await repo.appendAction(db, {
      dossierId: d.id,
      actor: { kind: 'staff', id: actor.staffId, name: by.name, onBehalfOfId: by.onBehalfOf?.id ?? null },
      agencyId: d.receivingAgencyId,
      action: decision,
      fromStatus: 'new',
      toStatus: status,
      comment: '',
      detail: { reasons },
    });
    await appendAudit(db, {
      actor: by,
      action: `dossier_${decision}`,
      subjectType: 'dossier',
      subjectId: code,
      agencyId: d.receivingAgencyId,
      ip,
    });
  });
}
