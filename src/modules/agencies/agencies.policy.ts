import type { PolicyTable } from '../accounts/policy.ts';

/** Who may administer agencies and units. Target: the agency concerned (for `add_child`, the parent). */
export type AgencyAction = 'view_admin' | 'edit' | 'add_child' | 'import';

export const agencyPolicy: PolicyTable<AgencyAction> = {
  view_admin: [
    { role: 'province_admin', scope: 'province' },
    { role: 'agency_admin', scope: 'tree' },
    { role: 'inspector', scope: 'province' },
  ],
  edit: [
    { role: 'province_admin', scope: 'province' },
    { role: 'agency_admin', scope: 'tree' },
  ],
  add_child: [
    { role: 'province_admin', scope: 'province' },
    { role: 'agency_admin', scope: 'tree' },
  ],
  import: [{ role: 'province_admin', scope: 'province' }],
};
