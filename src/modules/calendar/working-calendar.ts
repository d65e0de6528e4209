import { publicHolidays, type Holiday } from './holidays.ts';
import { addCalendarDays, atLocal, dateParts, isWeekend, localDateOf, parseClock, type LocalDate } from './local-time.ts';

/**
 * The province's working calendar: which days the state agencies work, and their
 * office hours. Pure: built from the holiday rules (holidays.ts) and the province's
 * own adjustments, which win over every rule.
 *
 * - Weekly days off are Saturday and Sunday: state agencies work a 5-day week
 *   (Decision 188/1999/QĐ-TTg).
 * - Adjustments: a 'day_off' (a swapped day, a Tết day the government added, a
 *   holiday moved onto this date) or a 'working_day' (a make-up Saturday, a rule
 *   holiday the government moved away). Yearly decisions of the Prime Minister and
 *   the Ministry of Home Affairs (Labour Code 2019 Art.112(3)) are entered this way.
 */
export type AdjustmentKind = 'day_off' | 'working_day';

export interface CalendarAdjustment {
  date: LocalDate;
  kind: AdjustmentKind;
  reason: string;
}

/** One office session in minutes after midnight, Vietnam time. */
export interface OfficeSession {
  start: number;
  end: number;
}

/** Office sessions from 'HH:MM-HH:MM' texts, in order, not overlapping. */
export function officeHours(...sessions: string[]): OfficeSession[] {
  const parsed = sessions.map((s) => {
    const [start, end] = s.split('-').map((t) => parseClock(t.trim()));
    if (start === undefined || end === undefined || start >= end) throw new RangeError(`not an office session: ${s}`);
    return { start, end };
  });
  parsed.forEach((s, i) => {
    const previous = parsed[i - 1];
    if (previous && previous.end > s.start) throw new RangeError('office sessions must be in order and not overlap');
  });
  if (!parsed.length) throw new RangeError('at least one office session');
  return parsed;
}

/**
 * Default office hours: 07:30–11:30 and 13:30–17:00 (7.5 hours). No national text
 * fixes them: each province sets its own by decision of the provincial People's
 * Committee (Thanh Hóa, for one, works 07:00–11:30 and 13:30–17:00). These are
 * the hours many provinces publish for their service centres; pass your own.
 */
export const DEFAULT_OFFICE_HOURS: readonly OfficeSession[] = officeHours('07:30-11:30', '13:30-17:00');

/**
 * After this time of day a dossier counts as received on the next working day
 * (Decree 118/2025 Art.18(2) sets 15:00 as the cut-off for forwarding the same day).
 */
export const DEFAULT_CUTOFF = '15:00';

export interface CalendarOptions {
  adjustments?: readonly CalendarAdjustment[];
  officeHours?: readonly OfficeSession[];
  /** 'HH:MM', or null for no cut-off. */
  cutoff?: string | null;
}

/** Past this many days of search something is wrong (a calendar with no working day). */
const SEARCH_LIMIT = 3660;

export class WorkingCalendar {
  readonly officeHours: readonly OfficeSession[];
  /** Minutes after midnight, or null. */
  readonly cutoff: number | null;
  private readonly adjustments = new Map<LocalDate, CalendarAdjustment>();
  private readonly holidaysByYear = new Map<number, Map<LocalDate, Holiday[]>>();

  constructor(options: CalendarOptions = {}) {
    for (const a of options.adjustments ?? []) this.adjustments.set(a.date, a);
    this.officeHours = options.officeHours ?? DEFAULT_OFFICE_HOURS;
    const cutoff = options.cutoff === undefined ? DEFAULT_CUTOFF : options.cutoff;
    this.cutoff = cutoff === null ? null : parseClock(cutoff);
  }

  /** The rule holidays on a date (compensatory days included), whether or not an adjustment overrides them. */
  holidaysOn(date: LocalDate): Holiday[] {
    const year = dateParts(date).year;
    let byDate = this.holidaysByYear.get(year);
    if (!byDate) {
      byDate = new Map();
      for (const h of publicHolidays(year)) byDate.set(h.date, [...(byDate.get(h.date) ?? []), h]);
      this.holidaysByYear.set(year, byDate);
    }
    return byDate.get(date) ?? [];
  }

