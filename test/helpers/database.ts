import { randomBytes } from 'node:crypto';
import { after } from 'node:test';
import type pg from 'pg';
import { createPool } from '../../src/db/pool.ts';

/**
 * A fresh database for one test file, cloned from the migrated template that
 * test/run.ts prepared (with `demo`, the template that also holds the demo
 * province, its accounts and the shipped catalogue), dropped when the file's tests end.
 */
export async function testDatabase(options: { demo?: boolean } = {}): Promise<pg.Pool> {
  return (await testDatabaseWithUrl(options)).pool;
}

/** The same, with a DATABASE_URL for the program to use as a child process. */
export async function testDatabaseWithUrl(options: { demo?: boolean } = {}): Promise<{ pool: pg.Pool; url: string }> {
  const adminSettings = process.env.TEST_DB_ADMIN;
  const template = process.env.TEST_DB_TEMPLATE;
  if (!adminSettings || !template) throw new Error('Run the tests with `npm test` (it prepares the database server).');
  const admin: pg.PoolConfig = JSON.parse(adminSettings);
  const runPid = template.split('_').pop();
  const name = `t_${runPid}_${randomBytes(5).toString('hex')}`;
  const adminPool = createPool(admin, 1);
  await adminPool.query(`CREATE DATABASE ${name} TEMPLATE ${template}${options.demo ? '_demo' : ''}`);
  const pool = createPool(databaseOn(admin, name), 10);
  after(async () => {
    await pool.end();
    await adminPool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await adminPool.end();
  });
  return { pool, url: connectionUrl(databaseOn(admin, name)) };
}

function connectionUrl(settings: pg.PoolConfig): string {
  if (settings.connectionString) return settings.connectionString;
  // A Unix-socket server: libpq-style URL with the socket folder as `host`.
  return `postgresql://${settings.user}@localhost/${settings.database}?host=${encodeURIComponent(String(settings.host))}`;
}

export function databaseOn(settings: pg.PoolConfig, database: string): pg.PoolConfig {
  if (settings.connectionString) {
    const url = new URL(settings.connectionString);
    url.pathname = `/${database}`;
    return { connectionString: url.toString() };
  }
  return { ...settings, database };
}
