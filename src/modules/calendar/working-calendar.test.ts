import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addCalendarDays, formatLocal, vietnamTime, type LocalDate } from './local-time.ts';
import { officeHours, WorkingCalendar, type CalendarAdjustment } from './working-calendar.ts';

const rules = new WorkingCalendar();
const at = vietnamTime;
const plus = (start: string, hours: number, calendar = rules) => formatLocal(calendar.addWorkingHours(at(start), hours));

function daysOff(calendar: WorkingCalendar, from: LocalDate, to: LocalDate): LocalDate[] {
  const out: LocalDate[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) if (!calendar.isWorkingDay(d)) out.push(d);
  return out;
}

test('weekends and holidays are days off, other days are working days', () => {
  assert.equal(rules.isWorkingDay('2025-03-10'), true); // Monday
  assert.equal(rules.isWorkingDay('2025-03-15'), false); // Saturday
  assert.equal(rules.isWorkingDay('2025-03-16'), false); // Sunday
  assert.equal(rules.isWorkingDay('2025-04-30'), false);
  assert.equal(rules.isWorkingDay('2025-05-01'), false);
  assert.equal(rules.isWorkingDay('2025-05-02'), true);
  assert.equal(rules.isWorkingDay('2025-09-01'), false);
  assert.equal(rules.isWorkingDay('2025-09-03'), true);
  assert.equal(rules.dayOffReason('2025-04-07'), 'Giỗ Tổ Hùng Vương');
  assert.equal(rules.dayOffReason('2025-03-15'), 'Nghỉ hằng tuần');
  assert.equal(rules.dayOffReason('2025-03-10'), null);
  assert.deepEqual(daysOff(rules, '2026-02-13', '2026-02-23'), [
    '2026-02-14',
    '2026-02-15',
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-21',
    '2026-02-22',
  ]);
});

test('adjustments win: a swapped day off and its make-up Saturday (30/4–1/5/2025)', () => {
  // 2025: the government gave Friday 2 May off in exchange for Saturday 26 April.
  const adjusted = new WorkingCalendar({
    adjustments: [
      { date: '2025-05-02', kind: 'day_off', reason: 'Hoán đổi ngày làm việc' },
      { date: '2025-04-26', kind: 'working_day', reason: 'Làm bù cho ngày 02/5' },
    ],
  });
  assert.deepEqual(daysOff(adjusted, '2025-04-25', '2025-05-05'), [
    '2025-04-27',
    '2025-04-30',
    '2025-05-01',
    '2025-05-02',
    '2025-05-03',
    '2025-05-04',
  ]);
  assert.equal(adjusted.dayOffReason('2025-05-02'), 'Hoán đổi ngày làm việc');
  assert.equal(adjusted.addWorkingDays('2025-04-25', 1), '2025-04-26');
  assert.equal(adjusted.addWorkingDays('2025-04-29', 1), '2025-05-05');
  assert.equal(rules.addWorkingDays('2025-04-29', 1), '2025-05-02');
});

test('adjustments replace the Tết days of the rules (Tết 2023: 20–26 January instead of 21–27)', () => {
  const adjustments: CalendarAdjustment[] = [
    { date: '2023-01-20', kind: 'day_off', reason: 'Tết Nguyên đán (29 tháng Chạp)' },
    { date: '2023-01-27', kind: 'working_day', reason: 'Theo thông báo lịch nghỉ Tết' },
  ];
  assert.deepEqual(daysOff(rules, '2023-01-19', '2023-01-28'), [
    '2023-01-21',
    '2023-01-22',
    '2023-01-23',
    '2023-01-24',
    '2023-01-25',
    '2023-01-26',
    '2023-01-27',
    '2023-01-28',
  ]);
  const adjusted = new WorkingCalendar({ adjustments });
  assert.deepEqual(daysOff(adjusted, '2023-01-19', '2023-01-28'), [
    '2023-01-20',
    '2023-01-21',
    '2023-01-22',
    '2023-01-23',
    '2023-01-24',
    '2023-01-25',
    '2023-01-26',
    '2023-01-28',
  ]);
  assert.equal(adjusted.holidaysOn('2023-01-27')[0]?.kind, 'compensatory', 'the rule is still known, the adjustment wins');
});

