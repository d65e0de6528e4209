import { addCalendarDays, isWeekend, localDate, weekday, type LocalDate } from './local-time.ts';
import { fromLunar, lunarNewYear } from './lunar.ts';

/**
 * The public holidays of Vietnam by rule, for any year: Labour Code 2019 (Law
 * 45/2019/QH14) Art.112(1), as in force in 2026, plus the compensatory days of
 * Art.111(3) for holidays on a weekly day off.
 *
 * What a rule cannot know: each year the Prime Minister fixes the exact Tết days
 * and the day next to 2 September (Art.112(3)), and the Ministry of Home Affairs
 * announces swapped days with make-up Saturdays. Those come in as the province's
 * calendar adjustments (working-calendar.ts), which override everything here.
 */
export type HolidayKind = 'new_year' | 'tet' | 'hung_kings' | 'reunification' | 'labour' | 'national_day' | 'compensatory';

export interface Holiday {
  date: LocalDate;
  kind: HolidayKind;
  /** Vietnamese name, as shown to people. */
  name: string;
}

export const HOLIDAY_NAMES: Record<Exclude<HolidayKind, 'compensatory'>, string> = {
  new_year: 'Tết Dương lịch',
  tet: 'Tết Nguyên đán',
  hung_kings: 'Giỗ Tổ Hùng Vương',
  reunification: 'Ngày Chiến thắng',
  labour: 'Ngày Quốc tế Lao động',
  national_day: 'Quốc khánh',
};

/**
 * Tết by default: the last day of the old lunar year and days 1–4 of the new one
 * (5 days, Art.112(1)(b)). The government's yearly decision often moves these
 * around (e.g. 2 days before and 3 after); adjust them per year.
 */
export function defaultTetDays(year: number): LocalDate[] {
  const newYear = lunarNewYear(year);
  return [-1, 0, 1, 2, 3].map((n) => addCalendarDays(newYear, n));
}

/** Hùng Kings' Commemoration: the 10th day of the 3rd lunar month (Art.112(1)(c)); never the leap 3rd month. */
export function hungKingsDay(year: number): LocalDate {
  const date = fromLunar({ year, month: 3, day: 10, leap: false });
  if (!date) throw new RangeError(`no 10/3 lunar in ${year}`);
  return date;
}

/**
 * The day next to 2 September (Art.112(1)(đ): "02/9 and one day before or after").
 * The government's usual choice joins the weekend: Monday → 3 Sep (2024),
 * Tuesday → 1 Sep (2025), Thursday → 3 Sep (2021), Friday → 1 Sep (2022),
 * Saturday → 1 Sep (2023). Wednesday and Sunday have no precedent under the 2019
 * Code: we take 1 Sep and 3 Sep (the weekday) and the province adjusts if needed.
 */
export function nationalDayExtra(year: number): LocalDate {
  const secondSeptember = localDate(year, 9, 2);
  const after = [0, 1, 4].includes(weekday(secondSeptember)); // Sunday, Monday, Thursday
  return localDate(year, 9, after ? 3 : 1);
}

/** The statutory holidays of a year (without compensatory days), in date order. */
export function statutoryHolidays(year: number): Holiday[] {
  const h = (date: LocalDate, kind: Exclude<HolidayKind, 'compensatory'>): Holiday => ({ date, kind, name: HOLIDAY_NAMES[kind] });
  const list = [
    h(localDate(year, 1, 1), 'new_year'),
    ...defaultTetDays(year).map((d) => h(d, 'tet')),
    h(hungKingsDay(year), 'hung_kings'),
    h(localDate(year, 4, 30), 'reunification'),
    h(localDate(year, 5, 1), 'labour'),
    h(localDate(year, 9, 2), 'national_day'),
    h(nationalDayExtra(year), 'national_day'),
  ];
  return list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * The statutory holidays of a year and their compensatory days: each holiday on a
 * Saturday or Sunday (the weekly days off of state agencies) gives the next
 * working day off (Art.111(3)); several in a row give as many days after the run.
 * If two holidays fall on the same date (Hùng Kings on 30 April), only one day is
 * off: the Code grants nothing more, and the government decides case by case.
 */
export function publicHolidays(year: number): Holiday[] {
  const statutory = statutoryHolidays(year);
  const off = new Set(statutory.map((h) => h.date));
  const compensatory: Holiday[] = [];
  const seen = new Set<LocalDate>();
  for (const holiday of statutory) {
    if (seen.has(holiday.date) || !isWeekend(holiday.date)) continue;
    seen.add(holiday.date);
    let day = addCalendarDays(holiday.date, 1);
    while (isWeekend(day) || off.has(day)) day = addCalendarDays(day, 1);
    off.add(day);
    compensatory.push({ date: day, kind: 'compensatory', name: `Nghỉ bù ${holiday.name}` });
  }
  return [...statutory, ...compensatory].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
