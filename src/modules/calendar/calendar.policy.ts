import type { PolicyTable } from '../accounts/policy.ts';

/**
 * Who may see and change the province's working calendar (its yearly adjustments).
 * The calendar is one for the whole province: the target is always province-wide
 * (`agencyId: null`), so only province-scoped rules can match.
 */
export type CalendarAction = 'view' | 'change';

export const calendarPolicy: PolicyTable<CalendarAction> = {
  view: [
    { role: 'province_admin', scope: 'province' },
    { role: 'inspector', scope: 'province' },
  ],
  change: [{ role: 'province_admin', scope: 'province' }],
};
