import type pg from 'pg';
import type { Config } from '../config.ts';
import { AppAlreadyRunning, embeddedConnection, startEmbedded, type EmbeddedServer } from './embedded.ts';
import { migrate } from './migrate.ts';
import { createPool } from './pool.ts';

export interface Database {
  pool: pg.Pool;
  /** Ends the pool and, for the embedded server, stops it cleanly. */
  close(): Promise<void>;
}

export const embeddedDatabaseName = 'motcua';

/**
 * Connects to DATABASE_URL, or starts the embedded server on DATA_DIR, and
 * brings the schema up to date. The same code and migrations serve both.
 */
export async function openDatabase(
  config: Config,
  log: (msg: string) => void,
  options: { joinRunningApp?: boolean } = {},
): Promise<Database> {
  let server: EmbeddedServer | undefined;
  let pool: pg.Pool;
  if (config.databaseUrl) {
    pool = createPool({ connectionString: config.databaseUrl });
  } else {
    try {
      server = await startEmbedded(config.dataDir, log);
      await ensureDatabase(createPool(server.connection('postgres'), 1), embeddedDatabaseName);
    } catch (err) {
      // A command-line tool may work beside the running app, through the app's server.
      if (!(err instanceof AppAlreadyRunning && options.joinRunningApp)) throw err;
      log('The app is running on this data folder; working through its database server');
    }
    pool = createPool(embeddedConnection(config.dataDir, embeddedDatabaseName));
  }
  try {
    const applied = await migrate(pool);
    if (applied.length) log(`Applied migrations: ${applied.join(', ')}`);
  } catch (err) {
    await pool.end();
    await server?.stop();
    throw err;
  }
  return {
    pool,
    async close() {
      await pool.end();
      await server?.stop();
    },
  };
}

async function ensureDatabase(admin: pg.Pool, name: string): Promise<void> {
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
}
