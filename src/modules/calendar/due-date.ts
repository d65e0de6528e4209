import type { TimeUnit } from '../catalog/procedure.schema.ts';
import { addCalendarDays, addMonths, localDateOf, localTimeOfDayMs, type LocalDate } from './local-time.ts';
import type { WorkingCalendar } from './working-calendar.ts';

/**
 * When a dossier is due, and whether it was (or is) handled in time. Pure.
 *
 * Counting rules (sources: Decree 118/2025/NĐ-CP "D118"; Civil Code 2015 "CC"):
 * 1. The clock starts at valid receipt, the time on the receipt (D118 Art.17(3)).
 * 2. The day of receipt for day-based limits: a dossier received after the
 *    calendar's cut-off (15:00), or on a day off, counts as received on the next
 *    working day. D118 Art.18(2) sets 15:00 for forwarding the same day; applying
 *    it to the time limit too is our reading (regulations.md Q5/Q6), and a
 *    calendar built with `cutoff: null` turns it off.
 * 3. Day-based periods start on the day after that day (CC Art.147(1)) and end on
 *    the last day of the period; if it is a day off, on the next working day
 *    (CC Art.148(5)). The period ends at the close of office hours of that day
 *    (17:00 by default), the moment the one-stop desk can last return a result;
 *    CC Art.148(6) would say 24:00 — the same day either way.
 *    - working days: the n-th working day after the day of receipt (D118 counts
 *      limits in working days; days off are not counted). A fraction of a working
 *      day (the catalogue has "1,5 ngày làm việc") is that share of one office day,
 *      counted in office hours after the whole days.
 *    - days: the n-th calendar day after (a fraction rounds up to the whole day).
 *    - months/years: the corresponding day of the last month (CC Art.148(3)–(4)),
 *      or that month's last day when it has none (31 Jan + 1 month → 28/29 Feb).
 *      A fraction of a month counts 30 days per month (CC Art.145(2)(c)), rounded up.
 * 4. Hour-based limits start at the moment of receipt (CC Art.147(1)):
 *    - working hours: office hours only (D118 Art.17(2) uses them for online
 *      acceptance);
 *    - hours: clock hours; an end on a day off moves to the close of the next
 *      working day (CC Art.148(5) applied to hours).
 */
export interface TimeLimit {
  value: number;
  unit: TimeUnit;
}

/** The day a dossier counts as received for day-based limits (rule 2); also the day it must be forwarded. */
export function receptionDay(receivedAt: Date, calendar: WorkingCalendar): LocalDate {
  const day = localDateOf(receivedAt);
  const late = calendar.cutoff !== null && localTimeOfDayMs(receivedAt) > calendar.cutoff * 60_000;
  if (calendar.isWorkingDay(day) && !late) return day;
  return calendar.addWorkingDays(day, 1);
}

/** The close of office hours of `lastDay`, or of the next working day when it is a day off (CC Art.148(5)). */
function endOfPeriod(lastDay: LocalDate, calendar: WorkingCalendar): Date {
  return calendar.endOfOffice(calendar.firstWorkingDayFrom(lastDay));
}

/** The moment a dossier received at `receivedAt` with this time limit is due (the rules above). */
export function dueAt(receivedAt: Date, limit: TimeLimit, calendar: WorkingCalendar): Date {
  const { value, unit } = limit;
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`time limit must be positive: ${value}`);
  switch (unit) {
    case 'working_hours':
      return calendar.addWorkingHours(receivedAt, value);
    case 'hours': {
      const end = new Date(receivedAt.getTime() + Math.round(value * 3_600_000));
      return calendar.isWorkingDay(localDateOf(end)) ? end : endOfPeriod(localDateOf(end), calendar);
    }
    case 'working_days': {
      const whole = Math.floor(value);
      const end = calendar.endOfOffice(calendar.addWorkingDays(receptionDay(receivedAt, calendar), whole));
      const fraction = value - whole;
      return fraction > 0 ? calendar.addWorkingHours(end, fraction * calendar.workingDayHours) : end;
    }
    case 'days':
      return endOfPeriod(addCalendarDays(receptionDay(receivedAt, calendar), Math.ceil(value)), calendar);
    case 'months':
    case 'years': {
      const months = unit === 'years' ? value * 12 : value;
      const whole = Math.floor(months);
      const extraDays = Math.ceil((months - whole) * 30 - 1e-9);
      const last = addCalendarDays(addMonths(receptionDay(receivedAt, calendar), whole), extraDays);
      return endOfPeriod(last, calendar);
    }
  }
}

/** Finished dossiers (Circular 09/2026/TT-BTP Biểu 07a–07c columns 10–12). */
export type FinishedTimeliness = 'early' | 'on_time' | 'late';
/** Pending dossiers (same tables, within time / overdue). */
export type PendingTimeliness = 'within_time' | 'overdue';

/**
 * A finished dossier is late when finished after its due moment, early when
 * finished on a day before the due day (Vietnam dates), on time otherwise (the
 * due day itself, up to the due moment). QĐ766 counts on time as "finished ≤ due".
 * A pending dossier is overdue once `now` is past its due moment.
 * The early/on-time line (an earlier day, not an earlier hour) is our reading:
 * the circular does not define it (regulations.md F-10, Q5(d)).
 */
export function timeliness(due: Date, finishedAt: Date, now: Date): FinishedTimeliness;
export function timeliness(due: Date, finishedAt: null, now: Date): PendingTimeliness;
export function timeliness(due: Date, finishedAt: Date | null, now: Date): FinishedTimeliness | PendingTimeliness;
export function timeliness(due: Date, finishedAt: Date | null, now: Date): FinishedTimeliness | PendingTimeliness {
  if (finishedAt === null) return now.getTime() > due.getTime() ? 'overdue' : 'within_time';
  if (finishedAt.getTime() > due.getTime()) return 'late';
  return localDateOf(finishedAt) < localDateOf(due) ? 'early' : 'on_time';
}

/** D118 Art.17(2): an online dossier is accepted, or a supplement asked for, within 8 working hours. */
export const ONLINE_ACCEPTANCE_WORKING_HOURS = 8;
/** D118 Art.17(2): reception staff are notified within 2 hours of the national portal's acknowledgement. */
export const STAFF_NOTIFICATION_HOURS = 2;

/** When an online dossier must be accepted or sent back for a supplement (8 working hours after it arrived). */
export function acceptanceDeadline(submittedAt: Date, calendar: WorkingCalendar): Date {
  return calendar.addWorkingHours(submittedAt, ONLINE_ACCEPTANCE_WORKING_HOURS);
}

/**
 * When the reception staff must have been told of an online dossier: 2 hours after
 * the national portal acknowledged it. Clock hours: the law says "02 giờ", not
 * working hours, and the notice is automatic.
 */
export function notificationDeadline(acknowledgedAt: Date): Date {
  return new Date(acknowledgedAt.getTime() + STAFF_NOTIFICATION_HOURS * 3_600_000);
}

/**
 * When a dossier received at the desk must have been forwarded to the processing
 * agency (D118 Art.18(2)): within the working day of receipt; when received after
 * 15:00 (or on a day off), within the next working day — we give the close of that
 * day's office hours.
 */
export function forwardingDeadline(receivedAt: Date, calendar: WorkingCalendar): Date {
  return calendar.endOfOffice(receptionDay(receivedAt, calendar));
}
