import type { Db } from '../../db/pool.ts';
import type { AgencyIndex } from '../agencies/agency-index.ts';
import { placeNameOf } from '../agencies/place-name.ts';
import { findVersion } from '../catalog/catalog.repository.ts';
import { timeLimitLabel } from '../catalog/labels.ts';
import { formOf, type SlipInput } from '../slips/slip-content.ts';
import type { ActionRow, DossierRow } from './dossiers.repository.ts';

/**
 * What a dossier's slip states (Mẫu 01, 02 or 03, by its status), for the desk and for the
 * applicant alike: the act the slip records with its reasons, officer and moment; the time limit
 * and paper counts of the procedure version it was received under; the place of the date line.
 */
export async function slipInputOf(db: Db, index: AgencyIndex, d: DossierRow, actions: ActionRow[], lookupUrl: string): Promise<SlipInput> {
  const act = slipAct(d, actions);
  const version = await findVersion(db, d.procedureCode, d.procedureVersion);
  const channel = version?.channels.find((c) => c.channel === d.channel);
  return {
    dossier: d,
    reasons: Array.isArray(act?.detail.reasons) ? (act.detail.reasons as string[]) : [],
    // Actions name people as "Full Name (username)"; a slip shows the name only.
    officer: act?.actorName.replace(/ \([^)]*\)$/, '') ?? '',
    lookupUrl,
    place: placeNameOf(index, d.receivingAgencyId),
    ...(act ? { issuedAt: act.at } : {}),
    // A channel the record does not state is left for the pen, not called "Không quy định".
    ...(channel ? { processingTime: timeLimitLabel(channel.timeLimit) } : {}),
    ...(version ? { paper: version.components.map((c) => ({ originals: c.originals, copies: c.copies })) } : {}),
  };
}

/**
 * The act a slip records: for a receipt (Mẫu 01) the reception (the desk's acceptance of an online
 * dossier, not the submission, nor any later step of processing); for a supplement request or a
 * refusal, the latest act that set that status.
 */
function slipAct(d: DossierRow, actions: ActionRow[]): ActionRow | undefined {
  if (formOf(d.status) === 'Mẫu 01') return actions.find((a) => a.toStatus === 'received' || a.toStatus === 'returned') ?? actions.at(-1);
  return [...actions].reverse().find((a) => a.toStatus === d.status) ?? actions.at(-1);
}
