import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isWeekend } from './local-time.ts';
import { defaultTetDays, hungKingsDay, nationalDayExtra, publicHolidays, statutoryHolidays } from './holidays.ts';

const days = (year: number, kind?: string) =>
  publicHolidays(year)
    .filter((h) => !kind || h.kind === kind)
    .map((h) => h.date);

test('the eleven statutory days off of Labour Code 2019 Art.112(1)', () => {
  for (const year of [2024, 2025, 2026, 2027]) {
    const list = statutoryHolidays(year);
    assert.equal(list.length, 11, `${year}`);
    assert.equal(new Set(list.map((h) => h.date)).size, 11);
  }
  assert.deepEqual(
    statutoryHolidays(2026).map((h) => `${h.date} ${h.name}`),
    [
      '2026-01-01 Tết Dương lịch',
      '2026-02-16 Tết Nguyên đán',
      '2026-02-17 Tết Nguyên đán',
      '2026-02-18 Tết Nguyên đán',
      '2026-02-19 Tết Nguyên đán',
      '2026-02-20 Tết Nguyên đán',
      '2026-04-26 Giỗ Tổ Hùng Vương',
      '2026-04-30 Ngày Chiến thắng',
      '2026-05-01 Ngày Quốc tế Lao động',
      '2026-09-01 Quốc khánh',
      '2026-09-02 Quốc khánh',
    ],
  );
});

test('Tết by default: the last day of the lunar year and the first four of the new one', () => {
  assert.deepEqual(defaultTetDays(2025), ['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01']);
  assert.deepEqual(defaultTetDays(2024), ['2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12', '2024-02-13']);
  assert.deepEqual(defaultTetDays(2027), ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09']);
  assert.equal(hungKingsDay(2025), '2025-04-07');
});

test('the day next to 2 September joins the weekend, as the government chose in 2021–2025', () => {
  assert.equal(nationalDayExtra(2021), '2021-09-03'); // Thursday → Friday
  assert.equal(nationalDayExtra(2022), '2022-09-01'); // Friday → Thursday
  assert.equal(nationalDayExtra(2023), '2023-09-01'); // Saturday → Friday
  assert.equal(nationalDayExtra(2024), '2024-09-03'); // Monday → Tuesday (1 September is a Sunday)
  assert.equal(nationalDayExtra(2025), '2025-09-01'); // Tuesday → Monday
  assert.equal(nationalDayExtra(2026), '2026-09-01'); // Wednesday: no precedent, the day before
  assert.equal(nationalDayExtra(2029), '2029-09-03'); // Sunday → Monday
});

test('a holiday on a weekend gives the next working day off (Art.111(3))', () => {
  // 2022: 1 January on Saturday → Monday 3 January; Hùng Kings on Sunday 10 April → Monday 11 April;
  // 30 April and 1 May on the weekend → Monday 2 and Tuesday 3 May (as the government announced).
  assert.deepEqual(days(2022, 'compensatory'), ['2022-01-03', '2022-04-11', '2022-05-02', '2022-05-03']);
  // 2023: Hùng Kings Saturday 29 April, 30 April Sunday, 1 May Monday → off until Wednesday 3 May;
  // 2 September Saturday → Monday 4 September.
  assert.deepEqual(days(2023, 'compensatory'), ['2023-01-02', '2023-01-26', '2023-01-27', '2023-05-02', '2023-05-03', '2023-09-04']);
  // 2024: two Tết days on the weekend (10, 11 Feb) → the two working days after the run of Tết.
  assert.deepEqual(days(2024, 'compensatory'), ['2024-02-14', '2024-02-15']);
  // 2025: Tết's fifth day on Saturday 1 February → Monday 3 February.
  assert.deepEqual(days(2025, 'compensatory'), ['2025-02-03']);
  assert.equal(publicHolidays(2025).find((h) => h.date === '2025-02-03')?.name, 'Nghỉ bù Tết Nguyên đán');
  // 2026: Hùng Kings on Sunday 26 April → Monday 27 April.
  assert.deepEqual(days(2026, 'compensatory'), ['2026-04-27']);
});

test('1990–2060: one compensatory weekday per holiday date on a weekend, never on another day off', () => {
  for (let y = 1990; y <= 2060; y++) {
    const statutory = new Set(statutoryHolidays(y).map((h) => h.date));
    const onWeekend = [...statutory].filter(isWeekend);
    const compensatory = days(y, 'compensatory');
    assert.equal(compensatory.length, onWeekend.length, `${y}`);
    for (const d of compensatory) assert.ok(!isWeekend(d) && !statutory.has(d), `${d}`);
  }
});
