import type { StaffActor } from '../accounts/actor.ts';
import type { AgencyIndex } from '../agencies/agency-index.ts';
import type { WorkActor } from './workflow.ts';

/**
 * The agencies or units where a role held counts for a responsibility at
 * `target`, within the target's own agency only: the target, the units below
 * it (a unit's specialist handles its department's steps) and, when the target
 * is a unit, its department and the units between (a department's specialist
 * handles its units' steps). Another agency above or below never counts.
 */
export function agenciesFor(index: AgencyIndex, target: number): number[] {
  const home = index.homeOf(target);
  return [...new Set([...index.pathOf(target), ...index.subtreeOf(target)])].filter((a) => a === home || index.homeOf(a) === home);
}

/** A staff member as the workflow rules see them, for a dossier received by `receivingAgencyId`. */
export function workActorOf(
  actor: StaffActor,
  index: AgencyIndex,
  receivingAgencyId: number,
): WorkActor & { agencyOf(code: string): number | undefined } {
  const agencyOf = (code: string) => (code === 'receiving' ? receivingAgencyId : index.idOfCode(code));
  return {
    staffId: actor.staffId,
    agencyOf,
    holds(r) {
      const target = agencyOf(r.agency);
      if (target === undefined) return false;
      const where = agenciesFor(index, target);
      return actor.roles.some((g) => g.role === r.role && where.includes(g.agencyId));
    },
    leads(code) {
      const target = agencyOf(code);
      if (target === undefined) return false;
      const home = index.homeOf(target);
      const above = index.pathOf(target).filter((a) => a === home || index.homeOf(a) === home);
      return actor.roles.some((g) => (g.role === 'unit_head' || g.role === 'agency_leader') && above.includes(g.agencyId));
    },
  };
}
