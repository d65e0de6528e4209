import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { testDatabase } from '../../test/helpers/database.ts';
import { createPool } from '../db/pool.ts';
import { jobNames, startProcessingJobs } from './processing-jobs.ts';

const pool = await testDatabase({ demo: true });
const quiet = () => undefined;
const DAY = 24 * 3600 * 1000;

/** A dossier whose supplement was asked `daysAgo` days ago (the log and the status as the desk's request leaves them). */
async function waitingForSupplement(code: string, daysAgo: number): Promise<void> {
  const { rows } = await pool.query(`SELECT id FROM agencies WHERE code = '000.00.31.H99'`);
  const at = new Date(Date.now() - daysAgo * DAY);
  const { rows: d } = await pool.query(
    `INSERT INTO dossiers (code, procedure_code, procedure_version, receiving_agency_id, channel, applicant, result_delivery, status, created_at)
     VALUES ($1, '1.001193', 1, $2, 'counter', '{"fullName":"Người Chờ"}', 'counter', 'supplement_requested', $3) RETURNING id`,
    [code, rows[0].id, at],
  );
  await pool.query(
    `INSERT INTO dossier_actions (dossier_id, at, actor_kind, actor_name, action, to_status, detail)
     VALUES ($1, $2, 'staff', 'Đỗ Văn Bình', 'request_supplement', 'supplement_requested', '{"reasons":["Giấy tờ"]}')`,
    [d[0].id, at],
  );
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (await check()) return;
    await sleep(100);
  }
  assert.fail(`never happened: ${what}`);
}

const statusOf = async (code: string) => (await pool.query(`SELECT status FROM dossiers WHERE code = $1`, [code])).rows[0].status;

test('a job sent before a restart runs after it; two processes on one database close a dossier once', async () => {
  await waitingForSupplement('000.00.31.H99-261101-0001', 16);
  await waitingForSupplement('000.00.31.H99-261201-0001', 6);

  // A process that only sends: the job waits in the database while nobody works.
  const sender = await startProcessingJobs(pool, quiet, { work: false });
  await sender.boss.send(jobNames.closeUnanswered, {});
  await sender.stop();
  assert.equal(await statusOf('000.00.31.H99-261101-0001'), 'supplement_requested');

  // Two processes start working on the same database (each with its own pool, as separate programs would).
  const otherPool = createPool(pool.options);
  const [a, b] = await Promise.all([
    startProcessingJobs(pool, quiet, { pollingIntervalSeconds: 0.5 }),
    startProcessingJobs(otherPool, quiet, { pollingIntervalSeconds: 0.5 }),
  ]);
  try {
    await until(async () => (await statusOf('000.00.31.H99-261101-0001')) === 'stopped', 'the 16-day-old request closed');
    // Both processes are told to sweep at once: still one closure, one log entry, one notice per desk officer.
    await Promise.all([a.boss.send(jobNames.closeUnanswered, {}), b.boss.send(jobNames.closeUnanswered, {})]);
    await sleep(2000);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    await otherPool.end();
  }
  const log = await pool.query(
    `SELECT a.action FROM dossier_actions a JOIN dossiers d ON d.id = a.dossier_id WHERE d.code = '000.00.31.H99-261101-0001' ORDER BY a.id`,
  );
  assert.deepEqual(
    log.rows.map((r) => r.action),
    ['request_supplement', 'close_unanswered'],
  );
  const notices = await pool.query(`SELECT staff_id FROM notifications WHERE dossier_code = '000.00.31.H99-261101-0001'`);
  assert.equal(notices.rowCount, 1, 'the commune has one desk officer, told once');
  assert.equal(await statusOf('000.00.31.H99-261201-0001'), 'supplement_requested', 'a 6-day-old request is left alone');
});
