import type { Db } from '../../db/pool.ts';
import type { FieldProblem } from '../../errors.ts';
import { roleLabels, type Role } from '../accounts/roles.ts';
import { rolesHeldIn } from '../accounts/staff.repository.ts';
import type { AgencyWithParent } from '../agencies/agencies.repository.ts';
import type { AgencyIndex } from '../agencies/agency-index.ts';
import type { ProcessDefinition } from './process-definition.ts';
import { agenciesFor } from './work-actor.ts';

/**
 * Who answers for each step, checked against the province's agencies and staff,
 * every problem at once: each agency a step or a joint task names exists and is
 * in force, and someone can act there in the role named: a grant of that role
 * where the workflow counts it (work-actor.ts agenciesFor: the agency, its
 * units, or for a unit its department), held by an account that is not locked.
 *
 * `receiving` is the variant's own agency in an agency's variant; in the
 * province's default it is whichever agency receives the dossier, known only
 * then, so it is not checked here.
 */
export async function responsibilityProblems(
  db: Db,
  def: ProcessDefinition,
  index: AgencyIndex,
  variantAgencyId: number | null,
  agencies: AgencyWithParent[],
): Promise<FieldProblem[]> {
  const byCode = new Map(agencies.filter((a) => a.code !== null).map((a) => [a.code!, a]));
  const problems: FieldProblem[] = [];
  const wanted: Array<{ where: string; agencyId: number; role: Role; holders: number[] }> = [];
  for (const step of def.steps) {
    const duties = [
      { where: `Bước «${step.name}»`, ...step.responsible },
      ...(step.tasks ?? []).map((t) => ({ where: `Bước «${step.name}», việc «${t.task}»`, agency: t.agency, role: t.role })),
    ];
    for (const { where, agency: code, role } of duties) {
      let agencyId: number;
      if (code === 'receiving') {
        if (variantAgencyId === null) continue;
        agencyId = variantAgencyId;
      } else {
        const agency = byCode.get(code);
        if (!agency) {
          problems.push({ field: 'definition', message: `${where}: không có cơ quan, đơn vị nào mang mã «${code}» trong tỉnh.` });
          continue;
        }
        if (!agency.inForce) {
          problems.push({ field: 'definition', message: `${where}: «${agency.name}» (${code}) đã hết hiệu lực.` });
          continue;
        }
        agencyId = agency.id;
      }
      wanted.push({ where, agencyId, role, holders: agenciesFor(index, agencyId) });
    }
  }
  const held = await rolesHeldIn(db, [...new Set(wanted.flatMap((w) => w.holders))]);
  for (const w of wanted) {
    if (held.some((h) => h.role === w.role && w.holders.includes(h.agencyId))) continue;
    problems.push({
      field: 'definition',
      message: `${w.where}: không có ai giữ vai trò «${roleLabels[w.role]}» tại «${index.nameOf(w.agencyId)}», nên không ai nhận được việc này. Giao vai trò cho cán bộ ở Quản trị › Cán bộ, hoặc chọn cơ quan, vai trò khác.`,
    });
  }
  return problems;
}
