import type { Db } from '../../db/pool.ts';
import { parseDossierCode } from './dossier-code.ts';
import { portalCode, statusLabels, type Status } from './dossier-states.ts';
import { findPublicView } from './dossiers.repository.ts';

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
  /** An online dossier: when it was submitted, and the moment the desk must accept or answer it by (8 working hours). */
  submittedAt: Date | null;
  acceptBy: Date | null;
  /** What the applicant must bring (supplement) or why the dossier was refused. */
  reasons: string[];
}

/** The address of a dossier's public lookup (QR codes, slips, API answers). */
export function lookupUrlOf(publicUrl: string, code: string): string {
  return `${publicUrl}/tra-cuu?ma=${encodeURIComponent(code)}`;
}

/** The public view of a dossier, or null for an unknown or malformed code (answered alike). */
export async function lookupDossier(db: Db, input: string): Promise<PublicStatus | null> {
  if (!parseDossierCode(input)) return null;
  const d = await findPublicView(db, input.trim().toUpperCase());
  if (!d) return null;
  const awaited = d.status === 'supplement_requested' || d.status === 'not_received';
  const reasons = awaited && Array.isArray(d.lastDetail?.reasons) ? (d.lastDetail.reasons as string[]) : [];
  const { lastDetail: _detail, ...rest } = d;
  // The acceptance deadline matters only while the dossier waits for the desk.
  const acceptBy = d.status === 'new' ? d.acceptBy : null;
  return { ...rest, acceptBy, statusLabel: statusLabels[d.status], portalStatus: portalCode(d.status), reasons };
}
