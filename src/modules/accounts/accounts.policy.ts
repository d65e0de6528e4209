import type { PolicyTable } from './policy.ts';

/**
 * Who may manage staff accounts. Target: an agency the person works in or
 * holds a role in; changing a person needs authority over every one of them.
 */
export type StaffAction =
  'list' | 'view' | 'create' | 'grant_role' | 'grant_admin_role' | 'revoke_role' | 'reset_password' | 'lock' | 'view_audit';

const admins = [
  { role: 'province_admin', scope: 'province' },
  { role: 'agency_admin', scope: 'tree' },
] as const;

export const staffPolicy: PolicyTable<StaffAction> = {
  list: [...admins, { role: 'inspector', scope: 'province' }],
  view: [...admins, { role: 'inspector', scope: 'province' }],
  create: admins,
  grant_role: admins,
  // Roles that administer or inspect the province are granted by a province admin only.
  grant_admin_role: [{ role: 'province_admin', scope: 'province' }],
  revoke_role: admins,
  reset_password: admins,
  lock: admins,
  view_audit: [...admins, { role: 'inspector', scope: 'province' }],
};

/** Lending a role (ủy quyền): a leader lends a role they hold, within their agency or unit. */
export type DelegationAction = 'delegate' | 'view' | 'revoke_any';

export const delegationPolicy: PolicyTable<DelegationAction> = {
  delegate: [
    { role: 'agency_leader', scope: 'agency' },
    { role: 'unit_head', scope: 'unit' },
  ],
  view: [
    { role: 'agency_leader', scope: 'agency' },
    { role: 'unit_head', scope: 'unit' },
    { role: 'province_admin', scope: 'province' },
    { role: 'agency_admin', scope: 'tree' },
    { role: 'inspector', scope: 'province' },
  ],
  revoke_any: [
    { role: 'province_admin', scope: 'province' },
    { role: 'agency_admin', scope: 'tree' },
  ],
};
