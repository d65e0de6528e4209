import type { Db } from '../../db/pool.ts';
import { AppError } from '../../errors.ts';
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
 * Not found while the dossier has no slip: the desk has not yet received or answered it (an online
 * dossier waiting, or one closed unanswered after a supplement request).
 */
export async function slipInputOf(db: Db, index: AgencyIndex, d: DossierRow, actions: ActionRow[], lookupUrl: string): Promise<SlipInput> {
  const act = slipActOf(d, actions);
  if (!act)
    throw new AppError('not_found', `no slip for ${d.code} (${d.status})`, {
      userMessage: 'Hồ sơ này chưa có phiếu: Bộ phận Một cửa chưa tiếp nhận hoặc chưa trả lời hồ sơ.',
    });
  const version = await findVersion(db, d.procedureCode, d.procedureVersion);
  const channel = version?.channels.find((c) => c.channel === d.channel);
  return {
    dossier: d,
    reasons: Array.isArray(act.detail.reasons) ? (act.detail.reasons as string[]) : [],
    // Actions name people as "Full Name (username)"; a slip shows the name only.
    officer: act.actorName.replace(/ \([^)]*\)$/, ''),
    lookupUrl,
    place: placeNameOf(index, d.receivingAgencyId),
    issuedAt: act.at,
    // A channel the record does not state is left for the pen, not called "Không quy định".
    ...(channel ? { processingTime: timeLimitLabel(channel.timeLimit) } : {}),
    ...(version ? { paper: version.components.map((c) => ({ originals: c.originals, copies: c.copies })) } : {}),
  };
}

/**
 * The act a slip records: for a receipt (Mẫu 01) the reception (the desk's acceptance of an online
 * dossier, not the submission, nor any later step); for a supplement request or a refusal, the
 * latest act that set that status. None: no slip.
 */
export function slipActOf<A extends Pick<ActionRow, 'toStatus'>>(d: Pick<DossierRow, 'status'>, actions: A[]): A | undefined {
  const status = formOf(d.status) === 'Mẫu 01' ? ['received', 'returned'] : [d.status];
  const acts = actions.filter((a) => status.includes(a.toStatus));
  return formOf(d.status) === 'Mẫu 01' ? acts[0] : acts.at(-1);
}
