import type pg from 'pg';
import { transaction } from '../../db/pool.ts';
import { AppError } from '../../errors.ts';
import { formatDate } from '../../lib/vietnamese.ts';
import { bumpPublicRevision } from '../../web/public-revision.ts';
import type { RoleGrant, StaffActor } from '../accounts/actor.ts';
import { auditActorOf } from '../accounts/audit-actor.ts';
import { appendAudit } from '../audit/append-audit.ts';
import { removeAdjustment, type AdjustmentRow } from './calendar.repository.ts';
import type { LocalDate } from './local-time.ts';

/**
 * Removes the adjustment of a date (the date follows the holiday rules again), audited,
 * with the public revision bumped like addAdjustment. not_found when the date has none.
 */
export async function removeAdjustmentAs(
  pool: pg.Pool,
  by: { actor: StaffActor; grant: RoleGrant },
  date: LocalDate,
  ip: string | null,
): Promise<AdjustmentRow> {
  return transaction(pool, async (db) => {
    const removed = await removeAdjustment(db, date);
    if (!removed)
      throw new AppError('not_found', `no calendar adjustment on ${date}`, {
        userMessage: `Ngày ${formatDate(date)} không có điều chỉnh nào (có thể đã được xóa trước đó).`,
      });
    await bumpPublicRevision(db);
    await appendAudit(db, {
      actor: auditActorOf(by.actor, by.grant),
      action: 'calendar_adjustment_removed',
      subjectType: 'calendar_adjustment',
      subjectId: removed.date,
      agencyId: null,
      detail: { date: removed.date, kind: removed.kind, reason: removed.reason, createdBy: removed.createdBy },
      ip,
    });
    return removed;
  });
}
