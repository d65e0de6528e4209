/**
 * The database server of a bench run: the embedded PostgreSQL started exactly
 * as test/run.ts starts it (a slot folder of its own under .test-data/), or the
 * server of DATABASE_URL. Databases are created per run and dropped at the end.
 */
import path from 'node:path';
import type pg from 'pg';
import { AppAlreadyRunning, startEmbedded, type EmbeddedServer } from '../src/db/embedded.ts';
import { createPool } from '../src/db/pool.ts';

export interface BenchServer {
  /** How the server was reached, for the report. */
  description: string;
  /** Settings of a database on this server. */
  settings(database: string): pg.PoolConfig;
  createDatabase(name: string, template?: string): Promise<void>;
  /** Drops every database this run created, then stops an embedded server. */
  close(): Promise<void>;
}

export async function openBenchServer(root: string, log: (msg: string) => void): Promise<BenchServer> {
  let server: EmbeddedServer | undefined;
  let admin: pg.PoolConfig;
  let description: string;
  if (process.env.DATABASE_URL) {
    admin = { connectionString: process.env.DATABASE_URL };
    description = 'DATABASE_URL';
  } else {
    // One embedded server per concurrent bench run: the first free slot folder.
    let slotDir = '';
    for (let slot = 0; !server; slot++) {
      slotDir = path.join(root, '.test-data', slot === 0 ? 'bench' : `bench-${slot}`);
      try {
        server = await startEmbedded(slotDir, log);
      } catch (err) {
        if (!(err instanceof AppAlreadyRunning) || slot >= 7) throw err;
      }
    }
    admin = server.connection('postgres');
    description = `embedded PostgreSQL in ${path.relative(root, slotDir)}`;
  }
  const adminPool = createPool(admin, 1);
  const created: string[] = [];
  const settings = (database: string): pg.PoolConfig => {
    if (admin.connectionString) {
      const url = new URL(admin.connectionString);
      url.pathname = `/${database}`;
      return { connectionString: url.toString() };
    }
    return { ...admin, database };
  };
  return {
    description,
    settings,
    async createDatabase(name, template) {
      if (!/^[a-z0-9_]+$/.test(name) || (template && !/^[a-z0-9_]+$/.test(template))) throw new Error(`bad database name ${name}`);
      await adminPool.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
      created.push(name);
    },
    async close() {
      for (const name of created.reverse()) {
        await adminPool
          .query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
          .catch((err: Error) => log(`Dropping ${name}: ${err.message}`));
      }
      await adminPool.end().catch(() => undefined);
      await server?.stop();
    },
  };
}
