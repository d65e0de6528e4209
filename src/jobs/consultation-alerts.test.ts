import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { testDatabase } from '../../test/helpers/database.ts';
import { createPool } from '../db/pool.ts';
import { sendConsultationAlerts } from '../modules/notifications/consultation-alerts.ts';
import { insertDeadlineAlerts } from '../modules/notifications/notifications.repository.ts';
import { departmentProcess, installProcess } from '../modules/processes/processes-fixture.ts';
import { jobNames, NEAR_DUE_MS, startProcessingJobs } from './processing-jobs.ts';

const pool = await testDatabase({ demo: true });
const quiet = () => undefined;
const HOUR = 3600 * 1000;

const one = async <T>(sql: string, values: unknown[] = []): Promise<T> => (await pool.query(sql, values)).rows[0];
const agency = async (code: string) => (await one<{ id: number }>(`SELECT id FROM agencies WHERE code = $1`, [code])).id;
const staffId = async (username: string) => (await one<{ id: number }>(`SELECT id FROM staff WHERE username = $1`, [username])).id;

// The department's process at the provincial centre: the civil-status unit's specialist appraises and asks the commune.
const centre = await installProcess(pool, '1.001193', '000.00.10.H99', departmentProcess('Quy trình thử'));
const commune = await agency('000.00.31.H99');
const communeDesk = (await one<{ id: number }>(`SELECT id FROM agencies WHERE parent_id = $1 AND kind = 'unit'`, [commune])).id;
const civilStatus = await agency('000.01.11.H99');
const specialist = await staffId('chuyenvien.stp');
const deskOfficer = await staffId('motcua.dongthanh');

/** A member of staff holding `role` at `agencyId` (locked, or the role revoked, when asked). */
async function person(username: string, role: string, agencyId: number, o: { locked?: boolean; revoked?: boolean } = {}) {
  const { id } = await one<{ id: number }>(
    `INSERT INTO staff (username, full_name, password_hash, locked) VALUES ($1, $1, 'x', $2) RETURNING id`,
    [username, o.locked ?? false],
  );
  await pool.query(`INSERT INTO staff_roles (staff_id, role, agency_id, revoked_at) VALUES ($1, $2, $3, $4)`, [
    id,
    role,
    agencyId,
    o.revoked ? new Date() : null,
  ]);
  return id;
}
// The commune's own one-stop unit answers too; an administrator, an inspector, a locked account, a revoked role do not.
const unitSpecialist = await person('chuyenvien.dongthanh', 'specialist', communeDesk);
await person('quantri.dongthanh', 'agency_admin', commune);
await person('thanhtra.dongthanh', 'inspector', commune);
await person('khoa.dongthanh', 'specialist', commune, { locked: true });
await person('cu.dongthanh', 'clerk', commune, { revoked: true });
const answerers = [deskOfficer, unitSpecialist].sort((a, b) => a - b);

let sequence = 0;
/**
 * A dossier at appraisal, claimed by the specialist, who asked the commune (one entry per
 * deadline in `asked`, each answered when said so), as act-on-dossier writes the log.
 */
async function consulting(asked: Array<{ answerBy: Date; answered?: boolean; agency?: string }>, o: { stepDueAt?: Date } = {}) {
  const code = `000.00.10.H99-261005-${String(++sequence).padStart(4, '0')}`;
  const open = asked.filter((c) => !c.answered);
  const waiting = await Promise.all(open.map((c) => agency(c.agency ?? '000.00.31.H99')));
  const { id } = await one<{ id: number }>(
    `INSERT INTO dossiers (code, procedure_code, procedure_version, receiving_agency_id, channel, applicant, result_delivery, status,
                           received_at, due_at, process_agency_id, process_version, current_step, step_agency_id, step_role,
                           assignee_id, step_due_at, waiting_agency_ids)
     VALUES ($1, '1.001193', 1, $2, 'counter', '{"fullName":"Người Hỏi"}', 'counter', 'processing', now() - interval '2 days',
             now() + interval '20 days', $2, 1, 'appraise', $3, 'specialist', $4, $5, $6) RETURNING id`,
    [code, centre, civilStatus, specialist, o.stepDueAt ?? new Date(Date.now() + 10 * 24 * HOUR), [...new Set(waiting)]],
  );
  const log = async (action: string, actorId: number, detail: Record<string, unknown>, toStatus = 'processing') =>
    one<{ id: number }>(
      `INSERT INTO dossier_actions (dossier_id, at, actor_kind, actor_id, actor_name, action, to_status, detail)
       VALUES ($1, now() - interval '1 day', 'staff', $2, 'Cán bộ', $3, $4, $5) RETURNING id`,
      [id, actorId, action, toStatus, detail],
    );
  await log('receive', await staffId('motcua.ttphc'), {}, 'received');
  await log('start', await staffId('motcua.ttphc'), { work: { kind: 'start' }, fromStep: null, toStep: 'appraise' });
  await log('claim', specialist, { work: { kind: 'claim' }, fromStep: 'appraise', toStep: 'appraise' });
  const consultations: number[] = [];
  for (const c of asked) {
    const work = { kind: 'consult', agency: c.agency ?? '000.00.31.H99', question: 'Xin xác nhận nơi cư trú', days: 1 };
    consultations.push((await log('consult', specialist, { work, fromStep: 'appraise', toStep: 'appraise', answerBy: c.answerBy })).id);
  }
  for (const [index, c] of asked.entries())
    if (c.answered) {
      const work = { kind: 'answer_consultation', index, answer: 'Đúng' };
      await log('answer_consultation', deskOfficer, { work, fromStep: 'appraise', toStep: 'appraise' });
    }
  return { code, consultations };
}

