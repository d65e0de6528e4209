import pg from 'pg';

/**
 * The pool and the transaction helper every repository uses.
 * `Db` is what repositories accept: the pool, or a client inside a transaction.
 */
export type Db = pg.Pool | pg.PoolClient;
export type ConnectionSettings = pg.PoolConfig;

// Dates stay strings ('YYYY-MM-DD'): a calendar date has no time zone, and turning
// it into a JS Date at midnight UTC shifts it a day for Vietnam (UTC+7).
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
// bigint counts are small enough for numbers everywhere we use them.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export function createPool(settings: ConnectionSettings, max = 20): pg.Pool {
  // JIT compiling pays off for long analytic queries only: on a server with it on, the inbox's
  // count over 10,000 open dossiers took 900 ms instead of 5, all of it compiling.
  const options = [settings.options, '-c jit=off'].filter(Boolean).join(' ');
  const pool = new pg.Pool({ ...settings, options, max, application_name: 'mot-cua' });
  // An idle client losing its server (a restart) must not crash the process.
  pool.on('error', () => undefined);
  return pool;
}

/** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
export async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
