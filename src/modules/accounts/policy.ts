import { AppError } from '../../errors.ts';
import type { AgencyIndex } from '../agencies/agency-index.ts';
import type { Actor, RoleGrant } from './actor.ts';
import type { Role } from './roles.ts';

/**
 * The one decision function. Each resource has a policy table (e.g.
 * agencies.policy.ts): for every action, the roles that may take it, over which
 * scope, and in which states of the resource. Routes and use cases ask
 * `mustAuthorize`; nothing else decides who may do what.
 *
 * Scopes, for a role held in agency (or unit) R and a target in agency T:
 * - province: anywhere in the province;
 * - tree:     T is R's agency or below it;
 * - agency:   T belongs to the same agency as R (units belong to their agency);
 * - unit:     T is R itself or below it;
 * - self:     the target is the person acting.
 */
export type Scope = 'province' | 'tree' | 'agency' | 'unit' | 'self';

export interface Rule<State extends string = string> {
  role: Role;
  scope: Scope;
  /** When given, the action is allowed only in these states of the resource. */
  states?: readonly State[];
}

export type PolicyTable<Action extends string, State extends string = string> = Record<Action, readonly Rule<State>[]>;

export interface Target<State extends string = string> {
  /** The agency the resource belongs to; null for province-wide things. */
  agencyId: number | null;
  state?: State;
  /** For person-centred resources (one's own account). */
  staffId?: number;
}

function inScope(grant: RoleGrant, scope: Scope, target: Target, actor: Actor, index: AgencyIndex): boolean {
  switch (scope) {
    case 'province':
      return true;
    case 'self':
      return actor.kind === 'staff' && target.staffId === actor.staffId;
    case 'tree':
      return target.agencyId !== null && index.pathOf(target.agencyId).includes(index.homeOf(grant.agencyId));
    case 'agency':
      return target.agencyId !== null && index.homeOf(target.agencyId) === index.homeOf(grant.agencyId);
    case 'unit':
      return target.agencyId !== null && index.pathOf(target.agencyId).includes(grant.agencyId);
  }
}

/** The grant that allows `action` on `target`, or null. A person's own grants are preferred to lent ones. */
export function authorize<A extends string, S extends string>(
  actor: Actor,
  table: PolicyTable<A, S>,
  action: A,
  target: Target<S>,
  index: AgencyIndex,
): RoleGrant | null {
  if (actor.kind !== 'staff') return null;
  const rules = table[action] ?? [];
  const grants = [...actor.roles].sort((a, b) => Number(a.delegatedBy !== null) - Number(b.delegatedBy !== null));
  for (const grant of grants) {
    for (const rule of rules) {
      if (rule.role !== grant.role) continue;
      if (rule.states && (target.state === undefined || !rule.states.includes(target.state))) continue;
      if (inScope(grant, rule.scope, target, actor, index)) return grant;
    }
  }
  return null;
}

export function mustAuthorize<A extends string, S extends string>(
  actor: Actor,
  table: PolicyTable<A, S>,
  action: A,
  target: Target<S>,
  index: AgencyIndex,
): RoleGrant {
  const grant = authorize(actor, table, action, target, index);
  if (!grant) {
    if (actor.kind === 'anonymous') throw new AppError('unauthenticated', `anonymous may not ${action}`);
    throw new AppError('forbidden', `${actor.kind} may not ${action} on agency ${target.agencyId}`);
  }
  return grant;
}

/** Whether the actor may take `action` somewhere (to show a menu entry or a list filtered by scope). */
export function mayAnywhere<A extends string>(actor: Actor, table: PolicyTable<A>, action: A): boolean {
  return actor.kind === 'staff' && actor.roles.some((g) => (table[action] ?? []).some((r) => r.role === g.role));
}
