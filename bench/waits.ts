import type pg from 'pg';
import { createPool } from '../src/db/pool.ts';

type Activity = { state: string; wait_event_type: string | null; wait_event: string | null; query: string };

/** What a busy connection of the app is doing, in words a reader of the bench note understands. */
function classify(r: Activity): string {
  if (r.state === 'idle in transaction') return 'in a transaction, waiting for the app';
  const commit = r.query.trim() === 'COMMIT';
  if (r.wait_event_type === 'Lock') {
    if (r.query.includes('dossier_counters')) return "lock: the day's counter row";
    if (r.query.includes('audit_head')) return 'lock: the audit head';
    if (commit) return `lock at COMMIT (${r.wait_event}: NOTIFY's queue)`;
    if (r.query.includes('FROM dossiers')) return 'lock: a dossier row';
    return `lock (${r.wait_event}): ${r.query.replace(/\s+/g, ' ').slice(0, 40)}`;
  }
  if (r.wait_event?.startsWith('WAL') || r.wait_event_type === 'IO') return `commit/IO (${r.wait_event})`;
  if (r.wait_event_type === 'LWLock') return `LWLock ${r.wait_event}`;
  if (!r.wait_event_type) return `running in PostgreSQL (${commit ? 'COMMIT' : 'a statement'})`;
  return `${r.wait_event_type}: ${r.wait_event}`;
}

/**
 * Samples pg_stat_activity every 25 ms on a connection of its own while a load runs; `stop()`
 * says, for each kind of wait, how many of the app's connections were in it on average.
 */
export function sampleWaits(settings: pg.PoolConfig): { stop(): Promise<string> } {
  const pool = createPool(settings, 1);
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await pool.query<Activity>(
        `SELECT state, wait_event_type, wait_event, query FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND state <> 'idle'`,
      );
      samples++;
      for (const r of rows) counts.set(classify(r), (counts.get(classify(r)) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await pool.end();
      const busy = [...counts].sort((a, b) => b[1] - a[1]);
      return busy.map(([what, n]) => `${what} ${(n / Math.max(1, samples)).toFixed(1)}`).join(', ') || 'no busy connection seen';
    },
  };
}
