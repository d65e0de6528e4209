import type pg from 'pg';
import { prerenderProcedurePages } from '../modules/catalog/procedure-pages.ts';

/**
 * Keeps every procedure page rendered and stored: after start, and whenever
 * `wake()` is called (public data changed), it renders the pages that are
 * missing in small batches, yielding between them so requests go first.
 * Several processes may run it; at worst a page is rendered twice.
 */
export function startPrerendering(pool: pg.Pool, log: (msg: string) => void): { wake(): void; stop(): void } {
  let stopped = false;
  let running = false;
  let again = false;
  const run = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      let total = 0;
      do {
        again = false;
        while (!stopped) {
          const rendered = await prerenderProcedurePages(pool);
          if (rendered === 0) break;
          total += rendered;
          await new Promise((resolve) => setImmediate(resolve));
        }
      } while (again && !stopped);
      if (total > 0) log(`Rendered ${total} procedure pages`);
    } catch (err) {
      log(`Rendering procedure pages stopped: ${(err as Error).message}`);
    } finally {
      running = false;
    }
  };
  const timer = setTimeout(run, 1000);
  timer.unref();
  return {
    wake: () => void run(),
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
