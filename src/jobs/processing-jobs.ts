import PgBoss from 'pg-boss';
import type pg from 'pg';
import { insertDeadlineAlerts } from '../modules/notifications/notifications.repository.ts';
import { closeUnanswered } from '../modules/processes/close-unanswered.ts';

/** The background jobs of processing, by queue name. */
export const jobNames = { deadlineAlerts: 'deadline-alerts', closeUnanswered: 'close-unanswered' } as const;

const HOUR_MS = 3600 * 1000;

/**
 * Starts the background jobs on pg-boss, in the database itself: near-due and
 * overdue alerts every 10 minutes, the 15-day closure every hour. Jobs are
 * rows, so a job sent before a restart runs after it; several app processes
 * on one database share the queues (each job is fetched by one of them, a cron
 * fires once per tick), and the handlers are idempotent besides (notices are
 * unique, a closure is checked again under the dossier's lock). `work: false`
 * starts the queues without taking jobs (a process that only sends).
 */
export async function startProcessingJobs(
  pool: pg.Pool,
  log: (message: string, err?: unknown) => void,
  options: { work?: boolean; pollingIntervalSeconds?: number } = {},
): Promise<{ boss: PgBoss; stop(): Promise<void> }> {
  const boss = new PgBoss({ db: { executeSql: (text, values) => pool.query(text, values) }, schema: 'pgboss' });
  boss.on('error', (err) => log('background job error', err));
  await boss.start();
  for (const name of Object.values(jobNames)) await boss.createQueue(name);
  await boss.schedule(jobNames.deadlineAlerts, '*/10 * * * *', {}, { tz: 'Asia/Ho_Chi_Minh' });
  await boss.schedule(jobNames.closeUnanswered, '5 * * * *', {}, { tz: 'Asia/Ho_Chi_Minh' });
  if (options.work !== false) {
    const every = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 };
    await boss.work(jobNames.deadlineAlerts, every, async () => {
      const now = new Date();
      const written = await insertDeadlineAlerts(pool, now, new Date(now.getTime() + 24 * HOUR_MS));
      if (written) log(`deadline alerts: ${written} new`);
    });
    await boss.work(jobNames.closeUnanswered, every, async () => {
      const closed = await closeUnanswered(pool, new Date());
      if (closed.length) log(`closed for want of a supplement: ${closed.join(', ')}`);
    });
  }
  return {
    boss,
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
