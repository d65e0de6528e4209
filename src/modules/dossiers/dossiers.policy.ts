import type { PolicyTable } from '../accounts/policy.ts';

/** Who may receive dossiers and read them. Target: the receiving agency. */
export type DossierAction = 'receive' | 'view';

export const dossierPolicy: PolicyTable<DossierAction> = {
  receive: [{ role: 'desk_officer', scope: 'agency' }],
  view: [
    { role: 'desk_officer', scope: 'agency' },
    { role: 'specialist', scope: 'agency' },
    { role: 'unit_head', scope: 'agency' },
    { role: 'agency_leader', scope: 'agency' },
    { role: 'clerk', scope: 'agency' },
    { role: 'inspector', scope: 'province' },
  ],
};