test('working days: forward, backward, zero, and counted between dates', () => {
  assert.equal(rules.addWorkingDays('2025-03-14', 1), '2025-03-17'); // Friday → Monday
  assert.equal(rules.addWorkingDays('2025-03-10', 5), '2025-03-17');
  assert.equal(rules.addWorkingDays('2025-03-17', -1), '2025-03-14');
  assert.equal(rules.addWorkingDays('2025-03-15', 0), '2025-03-17');
  assert.equal(rules.addWorkingDays('2025-03-12', 0), '2025-03-12');
  assert.equal(rules.addWorkingDays('2024-02-08', 1), '2024-02-16'); // across Tết 2024 and its two compensatory days
  assert.equal(rules.addWorkingDays('2025-08-29', 1), '2025-09-03'); // across 1–2 September 2025
  assert.equal(rules.addWorkingDays('2025-12-31', 1), '2026-01-02'); // across New Year
  assert.equal(rules.addWorkingDays('2026-02-20', -1), '2026-02-13');
  assert.equal(rules.workingDaysBetween('2025-03-10', '2025-03-17'), 5);
  assert.equal(rules.workingDaysBetween('2025-03-17', '2025-03-10'), 0);
  assert.throws(() => rules.addWorkingDays('2025-03-10', 1.5), RangeError);
});

test('working hours count office time only (07:30–11:30, 13:30–17:00)', () => {
  assert.equal(rules.workingDayHours, 7.5);
  assert.equal(plus('2025-03-10 10:00', 4), '2025-03-10 16:00');
  assert.equal(plus('2025-03-10 07:30', 4), '2025-03-10 11:30', 'ends at the close of the morning, not at 13:30');
  assert.equal(plus('2025-03-10 12:00', 1), '2025-03-10 14:30', 'lunch does not count');
  assert.equal(plus('2025-03-10 18:00', 1), '2025-03-11 08:30', 'evening counts from the next opening');
  assert.equal(plus('2025-03-10 06:00', 0.5), '2025-03-10 08:00');
  assert.equal(plus('2025-03-10 10:00', 8), '2025-03-11 10:30');
  assert.equal(plus('2025-03-14 16:00', 2), '2025-03-17 08:30', 'Friday afternoon → Monday');
  assert.equal(plus('2025-03-15 09:00', 1), '2025-03-17 08:30', 'Saturday → Monday');
  assert.equal(plus('2026-02-13 16:00', 2), '2026-02-23 08:30', 'over Tết 2026');
  assert.equal(plus('2025-03-10 10:15', 0), '2025-03-10 10:15');
  assert.equal(plus('2025-03-10 10:00', 7.5 * 3), '2025-03-13 10:00');
  assert.throws(() => rules.addWorkingHours(at('2025-03-10 10:00'), -1), RangeError);
});

test('a province sets its own office hours; a make-up Saturday has them too', () => {
  const thanhHoa = new WorkingCalendar({
    officeHours: officeHours('07:00-11:30', '13:30-17:00'),
    adjustments: [{ date: '2025-04-26', kind: 'working_day', reason: 'Làm bù' }],
  });
  assert.equal(thanhHoa.workingDayHours, 8);
  assert.equal(plus('2025-04-25 16:00', 2, thanhHoa), '2025-04-26 08:00');
  assert.equal(formatLocal(thanhHoa.endOfOffice('2025-04-26')), '2025-04-26 17:00');
  assert.throws(() => officeHours('13:30-17:00', '07:30-11:30'), RangeError);
  assert.throws(() => officeHours('17:00-07:30'), RangeError);
});
