import type { PolicyTable } from '../accounts/policy.ts';

/**
 * Who may read an agency's dossier register (Mẫu 07). Target: the receiving
 * agency. Its desk officers keep it; the leaders of its units and the agency
 * follow it; leaders of an agency also follow the agencies below theirs (a
 * People's Committee, its communes); inspectors read every agency's.
 */
export type RegisterAction = 'view';

export const registerPolicy: PolicyTable<RegisterAction> = {
  view: [
    { role: 'desk_officer', scope: 'agency' },
    { role: 'unit_head', scope: 'agency' },
    { role: 'agency_leader', scope: 'tree' },
    { role: 'inspector', scope: 'province' },
  ],
};
