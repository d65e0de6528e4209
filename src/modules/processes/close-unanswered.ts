import type pg from 'pg';
import { transaction } from '../../db/pool.ts';
import { appendAudit } from '../audit/append-audit.ts';
import * as dossiers from '../dossiers/dossiers.repository.ts';
import { insertClosureNotices } from '../notifications/notifications.repository.ts';
import type { WorkAction } from './workflow.ts';
import * as repo from './workflow.repository.ts';

/** Days the applicant has to bring a requested supplement (D118 Art. 19(5)), counted in calendar days. */
export const SUPPLEMENT_DAYS = 15;
const DAY_MS = 24 * 3600 * 1000;

const reason = 'Quá 15 ngày kể từ khi yêu cầu, người nộp không bổ sung hồ sơ (Nghị định 118/2025, Điều 19 khoản 5).';

/**
 * Stops every dossier whose supplement was asked more than 15 days before
 * `now` and never came, each in its own transaction (its row locked and
 * checked again, so two processes sweeping at once close it once), as the
 * system: a log entry, the stop in processing terms when it is in a process,
 * an audit entry and a notice to the desk. Returns the codes closed.
 */
export async function closeUnanswered(pool: pg.Pool, now: Date): Promise<string[]> {
  const cutoff = new Date(now.getTime() - SUPPLEMENT_DAYS * DAY_MS);
  const closed: string[] = [];
  for (const code of await repo.listUnanswered(pool, cutoff)) {
    const done = await transaction(pool, async (db) => {
      const d = await repo.lockDossier(db, code);
      if (!d || d.status !== 'supplement_requested' || !(await repo.lastActionBefore(db, d.id, cutoff))) return false;
      const work: WorkAction = { kind: 'stop', reason };
      await repo.writeProcessing(db, d.id, { status: 'stopped', step: null, assigneeId: null, waitingAgencyIds: [] });
      await dossiers.appendAction(db, {
        dossierId: d.id,
        actor: { kind: 'system', id: null, name: 'Hệ thống', onBehalfOfId: null },
        agencyId: d.receivingAgencyId,
        action: 'close_unanswered',
        fromStatus: d.status,
        toStatus: 'stopped',
        comment: reason,
        // A dossier in a process records the stop as its workflow sees it, so the log replays to the same state.
        detail: d.processVersion === null ? {} : { work, fromStep: d.currentStep, toStep: null },
      });
      await insertClosureNotices(db, d.code, d.receivingAgencyId, now);
      await appendAudit(db, {
        actor: { kind: 'system', id: null, name: 'Hệ thống' },
        action: 'dossier_close_unanswered',
        subjectType: 'dossier',
        subjectId: d.code,
        agencyId: d.receivingAgencyId,
        detail: { days: SUPPLEMENT_DAYS },
      });
      return true;
    });
    if (done) closed.push(code);
  }
  return closed;
}
