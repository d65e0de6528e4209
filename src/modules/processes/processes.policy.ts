import type { PolicyTable } from '../accounts/policy.ts';

/**
 * Who may read and change the internal processes of procedures. Target: the
 * variant's agency, or province-wide (`agencyId: null`) for the province's
 * default, which only province-scoped rules reach. An agency's admin keeps the
 * variant of their own agency (its units included).
 */
export type ProcessAction = 'view_admin' | 'edit';

export const processPolicy: PolicyTable<ProcessAction> = {
  view_admin: [
    { role: 'province_admin', scope: 'province' },
    { role: 'agency_admin', scope: 'agency' },
    { role: 'inspector', scope: 'province' },
  ],
  edit: [
    { role: 'province_admin', scope: 'province' },
    { role: 'agency_admin', scope: 'agency' },
  ],
};
