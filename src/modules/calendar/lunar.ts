import { dateParts, dayNumber, fromDayNumber, localDate, type LocalDate } from './local-time.ts';

/**
 * The Vietnamese lunisolar calendar (âm lịch), computed astronomically.
 *
 * The rules, as Hồ Ngọc Đức states them ("Thuật toán tính âm lịch",
 * informatik.uni-leipzig.de/~duc/amlich/calrules.html; formulas from J. Meeus,
 * Astronomical Algorithms, 1998, ch. 47–49):
 * - a lunar month starts on the local day of a new moon;
 * - month 11 is the month that contains the winter solstice;
 * - a year with 13 months between two months 11 repeats (as a leap month) the
 *   first month after month 11 that contains no major solar term (trung khí);
 * - "local" is UTC+7 for Vietnam. China uses UTC+8, so the two calendars differ
 *   when a new moon or a solar term falls between 16:00 and 17:00 UTC: Tết 1985 was
 *   21 January in Vietnam and 20 February in China.
 * Accuracy is that of Meeus's truncated series: good for 1900–2100, the years we need.
 * This is our own implementation of the published algorithm.
 */
export interface LunarDate {
  /** The lunar year, numbered by the Gregorian year in which it mostly falls (Tết 2025 starts lunar year 2025). */
  year: number;
  month: number;
  day: number;
  leap: boolean;
}

export const VIETNAM_TIME_ZONE_HOURS = 7;

const SYNODIC_MONTH = 29.530588853;
/** Julian day of the new moon of 1 January 1900 (k = 0). */
const NEW_MOON_1900 = 2415021.076998695;
/** Julian day number of 1970-01-01. */
const JDN_1970 = 2440588;
const RAD = Math.PI / 180;

const jdnOf = (date: LocalDate) => dayNumber(date) + JDN_1970;
const dateOfJdn = (jdn: number) => fromDayNumber(jdn - JDN_1970);

/** Julian day (UT) of the k-th new moon after 1 January 1900 (Meeus ch. 49, truncated). */
function newMoon(k: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  let jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
  jd += 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * RAD);
  const m = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * RAD; // Sun's mean anomaly
  const mp = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * RAD; // Moon's mean anomaly
  const f = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * RAD; // Moon's argument of latitude
  const correction =
    (0.1734 - 0.000393 * t) * Math.sin(m) +
    0.0021 * Math.sin(2 * m) -
    0.4068 * Math.sin(mp) +
    0.0161 * Math.sin(2 * mp) -
    0.0004 * Math.sin(3 * mp) +
    0.0104 * Math.sin(2 * f) -
    0.0051 * Math.sin(m + mp) -
    0.0074 * Math.sin(m - mp) +
    0.0004 * Math.sin(2 * f + m) -
    0.0004 * Math.sin(2 * f - m) -
    0.0006 * Math.sin(2 * f + mp) +
    0.001 * Math.sin(2 * f - mp) +
    0.0005 * Math.sin(2 * mp + m);
  // ΔT (dynamical minus universal time), in days.
  const deltaT =
    t < -11 ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3 : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return jd + correction - deltaT;
}

