import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dueAt } from '../calendar/due-date.ts';
import { vietnamTime as at } from '../calendar/local-time.ts';
import { WorkingCalendar } from '../calendar/working-calendar.ts';
import { jointTaskDue, jointTaskTimeliness } from './joint-task-timeliness.ts';
import type { JointTask } from './process-definition.ts';

// March 2026 has no holiday: office hours 07:30–11:30 and 13:30–17:00 (7.5 a day), the 15:00 cut-off.
// Monday 02/03 … Friday 06/03, Saturday 07/03, Sunday 08/03, Monday 09/03.
const calendar = new WorkingCalendar();
type Task = Pick<JointTask, 'allotment'>;
const hours = (amount: number): Task => ({ allotment: { amount, unit: 'working_hours' } });
const days = (amount: number): Task => ({ allotment: { amount, unit: 'working_days' } });
const due = (task: Task, since: string, cal = calendar) => jointTaskDue(task, at(since), cal);
const finished = (task: Task, since: string, done: string, cal = calendar) =>
  jointTaskTimeliness(task, at(since), at(done), cal, at('2026-12-31 08:00')).timeliness;
const pending = (task: Task, since: string, now: string) => jointTaskTimeliness(task, at(since), null, calendar, at(now)).timeliness;
const ms = (d: Date, n: number) => new Date(d.getTime() + n);

test('a task is due as processing counts a step: its allotment on the working calendar from when the step started', () => {
  for (const [task, since] of [
    [hours(8), '2026-03-02 09:00'],
    [days(1), '2026-03-06 15:30'],
    [days(1.5), '2026-03-02 10:00'],
    [hours(2), '2026-03-07 10:00'],
  ] as const)
    assert.deepEqual(due(task, since), dueAt(at(since), { value: task.allotment.amount, unit: task.allotment.unit }, calendar));
});

test('working hours: lunch, the evening and the weekend do not count; an end at a session close is that close', () => {
  // 09:00–11:30 and 13:30–17:00 give 6 hours on Monday; the other 2 end at 09:30 on Tuesday.
  assert.deepEqual(due(hours(8), '2026-03-02 09:00'), at('2026-03-03 09:30'));
  // Half an hour before lunch, half an hour after it.
  assert.deepEqual(due(hours(1), '2026-03-02 11:00'), at('2026-03-02 14:00'));
  assert.deepEqual(due(hours(3.5), '2026-03-02 13:30'), at('2026-03-02 17:00'));
  assert.deepEqual(due(hours(0.5), '2026-03-02 11:00'), at('2026-03-02 11:30'));
  // Friday afternoon into Monday morning; a step started on Saturday counts from Monday's opening.
  assert.deepEqual(due(hours(2), '2026-03-06 16:00'), at('2026-03-09 08:30'));
  assert.deepEqual(due(hours(2), '2026-03-07 10:00'), at('2026-03-09 09:30'));
  assert.deepEqual(due(hours(2), '2026-03-02 06:00'), at('2026-03-02 09:30'));
});

test('working days: from the next working day, to the close of office; the 15:00 cut-off and days off move it', () => {
  assert.deepEqual(due(days(1), '2026-03-02 10:00'), at('2026-03-03 17:00'));
  assert.deepEqual(due(days(1), '2026-03-02 15:00'), at('2026-03-03 17:00'));
  // After 15:00 the step counts as started the next working day.
  assert.deepEqual(due(days(1), '2026-03-02 15:01'), at('2026-03-04 17:00'));
  assert.deepEqual(due(days(1), '2026-03-06 10:00'), at('2026-03-09 17:00'));
  assert.deepEqual(due(days(1), '2026-03-06 15:30'), at('2026-03-10 17:00'));
  assert.deepEqual(due(days(1), '2026-03-07 10:00'), at('2026-03-10 17:00'));
  // Half a working day is 3.75 office hours after the whole days.
  assert.deepEqual(due(days(1.5), '2026-03-02 10:00'), at('2026-03-04 11:15'));
  // A province's day off inside the allotment, and a make-up working Saturday.
  const adjusted = new WorkingCalendar({
    adjustments: [
      { date: '2026-03-03', kind: 'day_off', reason: 'Nghỉ bù' },
      { date: '2026-03-07', kind: 'working_day', reason: 'Làm bù' },
    ],
  });
  assert.deepEqual(due(hours(8), '2026-03-02 09:00', adjusted), at('2026-03-04 09:30'));
  assert.deepEqual(due(days(1), '2026-03-06 10:00', adjusted), at('2026-03-07 17:00'));
  // Reunification Day and Labour Day (Thursday 30/04 and Friday 01/05/2026), then the weekend.
  assert.deepEqual(due(days(2), '2026-04-29 10:00'), at('2026-05-05 17:00'));
  assert.deepEqual(due(hours(4), '2026-04-29 15:00'), at('2026-05-04 09:30'));
});

