import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  acceptanceDeadline,
  dueAt,
  forwardingDeadline,
  notificationDeadline,
  receptionDay,
  timeliness,
  type TimeLimit,
} from './due-date.ts';
import { formatLocal, vietnamTime } from './local-time.ts';
import { WorkingCalendar } from './working-calendar.ts';

const rules = new WorkingCalendar();
const at = vietnamTime;
const due = (received: string, value: number, unit: TimeLimit['unit'], calendar = rules) =>
  formatLocal(dueAt(at(received), { value, unit }, calendar));

test('working days start the day after receipt and end at the close of the last one', () => {
  assert.equal(due('2025-03-10 10:00', 3, 'working_days'), '2025-03-13 17:00'); // Monday → Thursday
  assert.equal(due('2025-03-10 10:00', 5, 'working_days'), '2025-03-17 17:00'); // over a weekend
  assert.equal(due('2025-03-14 10:00', 1, 'working_days'), '2025-03-17 17:00'); // Friday → Monday
  assert.equal(due('2025-03-10 07:00', 1, 'working_days'), '2025-03-11 17:00'); // before opening: the same day of receipt
});

test('received at 14:59 counts that day; at 15:01 the next working day (15:00 itself is not after)', () => {
  assert.equal(due('2025-03-10 14:59', 1, 'working_days'), '2025-03-11 17:00');
  assert.equal(due('2025-03-10 15:00', 1, 'working_days'), '2025-03-11 17:00');
  assert.equal(due('2025-03-10 15:01', 1, 'working_days'), '2025-03-12 17:00');
  assert.equal(due('2025-03-14 15:01', 1, 'working_days'), '2025-03-18 17:00'); // Friday late → counts from Monday
  assert.equal(receptionDay(at('2025-03-14 15:01'), rules), '2025-03-17');
  assert.equal(due('2025-03-10 15:01', 10, 'days'), '2025-03-21 17:00');
  const noCutoff = new WorkingCalendar({ cutoff: null });
  assert.equal(due('2025-03-10 16:59', 1, 'working_days', noCutoff), '2025-03-11 17:00');
  const cutoff16 = new WorkingCalendar({ cutoff: '16:00' });
  assert.equal(due('2025-03-10 15:30', 1, 'working_days', cutoff16), '2025-03-11 17:00');
});

test('received on a day off counts from the next working day', () => {
  assert.equal(due('2025-03-15 09:00', 1, 'working_days'), '2025-03-18 17:00'); // Saturday
  assert.equal(due('2025-04-30 09:00', 1, 'working_days'), '2025-05-05 17:00'); // on 30 April: counts from Friday 2 May
});

test('around Tết, 30/4–1/5 and 2/9', () => {
  assert.equal(due('2026-02-13 10:00', 3, 'working_days'), '2026-02-25 17:00'); // Tết 2026: 14–22 February off
  assert.equal(due('2024-02-08 09:00', 1, 'working_days'), '2024-02-16 17:00'); // Tết 2024 and two compensatory days
  // Tết 2025 by the rules: Monday 27/1 works, 28/1–1/2 Tết, Monday 3/2 makes up for Saturday 1/2.
  assert.equal(due('2025-01-24 10:00', 2, 'working_days'), '2025-02-04 17:00');
  assert.equal(due('2025-04-29 10:00', 2, 'working_days'), '2025-05-05 17:00');
  assert.equal(due('2025-08-29 14:00', 1, 'working_days'), '2025-09-03 17:00'); // 1–2 September 2025
  assert.equal(due('2024-08-30 14:00', 1, 'working_days'), '2024-09-04 17:00'); // 2–3 September 2024
  assert.equal(due('2025-12-31 10:00', 1, 'working_days'), '2026-01-02 17:00');
});

test('make-up Saturdays count and swapped days do not (30/4/2025)', () => {
  const adjusted = new WorkingCalendar({
    adjustments: [
      { date: '2025-05-02', kind: 'day_off', reason: 'Hoán đổi' },
      { date: '2025-04-26', kind: 'working_day', reason: 'Làm bù' },
    ],
  });
  assert.equal(due('2025-04-29 10:00', 2, 'working_days', adjusted), '2025-05-06 17:00');
  assert.equal(due('2025-04-25 10:00', 1, 'working_days', adjusted), '2025-04-26 17:00');
  assert.equal(due('2025-04-26 09:00', 1, 'working_days', adjusted), '2025-04-28 17:00'); // received on the make-up Saturday
});

test('fractions of a working day are that share of an office day after the whole days', () => {
  // The catalogue has "1,5 Ngày làm việc"; half of a 7.5-hour day is 3 h 45 min.
  assert.equal(due('2025-03-10 10:00', 0.5, 'working_days'), '2025-03-11 11:15');
  assert.equal(due('2025-03-10 10:00', 1.5, 'working_days'), '2025-03-12 11:15');
  assert.equal(due('2025-03-14 10:00', 0.5, 'working_days'), '2025-03-17 11:15');
  // Monotone: 1 < 1.5 < 2 working days.
  const one = dueAt(at('2025-03-10 10:00'), { value: 1, unit: 'working_days' }, rules).getTime();
  const oneHalf = dueAt(at('2025-03-10 10:00'), { value: 1.5, unit: 'working_days' }, rules).getTime();
  const two = dueAt(at('2025-03-10 10:00'), { value: 2, unit: 'working_days' }, rules).getTime();
  assert.ok(one < oneHalf && oneHalf < two);
});

