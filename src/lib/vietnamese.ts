/**
 * Vietnamese text rules used across the system: folding for search and
 * uniqueness, sort order, and the display formats of dates and money.
 */

/** Lower case, no diacritics (đ → d), single spaces: "Thủ tục  Đăng ký" → "thu tuc dang ky". */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const collator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });

/** Vietnamese sort order (a ă â b c d đ e ê ...), numbers in numeric order. */
export function compareVietnamese(a: string, b: string): number {
  return collator.compare(a, b);
}

/** dd/mm/yyyy from a 'YYYY-MM-DD' date or a Date (shown in Vietnam time). */
export function formatDate(value: string | Date): string {
  if (typeof value === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
    if (!m) return value;
    return `${m[3]}/${m[2]}/${m[1]}`;
  }
  return formatDate(vietnamDate(value));
}

/** 1000000 → "1.000.000 ₫". */
export function formatMoney(amount: number): string {
  return `${groupDigits(Math.round(amount))} ₫`;
}

/** Thousands grouped with dots and the decimals after a comma, as Vietnamese writes numbers: 1234.5 → "1.234,5". */
function groupDigits(n: number, decimals = 0): string {
  const [whole, fraction] = n.toFixed(decimals).split('.');
  return whole!.replace(/\B(?=(\d{3})+(?!\d))/g, '.') + (fraction ? `,${fraction}` : '');
}

/** A size as a limit is told to people: 20971520 → "20 MB", 1572864 → "1,5 MB", 102400 → "100 KB", 3000 → "3.000 byte". */
export function formatSize(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  if (mib >= 1) return `${groupDigits(mib, Number.isInteger(mib) ? 0 : 1)} MB`;
  if (bytes % 1024 === 0) return `${groupDigits(bytes / 1024)} KB`;
  return `${groupDigits(bytes)} byte`;
}

/** True for a real calendar date written YYYY-MM-DD (so 2026-02-30 is refused). */
export function isRealDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Vietnam keeps UTC+7 all year (no daylight saving time since 1975). */
export const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/**
 * An instant as Vietnam's wall clock, 'YYYY-MM-DDTHH:MM:SS.mmm', whatever the machine's time zone.
 * Arithmetic, not Intl: every dossier recorded asks for its date, and Intl's formatting cost 1 % of a
 * reception.
 */
export function vietnamClock(instant: Date): string {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 23);
}

/** The calendar date in Vietnam (UTC+7) of an instant, as YYYY-MM-DD. */
export function vietnamDate(instant: Date): string {
  return vietnamClock(instant).slice(0, 10);
}

/** "14 giờ 05 phút, ngày 07/12/2026": how slips and pages state a moment. */
export function formatMoment(instant: Date): string {
  const clock = vietnamClock(instant);
  return `${clock.slice(11, 13)} giờ ${clock.slice(14, 16)} phút, ngày ${formatDate(clock)}`;
}
