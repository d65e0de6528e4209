/**
 * The dossier code of Decree 118/2025 Art. 28: the electronic code of the
 * receiving agency, the date of reception and the day's sequence number,
 * e.g. 000.17.22.H56-210531-0001 (regulations.md §2.8). The sequence has at
 * least four digits and grows beyond if a day ever needs more.
 */
export function formatDossierCode(agencyCode: string, localDate: string, sequence: number): string {
  return `${dossierCodePrefix(agencyCode, localDate)}${String(sequence).padStart(4, '0')}`;
}

/**
 * The code up to its sequence number, '<agency code>-<YYMMDD>-'. The recording statement
 * (dossiers.repository.ts `recordDossiers`) takes the number and pads it as `formatDossierCode`
 * does; record-dossier.test.ts checks the two agree, past 9,999 too.
 */
export function dossierCodePrefix(agencyCode: string, localDate: string): string {
  const [y, m, d] = localDate.split('-');
  return `${agencyCode}-${y!.slice(2)}${m}${d}-`;
}

const pattern = /^((?:\d{3}\.\d{2}\.\d{2}\.)?[GH]\d{2})-(\d{6})-(\d{4,})$/;

/** Reads a code typed or scanned by a person; null when it cannot be one. */
export function parseDossierCode(input: string): { agencyCode: string; date: string; sequence: number } | null {
  const m = pattern.exec(input.trim().toUpperCase());
  if (!m) return null;
  return { agencyCode: m[1]!, date: m[2]!, sequence: Number(m[3]) };
}
