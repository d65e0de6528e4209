import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addCalendarDays,
  addMonths,
  atLocal,
  formatLocal,
  localDateOf,
  localTimeOfDayMs,
  parseLocalDate,
  vietnamTime,
  weekday,
} from './local-time.ts';

test('Vietnam dates of instants do not depend on the machine time zone', () => {
  // 23:30 in Hà Nội is 16:30 UTC the same day; 00:30 in Hà Nội is 17:30 UTC the day before.
  assert.equal(localDateOf(new Date('2025-03-10T16:30:00Z')), '2025-03-10');
  assert.equal(localDateOf(new Date('2025-03-10T17:30:00Z')), '2025-03-11');
  assert.equal(localTimeOfDayMs(new Date('2025-03-10T17:30:00Z')), 30 * 60_000);
  assert.equal(atLocal('2025-03-11', '00:30').toISOString(), '2025-03-10T17:30:00.000Z');
  assert.equal(atLocal('2025-03-10', 17 * 60).toISOString(), '2025-03-10T10:00:00.000Z');
  assert.equal(vietnamTime('2025-01-01 07:30').toISOString(), '2025-01-01T00:30:00.000Z');
  assert.equal(formatLocal(new Date('2024-12-31T17:00:00Z')), '2025-01-01 00:00');
});

test('only real dates parse', () => {
  assert.equal(parseLocalDate('2024-02-29'), '2024-02-29');
  for (const bad of ['2025-02-29', '2025-13-01', '2025-1-1', '01/01/2025', '2025-04-31', '']) assert.equal(parseLocalDate(bad), null, bad);
  assert.throws(() => vietnamTime('2025-02-30 08:00'), RangeError);
  assert.throws(() => atLocal('2025-01-01', '25:00'), RangeError);
});

test('calendar arithmetic across months, years and leap days', () => {
  assert.equal(addCalendarDays('2024-02-28', 1), '2024-02-29');
  assert.equal(addCalendarDays('2025-02-28', 1), '2025-03-01');
  assert.equal(addCalendarDays('2025-12-31', 1), '2026-01-01');
  assert.equal(addCalendarDays('2025-01-01', -1), '2024-12-31');
  assert.equal(weekday('2025-01-01'), 3); // Wednesday
  assert.equal(weekday('2026-02-17'), 2); // Tuesday
});

test('a month later is the corresponding day, or the last day of a shorter month (Civil Code Art.148(3))', () => {
  assert.equal(addMonths('2025-01-31', 1), '2025-02-28');
  assert.equal(addMonths('2024-01-31', 1), '2024-02-29');
  assert.equal(addMonths('2025-03-31', 1), '2025-04-30');
  assert.equal(addMonths('2025-01-15', 1), '2025-02-15');
  assert.equal(addMonths('2025-11-30', 3), '2026-02-28');
  assert.equal(addMonths('2024-02-29', 12), '2025-02-28');
  assert.equal(addMonths('2025-05-31', -3), '2025-02-28');
});