  adjustmentOn(date: LocalDate): CalendarAdjustment | undefined {
    return this.adjustments.get(date);
  }

  /** Whether state agencies work on this date: the adjustment if there is one, else not a weekend nor a holiday. */
  isWorkingDay(date: LocalDate): boolean {
    const adjustment = this.adjustments.get(date);
    if (adjustment) return adjustment.kind === 'working_day';
    return !isWeekend(date) && this.holidaysOn(date).length === 0;
  }

  /** Why a date is off, in Vietnamese, or null for a working day. */
  dayOffReason(date: LocalDate): string | null {
    if (this.isWorkingDay(date)) return null;
    const adjustment = this.adjustments.get(date);
    if (adjustment) return adjustment.reason;
    const holidays = this.holidaysOn(date);
    if (holidays.length) return holidays.map((h) => h.name).join(', ');
    return 'Nghỉ hằng tuần';
  }

  /** The date itself if it is a working day, otherwise the first working day after it. */
  firstWorkingDayFrom(date: LocalDate): LocalDate {
    let day = date;
    for (let i = 0; !this.isWorkingDay(day); i++) {
      if (i > SEARCH_LIMIT) throw new RangeError(`no working day after ${date}`);
      day = addCalendarDays(day, 1);
    }
    return day;
  }

  /**
   * The n-th working day after `date` (n > 0), or before it (n < 0). For n = 0, the
   * date itself if it is a working day, else the next one. n must be an integer.
   */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    if (!Number.isInteger(n)) throw new RangeError(`whole working days only: ${n}`);
    if (n === 0) return this.firstWorkingDayFrom(date);
    const step = n > 0 ? 1 : -1;
    let day = date;
    let left = Math.abs(n);
    for (let i = 0; left > 0; i++) {
      if (i > SEARCH_LIMIT + Math.abs(n) * 7) throw new RangeError(`no working day near ${date}`);
      day = addCalendarDays(day, step);
      if (this.isWorkingDay(day)) left--;
    }
    return day;
  }

  /** Working days strictly after `from` up to and including `to` (0 when to ≤ from). */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    let count = 0;
    for (let day = addCalendarDays(from, 1); day <= to; day = addCalendarDays(day, 1)) if (this.isWorkingDay(day)) count++;
    return count;
  }

  /** Length of one working day in hours (7.5 with the default office hours). */
  get workingDayHours(): number {
    return this.officeHours.reduce((sum, s) => sum + s.end - s.start, 0) / 60;
  }

  /** The instant office hours end on a date (17:00 by default). */
  endOfOffice(date: LocalDate): Date {
    return atLocal(date, this.officeHours[this.officeHours.length - 1]!.end);
  }

  /**
   * The instant `hours` of office time after `start`: time outside office sessions
   * and on days off does not count; counting begins at the next opening when
   * `start` is outside office hours. An end that falls exactly at the close of a
   * session is that close (11:30, not 13:30). 0 hours is `start` itself.
   */
  addWorkingHours(start: Date, hours: number): Date {
    if (!(hours >= 0)) throw new RangeError(`working hours must be ≥ 0: ${hours}`);
    let left = Math.round(hours * 3_600_000);
    if (left === 0) return start;
    let cursor = start.getTime();
    let day = localDateOf(start);
    for (let i = 0; i < SEARCH_LIMIT * 4; i++) {
      if (this.isWorkingDay(day)) {
        for (const session of this.officeHours) {
          const open = atLocal(day, session.start).getTime();
          const close = atLocal(day, session.end).getTime();
          if (cursor >= close) continue;
          const from = Math.max(cursor, open);
          if (left <= close - from) return new Date(from + left);
          left -= close - from;
          cursor = close;
        }
      }
      day = addCalendarDays(day, 1);
    }
    throw new RangeError(`no office hours after ${start.toISOString()}`);
  }
}

export { addCalendarDays };
