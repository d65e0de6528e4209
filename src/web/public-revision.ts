import type pg from 'pg';
import type { Db } from '../db/pool.ts';

/**
 * Keeps the page cache honest across processes. A change to public data calls
 * `bumpPublicRevision` inside its transaction; every process polls the one-row
 * counter and calls `onChange` (empty the page cache...) when the number moves, so another process's
 * import is visible within `intervalMs`.
 */
export async function bumpPublicRevision(db: Db): Promise<void> {
  await db.query('UPDATE public_revision SET revision = revision + 1');
}

export function watchPublicRevision(pool: pg.Pool, onChange: () => void, intervalMs = 2000): () => void {
  let last: number | undefined;
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      const { rows } = await pool.query<{ revision: number }>('SELECT revision FROM public_revision');
      const revision = rows[0]?.revision;
      if (last !== undefined && revision !== last) onChange();
      last = revision;
    } catch {
      // The database may be restarting; the next tick tries again.
    } finally {
      running = false;
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
