import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addCalendarDays, localDate, type LocalDate } from './local-time.ts';
import { fromLunar, lunarNewYear, toLunar } from './lunar.ts';

// Tết Nguyên Đán as published in Vietnamese calendars (lịch vạn niên).
const TET: Record<number, LocalDate> = {
  1985: '1985-01-21',
  2000: '2000-02-05',
  2007: '2007-02-17',
  2010: '2010-02-14',
  2015: '2015-02-19',
  2017: '2017-01-28',
  2019: '2019-02-05',
  2020: '2020-01-25',
  2021: '2021-02-12',
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-02',
};

test('Tết falls on the published dates', () => {
  for (const [year, date] of Object.entries(TET)) {
    assert.equal(lunarNewYear(Number(year)), date, `Tết ${year}`);
    assert.deepEqual(toLunar(date), { year: Number(year), month: 1, day: 1, leap: false }, date);
  }
});

test('Vietnam (UTC+7) and China (UTC+8) differ where the new moon falls in the hour between', () => {
  // Tết 1985: Vietnam 21 January, China 20 February; 2007: 17 vs 18 February; 2030: 2 vs 3 February.
  assert.equal(lunarNewYear(1985, 8), '1985-02-20');
  assert.equal(lunarNewYear(2007, 8), '2007-02-18');
  assert.equal(lunarNewYear(2030, 8), '2030-02-03');
  assert.equal(lunarNewYear(2024, 8), '2024-02-10');
  assert.deepEqual(toLunar('1985-01-21', 8), { year: 1984, month: 12, day: 1, leap: false });
});

test("Hùng Kings' day is the 10th of the 3rd lunar month", () => {
  const hung: Record<number, LocalDate> = {
    2021: '2021-04-21',
    2022: '2022-04-10',
    2023: '2023-04-29',
    2024: '2024-04-18',
    2025: '2025-04-07',
    2026: '2026-04-26',
  };
  for (const [year, date] of Object.entries(hung)) {
    assert.equal(fromLunar({ year: Number(year), month: 3, day: 10, leap: false }), date, `Hùng ${year}`);
    assert.deepEqual(toLunar(date), { year: Number(year), month: 3, day: 10, leap: false });
  }
});

test('leap months: 2023 repeats month 2, 2025 repeats month 6; other months have no leap', () => {
  assert.deepEqual(toLunar('2023-03-22'), { year: 2023, month: 2, day: 1, leap: true });
  assert.equal(fromLunar({ year: 2023, month: 2, day: 1, leap: true }), '2023-03-22');
  assert.equal(fromLunar({ year: 2023, month: 3, day: 1, leap: false }), '2023-04-20');
  assert.deepEqual(toLunar('2025-07-25'), { year: 2025, month: 6, day: 1, leap: true });
  assert.equal(fromLunar({ year: 2025, month: 3, day: 1, leap: true }), null);
  assert.equal(fromLunar({ year: 2024, month: 6, day: 1, leap: true }), null);
});

test('the last day of the lunar year is 29 or 30 of month 12', () => {
  assert.deepEqual(toLunar('2025-01-28'), { year: 2024, month: 12, day: 29, leap: false });
  assert.deepEqual(toLunar('2024-02-09'), { year: 2023, month: 12, day: 30, leap: false });
  assert.equal(fromLunar({ year: 2024, month: 12, day: 30, leap: false }), null, 'month 12 of 2024 has 29 days');
  assert.equal(fromLunar({ year: 2023, month: 12, day: 30, leap: false }), '2024-02-09');
});

test('every day 1990–2040 converts there and back, months are 29 or 30 days, years 12 or 13 months', () => {
  let date: LocalDate = '1990-01-01';
  let monthLength = -1; // unknown until the first month start
  let monthsInYear = 0;
  let previous = toLunar(addCalendarDays(date, -1));
  while (date < '2041-01-01') {
    const lunar = toLunar(date);
    assert.equal(fromLunar(lunar), date, `${date} → ${JSON.stringify(lunar)}`);
    if (lunar.day === 1) {
      assert.ok(previous.day === 29 || previous.day === 30, `month before ${date} has ${previous.day} days`);
      if (monthLength >= 0) assert.equal(monthLength, previous.day);
      monthLength = 0;
      monthsInYear++;
      if (lunar.month === 1 && !lunar.leap) {
        if (date > '1990-12-31') assert.ok(monthsInYear === 12 || monthsInYear === 13, `${monthsInYear} months before ${date}`);
        monthsInYear = 0;
      }
    } else {
      assert.equal(lunar.day, previous.day + 1, date);
    }
    if (monthLength >= 0) monthLength++;
    previous = lunar;
    date = addCalendarDays(date, 1);
  }
  assert.equal(localDate(2041, 1, 1), date);
});
