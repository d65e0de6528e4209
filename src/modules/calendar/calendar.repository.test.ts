import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testDatabase } from '../../../test/helpers/database.ts';
import { listAdjustments, putAdjustment, removeAdjustment } from './calendar.repository.ts';
import { dueAt } from './due-date.ts';
import { loadCalendar } from './load-calendar.ts';
import { formatLocal, vietnamTime } from './local-time.ts';

// Needs the database server that `npm test` prepares; shown as skipped under a bare `node --test`.
const skip = process.env.TEST_DB_TEMPLATE ? false : 'needs `npm test -- calendar` (database)';
const pool = skip ? undefined : await testDatabase();

test('adjustments are stored, listed by year, replaced and removed', { skip }, async () => {
  const db = pool!;
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO staff (username, full_name, password_hash) VALUES ('lan.pt', 'Phạm Thị Lan', 'x') RETURNING id`,
  );
  const staffId = rows[0]!.id;
  const added = await putAdjustment(db, { date: '2025-05-02', kind: 'day_off', reason: 'Hoán đổi ngày làm việc', createdBy: staffId });
  assert.equal(added.replaced, false);
  assert.equal(added.date, '2025-05-02');
  assert.equal(added.createdBy, staffId);
  await putAdjustment(db, { date: '2025-04-26', kind: 'working_day', reason: 'Làm bù', createdBy: null });
  await putAdjustment(db, { date: '2024-12-31', kind: 'day_off', reason: 'Cuối năm', createdBy: null });
  await putAdjustment(db, { date: '2026-01-01', kind: 'working_day', reason: 'Thử', createdBy: null });

  assert.deepEqual(
    (await listAdjustments(db, 2025, 2025)).map((a) => `${a.date} ${a.kind} ${a.reason}`),
    ['2025-04-26 working_day Làm bù', '2025-05-02 day_off Hoán đổi ngày làm việc'],
  );
  assert.equal((await listAdjustments(db, 2024, 2026)).length, 4);

  const replaced = await putAdjustment(db, { date: '2025-04-26', kind: 'day_off', reason: 'Đổi lại', createdBy: staffId });
  assert.equal(replaced.replaced, true);
  assert.equal(replaced.kind, 'day_off');
  assert.equal((await listAdjustments(db, 2025, 2025)).length, 2);

  assert.equal((await removeAdjustment(db, '2025-04-26'))?.reason, 'Đổi lại');
  assert.equal(await removeAdjustment(db, '2025-04-26'), undefined);
  assert.deepEqual(
    (await listAdjustments(db, 2025, 2025)).map((a) => a.date),
    ['2025-05-02'],
  );
});

test('the table refuses unknown kinds and empty reasons', { skip }, async () => {
  const db = pool!;
  await assert.rejects(db.query(`INSERT INTO calendar_adjustments (date, kind, reason) VALUES ('2025-06-02', 'holiday', 'x')`), /check/i);
  await assert.rejects(db.query(`INSERT INTO calendar_adjustments (date, kind, reason) VALUES ('2025-06-03', 'day_off', '  ')`), /check/i);
});

test('the loaded calendar follows the stored adjustments of the years asked for', { skip }, async () => {
  const db = pool!;
  await putAdjustment(db, { date: '2027-04-24', kind: 'working_day', reason: 'Làm bù', createdBy: null });
  await putAdjustment(db, { date: '2027-04-29', kind: 'day_off', reason: 'Hoán đổi', createdBy: null });
  const calendar = await loadCalendar(db, { fromYear: 2027, toYear: 2027 });
  assert.equal(calendar.isWorkingDay('2027-04-24'), true);
  assert.equal(calendar.isWorkingDay('2027-04-29'), false);
  assert.equal(calendar.dayOffReason('2027-04-29'), 'Hoán đổi');
  // Received Wednesday 28/4/2027 with 1 working day: 29/4 swapped, 30/4 and 1/5 holidays, 2/5 Sunday, 3/5 compensatory.
  assert.equal(formatLocal(dueAt(vietnamTime('2027-04-28 10:00'), { value: 1, unit: 'working_days' }, calendar)), '2027-05-04 17:00');
  const without = await loadCalendar(db, { fromYear: 2025, toYear: 2026 });
  assert.equal(without.isWorkingDay('2027-04-29'), true, 'adjustments of other years are not loaded');
  await assert.rejects(loadCalendar(db, { fromYear: 2027, toYear: 2026 }), RangeError);
});