test('finished exactly at the deadline is on time; a millisecond later is late; an earlier day is early', () => {
  const task = hours(8);
  const since = '2026-03-02 09:00'; // due Tuesday 03/03 09:30
  assert.equal(finished(task, since, '2026-03-03 09:30'), 'on_time');
  assert.equal(jointTaskTimeliness(task, at(since), ms(at('2026-03-03 09:30'), 1), calendar, at(since)).timeliness, 'late');
  assert.equal(finished(task, since, '2026-03-03 09:31'), 'late');
  assert.equal(finished(task, since, '2026-03-05 08:00'), 'late');
  // The due day itself, even first thing in the morning, is on time; the day before is early.
  assert.equal(finished(task, since, '2026-03-03 07:30'), 'on_time');
  assert.equal(finished(task, since, '2026-03-03 00:00'), 'on_time');
  assert.equal(finished(task, since, '2026-03-02 23:59'), 'early');
  assert.equal(finished(task, since, '2026-03-02 09:05'), 'early');
});

test('a task due the day it started can only be on time or late; one finished at the close of a working-day allotment is on time', () => {
  assert.equal(finished(hours(1), '2026-03-02 11:00', '2026-03-02 11:29'), 'on_time');
  assert.equal(finished(hours(1), '2026-03-02 11:00', '2026-03-02 14:00'), 'on_time');
  assert.equal(finished(hours(1), '2026-03-02 11:00', '2026-03-02 14:01'), 'late');
  assert.equal(finished(hours(3.5), '2026-03-02 13:30', '2026-03-02 17:00'), 'on_time');
  assert.equal(finished(days(1), '2026-03-06 15:30', '2026-03-10 17:00'), 'on_time');
  assert.equal(finished(days(1), '2026-03-06 15:30', '2026-03-10 17:01'), 'late');
  // Work done over the weekend, before the Monday it was due: early.
  assert.equal(finished(days(1), '2026-03-06 10:00', '2026-03-08 10:00'), 'early');
  assert.equal(finished(hours(2), '2026-03-07 10:00', '2026-03-07 11:00'), 'early');
});

test('a pending task is within time up to its deadline and overdue after it; the deadline does not move with now', () => {
  const task = hours(8);
  const since = '2026-03-02 09:00';
  assert.equal(pending(task, since, '2026-03-02 09:00'), 'within_time');
  assert.equal(pending(task, since, '2026-03-03 09:30'), 'within_time');
  assert.equal(pending(task, since, '2026-03-03 09:31'), 'overdue');
  // Over the weekend a one-day task started on Friday morning is still within time until Monday's close.
  assert.equal(pending(days(1), '2026-03-06 10:00', '2026-03-08 23:00'), 'within_time');
  assert.equal(pending(days(1), '2026-03-06 10:00', '2026-03-09 17:00'), 'within_time');
  assert.equal(pending(days(1), '2026-03-06 10:00', '2026-03-09 17:01'), 'overdue');
  const a = jointTaskTimeliness(task, at(since), null, calendar, at('2026-03-02 10:00'));
  const b = jointTaskTimeliness(task, at(since), null, calendar, at('2026-03-09 10:00'));
  assert.deepEqual([a.due, a.finishedAt], [b.due, null]);
});

test('tasks of one joint step run in parallel from the same start, each against its own allotment', () => {
  const since = at('2026-03-02 14:00');
  const done = at('2026-03-03 16:00');
  const [short, long] = [hours(4), days(2)].map((t) => jointTaskTimeliness(t, since, done, calendar, done));
  assert.deepEqual(short!.due, at('2026-03-03 08:30'));
  assert.equal(short!.timeliness, 'late');
  assert.deepEqual(long!.due, at('2026-03-04 17:00'));
  assert.equal(long!.timeliness, 'early');
});