const noticesOf = async (code: string) =>
  (
    await pool.query<{ staff_id: number; kind: string; consultation_id: number | null; deadline: Date; message: string }>(
      `SELECT staff_id::int, kind, consultation_id::int, deadline, message FROM notifications WHERE dossier_code = $1 ORDER BY kind, consultation_id, staff_id`,
      [code],
    )
  ).rows;
const hoursFromNow = (h: number) => new Date(Date.now() + h * HOUR);

test('near its deadline an opinion alerts the consulted agency who may answer; overdue, also the officer who asked; answered, nobody', async () => {
  const near = await consulting([{ answerBy: hoursFromNow(5) }]);
  const overdue = await consulting([{ answerBy: hoursFromNow(-2) }]);
  const answered = await consulting([{ answerBy: hoursFromNow(-2), answered: true }]);
  // Answered while another opinion, not yet near, is still awaited: the dossier still waits, the answered one alerts nobody.
  const partly = await consulting([{ answerBy: hoursFromNow(-2), answered: true }, { answerBy: hoursFromNow(72) }]);
  const far = await consulting([{ answerBy: hoursFromNow(40) }]);

  const now = new Date();
  const written = await sendConsultationAlerts(pool, now, new Date(now.getTime() + NEAR_DUE_MS));
  assert.equal(written.written, answerers.length * 2 + 1);
  assert.deepEqual(written.unreadable, []);

  const nearNotices = await noticesOf(near.code);
  assert.deepEqual(
    nearNotices.map((n) => [n.staff_id, n.kind, n.consultation_id]),
    answerers.map((s) => [s, 'consultation_near_due', near.consultations[0]]),
  );
  assert.match(nearNotices[0]!.message, /sắp đến hạn trả lời xin ý kiến gửi Ủy ban nhân dân phường Đông Thành/);
  assert.deepEqual(
    (await noticesOf(overdue.code)).map((n) => [n.staff_id, n.kind]),
    [...answerers, specialist].sort((a, b) => a - b).map((s) => [s, 'consultation_overdue']),
  );
  assert.deepEqual(await noticesOf(answered.code), []);
  assert.deepEqual(await noticesOf(partly.code), []);
  assert.deepEqual(await noticesOf(far.code), []);

  // The same sweep again writes nothing; six hours later the near one is overdue: one alert of that kind more each, the asker too.
  assert.equal((await sendConsultationAlerts(pool, now, new Date(now.getTime() + NEAR_DUE_MS))).written, 0);
  const later = new Date(now.getTime() + 6 * HOUR);
  assert.equal((await sendConsultationAlerts(pool, later, new Date(later.getTime() + NEAR_DUE_MS))).written, answerers.length + 1);
  assert.deepEqual(
    (await noticesOf(near.code)).map((n) => n.kind),
    [...answerers.map(() => 'consultation_near_due'), ...[...answerers, specialist].map(() => 'consultation_overdue')],
  );
});

test('each consultation alerts on its own: two opinions with one deadline, and a step due at the same moment', async () => {
  const due = hoursFromNow(-1);
  const { code, consultations } = await consulting([{ answerBy: due }, { answerBy: due }], { stepDueAt: due });
  const now = new Date();
  await sendConsultationAlerts(pool, now, new Date(now.getTime() + NEAR_DUE_MS));
  const mine = (await noticesOf(code)).filter((n) => n.staff_id === specialist);
  assert.deepEqual(
    mine.map((n) => [n.kind, n.consultation_id]),
    consultations.map((c) => ['consultation_overdue', c]),
  );
  // The step's own overdue alert, with the same deadline, is still written beside them.
  await insertDeadlineAlerts(pool, now, new Date(now.getTime() + NEAR_DUE_MS));
  const kinds = (await noticesOf(code)).filter((n) => n.staff_id === specialist).map((n) => n.kind);
  assert.deepEqual(kinds, ['consultation_overdue', 'consultation_overdue', 'overdue']);
});

test('the alert job, run twice and by two processes on one database at once, alerts once per consultation and kind', async () => {
  const near = await consulting([{ answerBy: hoursFromNow(3) }]);
  const overdue = await consulting([{ answerBy: hoursFromNow(-3) }]);
  const otherPool = createPool(pool.options);
  const [a, b] = await Promise.all([
    startProcessingJobs(pool, quiet, { pollingIntervalSeconds: 0.5 }),
    startProcessingJobs(otherPool, quiet, { pollingIntervalSeconds: 0.5 }),
  ]);
  try {
    await a.boss.send(jobNames.deadlineAlerts, {});
    for (let i = 0; i < 150 && (await noticesOf(overdue.code)).length === 0; i++) await sleep(100);
    await Promise.all([a.boss.send(jobNames.deadlineAlerts, {}), b.boss.send(jobNames.deadlineAlerts, {})]);
    await sleep(2500);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    await otherPool.end();
  }
  assert.deepEqual(
    (await noticesOf(near.code)).map((n) => [n.staff_id, n.kind]),
    answerers.map((s) => [s, 'consultation_near_due']),
  );
  assert.deepEqual(
    (await noticesOf(overdue.code)).map((n) => [n.staff_id, n.kind]),
    [...answerers, specialist].sort((a, b) => a - b).map((s) => [s, 'consultation_overdue']),
  );
});