test('working hours start at the moment of receipt, office time only', () => {
  assert.equal(due('2025-03-10 10:00', 4, 'working_hours'), '2025-03-10 16:00');
  assert.equal(due('2025-03-10 15:30', 4, 'working_hours'), '2025-03-11 10:00');
  assert.equal(due('2025-03-14 16:00', 8, 'working_hours'), '2025-03-17 16:30');
});

test('clock hours run through the night; an end on a day off moves to the close of the next working day', () => {
  assert.equal(due('2025-03-10 10:00', 24, 'hours'), '2025-03-11 10:00');
  assert.equal(due('2025-03-10 16:30', 1, 'hours'), '2025-03-10 17:30');
  assert.equal(due('2025-03-14 10:00', 24, 'hours'), '2025-03-17 17:00'); // ends on Saturday
  assert.equal(due('2025-04-29 10:00', 24, 'hours'), '2025-05-02 17:00'); // ends on 30 April
});

test('calendar days (Civil Code Art.147–148): from the day after, a last day off moves to the next working day', () => {
  assert.equal(due('2025-03-10 10:00', 10, 'days'), '2025-03-20 17:00');
  assert.equal(due('2025-03-10 10:00', 5, 'days'), '2025-03-17 17:00'); // 15 March is a Saturday
  assert.equal(due('2025-04-25 10:00', 5, 'days'), '2025-05-02 17:00'); // 30 April, then 1 May, are holidays
  assert.equal(due('2026-02-10 10:00', 7, 'days'), '2026-02-23 17:00'); // last day Tuesday 17/2 is Tết
  assert.equal(due('2025-03-10 10:00', 15, 'days'), '2025-03-25 17:00');
  assert.equal(due('2025-03-10 10:00', 1.5, 'days'), '2025-03-12 17:00'); // a part of a day counts as the whole day
});

test('months and years end on the corresponding day, or the last day of a shorter month', () => {
  assert.equal(due('2023-01-31 10:00', 1, 'months'), '2023-02-28 17:00');
  assert.equal(due('2024-01-31 10:00', 1, 'months'), '2024-02-29 17:00');
  // 30/4/2023 is a Sunday and a holiday, 1/5 a holiday, 2–3/5 compensatory days.
  assert.equal(due('2023-01-31 10:00', 3, 'months'), '2023-05-04 17:00');
  // 31/1/2025 is a Tết day: the dossier counts as received on Tuesday 4/2.
  assert.equal(due('2025-01-31 10:00', 1, 'months'), '2025-03-04 17:00');
  assert.equal(due('2025-11-28 10:00', 3, 'months'), '2026-03-02 17:00'); // 28 February 2026 is a Saturday
  assert.equal(due('2025-01-10 10:00', 1.5, 'months'), '2025-02-25 17:00'); // half a month: 15 days
  assert.equal(due('2024-02-29 10:00', 1, 'years'), '2025-02-28 17:00');
  assert.equal(due('2025-03-10 10:00', 1, 'years'), '2026-03-10 17:00');
});

test('a time limit must be a positive number', () => {
  for (const value of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(() => dueAt(at('2025-03-10 10:00'), { value, unit: 'working_days' }, rules), RangeError, String(value));
  }
});

test('finished early (an earlier day), on time (the due day), late (after the due moment); pending within time or overdue', () => {
  const dueMoment = at('2025-03-13 17:00');
  assert.equal(timeliness(dueMoment, at('2025-03-12 16:00'), at('2025-03-20 08:00')), 'early');
  assert.equal(timeliness(dueMoment, at('2025-03-13 00:10'), at('2025-03-20 08:00')), 'on_time');
  assert.equal(timeliness(dueMoment, at('2025-03-13 17:00'), at('2025-03-20 08:00')), 'on_time');
  assert.equal(timeliness(dueMoment, at('2025-03-13 17:01'), at('2025-03-20 08:00')), 'late');
  assert.equal(timeliness(dueMoment, null, at('2025-03-13 17:00')), 'within_time');
  assert.equal(timeliness(dueMoment, null, at('2025-03-13 17:01')), 'overdue');
  // 23:30 on the 12th in Hà Nội is already the 12th, not the 13th (16:30 UTC).
  assert.equal(timeliness(dueMoment, at('2025-03-12 23:30'), at('2025-03-20 08:00')), 'early');
});

test('online dossiers: accept within 8 working hours, notify staff within 2 hours', () => {
  assert.equal(formatLocal(acceptanceDeadline(at('2025-03-10 08:00'), rules)), '2025-03-11 08:30');
  assert.equal(formatLocal(acceptanceDeadline(at('2025-03-14 16:00'), rules)), '2025-03-17 16:30');
  assert.equal(formatLocal(acceptanceDeadline(at('2025-03-15 22:00'), rules)), '2025-03-18 08:00'); // Saturday night
  assert.equal(formatLocal(acceptanceDeadline(at('2026-02-13 17:30'), rules)), '2026-02-24 08:00'); // Friday before Tết
  assert.equal(formatLocal(notificationDeadline(at('2025-03-15 22:00'))), '2025-03-16 00:00');
});

test('forwarding: within the working day, or the next one when received after 15:00', () => {
  assert.equal(formatLocal(forwardingDeadline(at('2025-03-10 14:59'), rules)), '2025-03-10 17:00');
  assert.equal(formatLocal(forwardingDeadline(at('2025-03-10 15:01'), rules)), '2025-03-11 17:00');
  assert.equal(formatLocal(forwardingDeadline(at('2025-03-14 15:30'), rules)), '2025-03-17 17:00');
});
