/**
 * Vietnam local dates and times, independent of the machine's time zone.
 *
 * Vietnam keeps UTC+7 all year (no daylight saving time since 1975), so a local
 * date or clock time is a fixed offset from an instant. Calendar dates stay
 * 'YYYY-MM-DD' strings: a date has no time zone, and a JS Date at midnight UTC
 * shifts it a day. Instants are JS Dates. Nothing here reads the machine's zone
 * (no getDate/getHours, no Date parsing of local strings).
 */

import { VIETNAM_OFFSET_MS, vietnamClock, vietnamDate } from '../../lib/vietnamese.ts';

/** A calendar date in Vietnam, 'YYYY-MM-DD'. Build it with parseLocalDate from untrusted text. */
export type LocalDate = `${number}-${number}-${number}`;

const DAY_MS = 86_400_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The date if the text is a real 'YYYY-MM-DD' date (2025-02-29 is not), otherwise null. */
export function parseLocalDate(text: string): LocalDate | null {
  const m = LOCAL_DATE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return text as LocalDate;
}

/** Year, month (1–12) and day of a date. */
export function dateParts(date: LocalDate): { year: number; month: number; day: number } {
  const m = LOCAL_DATE.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

export function localDate(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as LocalDate;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Days since 1970-01-01 (the date's own count, no time zone involved). */
export function dayNumber(date: LocalDate): number {
  const { year, month, day } = dateParts(date);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function fromDayNumber(n: number): LocalDate {
  return new Date(n * DAY_MS).toISOString().slice(0, 10) as LocalDate;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: LocalDate): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7;
}

export function isWeekend(date: LocalDate): boolean {
  const w = weekday(date);
  return w === 0 || w === 6;
}

/** The date n calendar days later (n may be negative). */
export function addCalendarDays(date: LocalDate, n: number): LocalDate {
  return fromDayNumber(dayNumber(date) + n);
}

/**
 * The corresponding day n months later; when that month is shorter, its last day
 * (Civil Code 2015 Art.148(3): 31 January + 1 month ends on 28 or 29 February).
 */
export function addMonths(date: LocalDate, n: number): LocalDate {
  const { year, month, day } = dateParts(date);
  const index = year * 12 + (month - 1) + n;
  const y = Math.floor(index / 12);
  const mo = (index % 12) + 1;
  return localDate(y, mo, Math.min(day, daysInMonth(y, mo)));
}

/** The Vietnam date of an instant. */
export function localDateOf(instant: Date): LocalDate {
  return vietnamDate(instant) as LocalDate;
}

/** Milliseconds since Vietnam midnight of an instant. */
export function localTimeOfDayMs(instant: Date): number {
  return (((instant.getTime() + VIETNAM_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
}

/** The instant of a Vietnam clock time ('HH:MM' or minutes after midnight) on a date. */
export function atLocal(date: LocalDate, time: string | number): Date {
  const minutes = typeof time === 'number' ? time : parseClock(time);
  return new Date(dayNumber(date) * DAY_MS + minutes * 60_000 - VIETNAM_OFFSET_MS);
}

/** Minutes after midnight of an 'HH:MM' clock time (00:00–24:00). */
export function parseClock(text: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || Number(m[2]) > 59 || minutes > 24 * 60) throw new RangeError(`not an HH:MM clock time: ${text}`);
  return minutes;
}

/** 'YYYY-MM-DD HH:MM' in Vietnam time, for messages and tests. */
export function formatLocal(instant: Date): string {
  const clock = vietnamClock(instant);
  return `${clock.slice(0, 10)} ${clock.slice(11, 16)}`;
}

/** The instant of a Vietnam wall-clock 'YYYY-MM-DD HH:MM' (the inverse of formatLocal). */
export function vietnamTime(text: string): Date {
  const [date, clock] = text.split(' ');
  const d = parseLocalDate(date ?? '');
  if (!d || !clock) throw new RangeError(`not a 'YYYY-MM-DD HH:MM' time: ${text}`);
  return atLocal(d, clock);
}
