import type { AppDeps } from '../../app.ts';
import type { AgencyIndex } from '../agencies/agency-index.ts';
import { placeNameOf } from '../agencies/place-name.ts';
import type { ActionRow, DossierRow } from '../dossiers/dossiers.repository.ts';
import { extensionLetterContent, stopNoticeContent, type LetterForm, type LetterInput, type StepPlace } from './letters.ts';
import { processFollowed } from './load-control-sheet.ts';
import type { SheetContent } from './sheet-content.ts';

/**
 * A letter of a dossier someone may read (the caller checked): the steps of the
 * process it follows with the units, agencies and governing bodies that handle
 * them, then the pure content; null when the log does not call for it.
 */
export async function letterOf(
  deps: Pick<AppDeps, 'pool'>,
  index: AgencyIndex,
  form: LetterForm,
  dossier: DossierRow,
  log: ActionRow[],
): Promise<SheetContent | null> {
  const { definition } = await processFollowed(deps.pool, dossier);
  /** The body above an agency (its parent in the tree), '' at the top. */
  const parentOf = (id: number) => {
    const parent = index.pathOf(id).slice(-2, -1)[0];
    return parent === undefined ? '' : index.nameOf(parent);
  };
  const steps: Record<string, StepPlace> = Object.fromEntries(
    (definition?.steps ?? []).flatMap((s) => {
      const code = s.responsible.agency;
      const id = code === 'receiving' ? dossier.receivingAgencyId : index.idOfCode(code);
      if (id === undefined) return [];
      const home = index.homeOf(id);
      return [
        [
          s.id,
          { name: s.name, unit: index.nameOf(id), agency: index.nameOf(home), parent: parentOf(home), place: placeNameOf(index, home) },
        ],
      ];
    }),
  );
  const input: LetterInput = {
    dossier,
    log,
    steps,
    receivingParent: parentOf(dossier.receivingAgencyId),
    place: placeNameOf(index, dossier.receivingAgencyId),
  };
  return form === 'Mẫu 04' ? extensionLetterContent(input) : stopNoticeContent(input);
}
