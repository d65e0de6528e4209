import type { Db } from '../../db/pool.ts';
import { parseDossierCode } from './dossier-code.ts';
import { portalCode, statusLabels, type Status } from './dossier-states.ts';
import { findDossierByCode, listActions } from './dossiers.repository.ts';

/** What anyone holding a dossier code may know: no name, no number, no address. */
export interface PublicStatus {
  code: string;
  status: Status;
  statusLabel: string;
  /** The status code of the national portal (1–10). */
  portalStatus: number;
  procedureCode: string;
  procedureName: string;
  agencyName: string;
  receivedAt: Date | null;
  dueAt: Date | null;
  /** What the applicant must bring (supplement) or why the dossier was refused. */
  reasons: string[];
}

/** The public view of a dossier, or null for an unknown or malformed code (answered alike). */
export async function lookupDossier(db: Db, input: string): Promise<PublicStatus | null> {
  const parsed = parseDossierCode(input);
  if (!parsed) return null;
  const d = await findDossierByCode(db, input.trim().toUpperCase());
  if (!d) return null;
  const actions = await listActions(db, d.id);
  const last = actions.at(-1);
  const reasons =
    (d.status === 'supplement_requested' || d.status === 'not_received') && Array.isArray(last?.detail.reasons)
      ? (last.detail.reasons as string[])
      : [];
  return {
    code: d.code,
    status: d.status,
    statusLabel: statusLabels[d.status],
    portalStatus: portalCode(d.status),
    procedureCode: d.procedureCode,
    procedureName: d.procedureName,
    agencyName: d.receivingAgencyName,
    receivedAt: d.receivedAt,
    dueAt: d.dueAt,
    reasons,
  };
}
