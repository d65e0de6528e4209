import PgBoss from 'pg-boss';
import type pg from 'pg';
import { sendConsultationAlerts } from '../modules/notifications/consultation-alerts.ts';
import { insertDeadlineAlerts } from '../modules/notifications/notifications.repository.ts';
import { closeUnanswered } from '../modules/processes/close-unanswered.ts';

/** The background jobs of processing, by queue name. */
export const jobNames = { deadlineAlerts: 'deadline-alerts', closeUnanswered: 'close-unanswered' } as const;

const HOUR_MS = 3600 * 1000;
/** A deadline is near within this time before it (the inbox's "near due" too): the same rule for steps and consultations. */
export const NEAR_DUE_MS = 24 * HOUR_MS;

/**
 * Starts the background jobs on pg-boss, in the database itself: near-due and
 * overdue alerts every 10 minutes (of steps, and of opinions asked of another
 * agency), the 15-day closure every hour. Jobs are rows, so a job sent before
 * a restart runs after it; several app processes on one database share the
 * queues (each job is fetched by one of them, a cron fires once per tick), and
 * the handlers are idempotent besides (notices are unique, a closure is
 * checked again under the dossier's lock). `work: false`
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
  for (const name of Object.values(jobNames)) await createQueue(boss, name);
  await boss.schedule(jobNames.deadlineAlerts, '*/10 * * * *', {}, { tz: 'Asia/Ho_Chi_Minh' });
  await boss.schedule(jobNames.closeUnanswered, '5 * * * *', {}, { tz: 'Asia/Ho_Chi_Minh' });
  if (options.work !== false) {
    const every = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 };
    await boss.work(jobNames.deadlineAlerts, every, async () => {
      const now = new Date();
      const horizon = new Date(now.getTime() + NEAR_DUE_MS);
      const written = await insertDeadlineAlerts(pool, now, horizon);
      if (written) log(`deadline alerts: ${written} new`);
      const consultations = await sendConsultationAlerts(pool, now, horizon);
      if (consultations.written) log(`consultation alerts: ${consultations.written} new`);
      if (consultations.unreadable.length) log(`consultation alerts: log not replayable for ${consultations.unreadable.join(', ')}`);
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

/**
 * Creates a queue if missing. Two processes starting at once on a new database may deadlock in
 * pg-boss's create_queue (the queue row and its table); the one PostgreSQL cancels tries again and
 * finds the queue made.
 */
async function createQueue(boss: PgBoss, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await boss.createQueue(name);
    } catch (err) {
      if ((err as { code?: string } | null)?.code !== '40P01' || attempt >= 5) throw err;
    }
  }
}