/** The Sun's apparent longitude in radians [0, 2π) at Julian day jd (Meeus ch. 25, low precision). */
function sunLongitude(jd: number): number {
  const t = (jd - 2451545.0) / 36525;
  const t2 = t * t;
  const m = (357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * RAD;
  const l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  const center =
    (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(m) + (0.019993 - 0.000101 * t) * Math.sin(2 * m) + 0.00029 * Math.sin(3 * m);
  const l = (l0 + center) * RAD;
  return l - 2 * Math.PI * Math.floor(l / (2 * Math.PI));
}

/** Julian day number of the local day on which the k-th new moon falls. */
function newMoonDay(k: number, tz: number): number {
  return Math.floor(newMoon(k) + 0.5 + tz / 24);
}

/** Which 30° sector (0–11) the Sun is in at the local midnight that starts day jdn; 9 starts at the winter solstice. */
function sunSector(jdn: number, tz: number): number {
  return Math.floor((sunLongitude(jdn - 0.5 - tz / 24) / Math.PI) * 6);
}

/** Julian day number of the first day of lunar month 11 (the month holding the winter solstice) of Gregorian year y. */
function month11(y: number, tz: number): number {
  const k = Math.floor((jdnOf(localDate(y, 12, 31)) - 2415021) / SYNODIC_MONTH);
  const nm = newMoonDay(k, tz);
  return sunSector(nm, tz) >= 9 ? newMoonDay(k - 1, tz) : nm;
}

/** In a 13-month year starting at month 11 (a11), how many months after it the leap month is. */
function leapMonthOffset(a11: number, tz: number): number {
  const k = Math.floor((a11 - NEW_MOON_1900) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let sector = sunSector(newMoonDay(k + 1, tz), tz);
  let previous: number;
  do {
    previous = sector;
    i++;
    sector = sunSector(newMoonDay(k + i, tz), tz);
  } while (sector !== previous && i < 14);
  return i - 1;
}

/** The lunar date of a Gregorian date (Vietnam: UTC+7 unless another zone is given). */
export function toLunar(date: LocalDate, tz = VIETNAM_TIME_ZONE_HOURS): LunarDate {
  const jdn = jdnOf(date);
  const y = dateParts(date).year;
  const k = Math.floor((jdn - NEW_MOON_1900) / SYNODIC_MONTH);
  let monthStart = newMoonDay(k + 1, tz);
  if (monthStart > jdn) monthStart = newMoonDay(k, tz);
  let a11 = month11(y, tz);
  let b11 = a11;
  let year: number;
  if (a11 >= monthStart) {
    year = y;
    a11 = month11(y - 1, tz);
  } else {
    year = y + 1;
    b11 = month11(y + 1, tz);
  }
  const day = jdn - monthStart + 1;
  const diff = Math.floor((monthStart - a11) / 29);
  let leap = false;
  let month = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, tz);
    if (diff >= leapDiff) {
      month = diff + 10;
      leap = diff === leapDiff;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) year -= 1;
  return { year, month, day, leap };
}

/**
 * The Gregorian date of a lunar date, or null when the lunar date does not exist
 * (a leap month the year does not have, or day 30 of a 29-day month).
 */
export function fromLunar(lunar: LunarDate, tz = VIETNAM_TIME_ZONE_HOURS): LocalDate | null {
  const { year, month, day, leap } = lunar;
  if (month < 1 || month > 12 || day < 1 || day > 30) return null;
  const a11 = month < 11 ? month11(year - 1, tz) : month11(year, tz);
  const b11 = month < 11 ? month11(year, tz) : month11(year + 1, tz);
  const k = Math.floor(0.5 + (a11 - NEW_MOON_1900) / SYNODIC_MONTH);
  let offset = month - 11;
  if (offset < 0) offset += 12;
  if (b11 - a11 > 365) {
    const leapOffset = leapMonthOffset(a11, tz);
    let leapMonth = leapOffset - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) return null;
    if (leap || offset >= leapOffset) offset += 1;
  } else if (leap) {
    return null;
  }
  const monthStart = newMoonDay(k + offset, tz);
  const result = monthStart + day - 1;
  if (day === 30 && newMoonDay(k + offset + 1, tz) <= result) return null;
  return dateOfJdn(result);
}

/** Tết Nguyên Đán: the first day of the lunar year that starts in Gregorian year `year`. */
export function lunarNewYear(year: number, tz = VIETNAM_TIME_ZONE_HOURS): LocalDate {
  const date = fromLunar({ year, month: 1, day: 1, leap: false }, tz);
  if (!date) throw new RangeError(`no lunar new year for ${year}`);
  return date;
}
