import { AppError } from '../../../errors.ts';
import type { AgencyIndex } from '../../agencies/agency-index.ts';
import type { RoleGrant, StaffActor } from '../actor.ts';
import { staffPolicy, type StaffAction } from '../accounts.policy.ts';
import { mustAuthorize } from '../policy.ts';
import { rolesNeedingSecondFactor, type Role } from '../roles.ts';
import type { StaffSummary } from '../staff.repository.ts';

/**
 * Authority over a whole person: an admin may act on someone only if every
 * agency the person works in or holds a role in is within the admin's scope,
 * so an agency admin cannot take over an account whose reach goes beyond the
 * agency (by resetting its password, say). Nobody administers their own account here.
 */
export function mustAuthorizeOverPerson(
  actor: StaffActor,
  action: StaffAction,
  person: StaffSummary,
  index: AgencyIndex,
  options: { allowSelf?: boolean } = {},
): RoleGrant {
  if (person.id === actor.staffId && !options.allowSelf) {
    throw new AppError('forbidden', 'admin action on own account', {
      userMessage: 'Bạn không thể tự thực hiện thao tác này trên tài khoản của chính mình.',
    });
  }
  const agencies = [...new Set([person.agencyId, ...person.grants.map((g) => g.agencyId)].filter((a): a is number => a !== null))];
  let grant: RoleGrant | undefined;
  for (const agencyId of agencies.length ? agencies : [null]) grant = mustAuthorize(actor, staffPolicy, action, { agencyId }, index);
  return grant!;
}

export function mayOverPerson(actor: StaffActor, action: StaffAction, person: StaffSummary, index: AgencyIndex): boolean {
  try {
    mustAuthorizeOverPerson(actor, action, person, index);
    return true;
  } catch {
    return false;
  }
}

/** Granting `role` in `agencyId`: roles that administer or inspect the province need a province admin. */
export function mustAuthorizeGrant(actor: StaffActor, role: Role, agencyId: number, index: AgencyIndex): RoleGrant {
  const action = rolesNeedingSecondFactor.includes(role) ? 'grant_admin_role' : 'grant_role';
  return mustAuthorize(actor, staffPolicy, action, { agencyId }, index);
}
