import type { PolicyTable } from '../accounts/policy.ts';

/** Who may read and change the e-forms of procedures. A form serves the whole province, so the scope is the province. */
export type FormAction = 'view_admin' | 'edit';

export const formPolicy: PolicyTable<FormAction> = {
  view_admin: [
    { role: 'province_admin', scope: 'province' },
    { role: 'inspector', scope: 'province' },
  ],
  edit: [{ role: 'province_admin', scope: 'province' }],
};
