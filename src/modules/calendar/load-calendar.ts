import type { Db } from '../../db/pool.ts';
import { listAdjustments } from './calendar.repository.ts';
import { WorkingCalendar, type CalendarOptions } from './working-calendar.ts';

/**
 * The province's working calendar: the holiday rules for every year, with the
 * stored adjustments of the years fromYear..toYear. Dates outside those years
 * follow the rules alone, so load every year a due date may reach (a limit in
 * months or years, a dossier received in December).
 */
export async function loadCalendar(
  db: Db,
  years: { fromYear: number; toYear: number },
  options: Omit<CalendarOptions, 'adjustments'> = {},
): Promise<WorkingCalendar> {
  if (years.toYear < years.fromYear) throw new RangeError(`no years in ${years.fromYear}..${years.toYear}`);
  const rows = await listAdjustments(db, years.fromYear, years.toYear);
  return new WorkingCalendar({ ...options, adjustments: rows.map(({ date, kind, reason }) => ({ date, kind, reason })) });
}
