import type { AppDeps } from '../../app.ts';
import { dueAt } from '../calendar/due-date.ts';
import { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { DueDateRule } from './receive-at-counter.ts';

/**
 * The rule that gives a reception its appointment: the procedure's time limit
 * counted on the province's working calendar (statutory holidays, Tết from the
 * lunar calendar, the 15:00 rule). The calendar is built once per change of
 * public data.
 */
export async function dueDateRuleOf(deps: Pick<AppDeps, 'pages'>): Promise<DueDateRule> {
  const calendar = await deps.pages.remember('calendar', async () => new WorkingCalendar());
  return async (receivedAt, limit) => dueAt(receivedAt, limit, calendar);
}
