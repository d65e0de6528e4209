import type { AppDeps } from '../../app.ts';
import type { AgencyIndex } from '../agencies/agency-index.ts';
import type { ActionRow, DossierRow } from '../dossiers/dossiers.repository.ts';
import { calendarOf } from '../dossiers/due-date.ts';
import type { ProcessDefinition } from '../processes/process-definition.ts';
import { findProcessFor, findProcessVersion } from '../processes/processes.repository.ts';
import { readDossier } from '../processes/workflow.repository.ts';
import { controlSheetContent } from './control-sheet.ts';
import type { SheetContent } from './sheet-content.ts';
import { staffNames } from './sheets.repository.ts';

/**
 * The control sheet of a dossier someone may read (the caller checked): the
 * process version it follows (or the one in force, before it starts), the
 * names of the units, agencies and people its log refers to, the working
 * calendar; then the pure content.
 */
export async function controlSheetOf(
  deps: Pick<AppDeps, 'pool' | 'pages'>,
  index: AgencyIndex,
  dossier: DossierRow,
  log: ActionRow[],
  now: Date,
): Promise<SheetContent> {
  const { pool } = deps;
  const { row, definition } = await processFollowed(pool, dossier);
  const steps = definition?.steps ?? [];

  const idOf = (code: string) => (code === 'receiving' ? dossier.receivingAgencyId : index.idOfCode(code));
  const stepAgencies = Object.fromEntries(
    steps.flatMap((s) => {
      const id = idOf(s.responsible.agency);
      return id === undefined ? [] : [[s.id, { unit: index.nameOf(id), agency: index.nameOf(index.homeOf(id)) }]];
    }),
  );
  const works = log.map((e) => e.detail.work as Record<string, unknown> | undefined);
  const codes = [
    ...steps.flatMap((s) => s.tasks?.map((t) => t.agency) ?? []),
    ...works.flatMap((w) => (w?.kind === 'consult' && typeof w.agency === 'string' ? [w.agency] : [])),
  ];
  const agenciesByCode = Object.fromEntries(
    codes.flatMap((code) => {
      const id = index.idOfCode(code);
      return id === undefined ? [] : [[code, index.nameOf(id)]];
    }),
  );
  const assignees = works.flatMap((w) => (w?.kind === 'assign' && Number.isSafeInteger(Number(w.to)) ? [Number(w.to)] : []));
  return controlSheetContent({
    dossier,
    log,
    process: definition,
    stepAgencies,
    agenciesByCode,
    staffNames: await staffNames(pool, [...new Set(assignees)]),
    calendar: await calendarOf(deps),
    stepDueAt: row?.stepDueAt ?? null,
    now,
  });
}

/** The process version a dossier follows (or the one in force, before it starts), with its processing columns. */
export async function processFollowed(pool: AppDeps['pool'], dossier: DossierRow) {
  const row = await readDossier(pool, dossier.code);
  const process =
    !row || row.processVersion === null
      ? await findProcessFor(pool, dossier.procedureCode, dossier.receivingAgencyId)
      : await findProcessVersion(pool, dossier.procedureCode, row.processAgencyId, row.processVersion);
  const definition: ProcessDefinition | null = process?.definition ?? null;
  return { row, definition };
}
