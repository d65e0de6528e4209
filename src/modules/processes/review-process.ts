import type { Db } from '../../db/pool.ts';
import type { FieldProblem } from '../../errors.ts';
import { listAgencies } from '../agencies/agencies.repository.ts';
import type { AgencyIndex } from '../agencies/agency-index.ts';
import type { Procedure } from '../catalog/procedure.schema.ts';
import { checkProcess, legalLimitOf, parseProcess, type LegalLimit } from './check-process.ts';
import { responsibilityProblems } from './check-responsibility.ts';
import type { ProcessDefinition } from './process-definition.ts';

export interface ProcessReview {
  /** The process when the text has its shape (drawn even when other rules fail); null otherwise. */
  definition: ProcessDefinition | null;
  /** Everything that keeps it from being saved, in Vietnamese; empty when it may be saved. */
  problems: FieldProblem[];
  limit: LegalLimit | null;
  /** The name of each agency code of the province, for the diagram. */
  names: Map<string, string>;
}

/**
 * Everything saving would say about an admin's text, without saving: its shape,
 * the rules of check-process.ts against the procedure's legal limit, and who
 * answers for each step (check-responsibility.ts). The editor's preview and the
 * save use case both ask this, so the preview never promises what saving refuses.
 */
export async function reviewProcess(
  db: Db,
  index: AgencyIndex,
  procedure: Pick<Procedure, 'channels'>,
  variantAgencyId: number | null,
  text: string,
): Promise<ProcessReview> {
  const agencies = await listAgencies(db);
  const names = new Map(agencies.filter((a) => a.code !== null).map((a) => [a.code!, a.name]));
  const limit = legalLimitOf(procedure);
  const parsed = parseProcess(text);
  if (!('definition' in parsed)) return { definition: null, problems: parsed.problems, limit, names };
  const problems = [
    ...checkProcess(parsed.definition, limit),
    ...(await responsibilityProblems(db, parsed.definition, index, variantAgencyId, agencies)),
  ];
  return { definition: parsed.definition, problems, limit, names };
}
