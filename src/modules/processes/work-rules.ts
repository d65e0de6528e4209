import type pg from 'pg';
import { dueAt } from '../calendar/due-date.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import { findProcedureView } from '../catalog/catalog.repository.ts';
import type { WorkRules } from './act-on-dossier.ts';

/** The calendar rules processing counts with, on the province's working calendar. */
export function workRules(pool: pg.Pool, calendar: WorkingCalendar): WorkRules {
  return {
    stepDue: (from, allotment) => dueAt(from, { value: allotment.amount, unit: allotment.unit }, calendar),
    supplementBy: (receivedAt) => dueAt(receivedAt, { value: 3, unit: 'working_days' }, calendar),
    async restartDue(from, procedureCode, channel) {
      const view = await findProcedureView(pool, procedureCode);
      const channels = view?.procedure.channels ?? [];
      // The dossier's own channel's limit, as at reception; another channel's only when it states none.
      const limit = (channels.find((c) => c.channel === channel) ?? channels.find((c) => c.timeLimit))?.timeLimit;
      return limit ? dueAt(from, limit, calendar) : null;
    },
  };
}
