import type { AppDeps } from '../../app.ts';
import { acceptanceDeadline, dueAt } from '../calendar/due-date.ts';
import { loadCalendar } from '../calendar/load-calendar.ts';
import type { DueDateRule } from './receive-at-counter.ts';
import type { AcceptanceRule } from './submit-online.ts';

/**
 * The rule that gives a reception its appointment: the procedure's time limit
 * counted on the province's working calendar (statutory holidays, Tết from the
 * lunar calendar, compensatory days, the province's adjustments, the 15:00
 * rule). The calendar covers last year to three years ahead (any limit in the
 * catalogue ends within that), built once per change of public data.
 */
export async function dueDateRuleOf(deps: Pick<AppDeps, 'pages' | 'pool'>): Promise<DueDateRule> {
  const calendar = await calendarOf(deps);
  return async (receivedAt, limit) => dueAt(receivedAt, limit, calendar);
}

export function calendarOf(deps: Pick<AppDeps, 'pages' | 'pool'>) {
  const year = new Date().getUTCFullYear();
  return deps.pages.remember('calendar', () => loadCalendar(deps.pool, { fromYear: year - 1, toYear: year + 3 }));
}

/** The desk's limit for answering an online dossier: 8 working hours on the same calendar (Decree 118 Art. 17). */
export async function acceptanceRuleOf(deps: Pick<AppDeps, 'pages' | 'pool'>): Promise<AcceptanceRule> {
  const calendar = await calendarOf(deps);
  return async (submittedAt) => acceptanceDeadline(submittedAt, calendar);
}
