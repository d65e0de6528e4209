/**
 * Times as signatures state them, in Vietnam time (UTC+7, no daylight saving): ISO 8601 as
 * Decree 30/2020 Annex I asks ("2026-12-07T14:05:00+07:00"), and the PDF date of /M
 * ("D:20261207140500+07'00'").
 */
const offsetMs = 7 * 3600 * 1000;

export function vietnamIso(instant: Date): string {
  return `${new Date(instant.getTime() + offsetMs).toISOString().slice(0, 19)}+07:00`;
}

export function pdfDate(instant: Date): string {
  const digits = new Date(instant.getTime() + offsetMs).toISOString().slice(0, 19).replace(/[-:T]/g, '');
  return `D:${digits}+07'00'`;
}

/** Reads a PDF date (D:YYYYMMDDHHmmSS with an optional offset); null when it is not one. */
export function parsePdfDate(text: string): Date | null {
  const m = text.match(/^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz])|([+-])(\d{2})'?(\d{2})?'?)?/);
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', , sign, oh = '00', om = '00'] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offset = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000 : 0;
  const date = new Date(utc - offset);
  return Number.isNaN(date.getTime()) ? null : date;
}
