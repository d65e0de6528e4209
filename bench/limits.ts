/**
 * The machine's limits, measured in the same run as the figures so that each
 * figure can be read as a share of what this (shared, drifting) machine can do
 * at that moment:
 * - a bare Fastify handler (the ceiling of any HTTP route of the app),
 * - primary-key SELECTs and single-row INSERT transactions on the same
 *   PostgreSQL (the ceilings of read and write paths), both through node-postgres
 *   in this process, with unnamed parameterised queries as the app's repositories
 *   send them.
 */
import Fastify from 'fastify';
import type pg from 'pg';
import { createPool } from '../src/db/pool.ts';
import type { LoadOptions, LoadResult, Limits } from './types.ts';

type Load = (options: Omit<LoadOptions, 'connections' | 'duration'> & Partial<LoadOptions>) => Promise<LoadResult>;

export async function bareHandler(load: Load): Promise<{ rps: number; p99: number }> {
  const app = Fastify({ logger: false });
  app.get('/', (_request, reply) => reply.type('text/plain; charset=utf-8').send('Một Cửa bench: bare handler'));
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const result = await load({ baseUrl: `http://127.0.0.1:${port}`, paths: ['/'] });
    return { rps: result.rps, p99: result.latency.p99 };
  } finally {
    await app.close();
  }
}

/** Runs `work` on `clients` connections for `seconds` (after `warmup` seconds), returning operations per second. */
async function hammer(
  pool: pg.Pool,
  clients: number,
  warmup: number,
  seconds: number,
  work: (client: pg.PoolClient, i: number) => Promise<void>,
): Promise<number> {
  const connections = await Promise.all(Array.from({ length: clients }, () => pool.connect()));
  try {
    let counting = false;
    let done = 0;
    let stop = false;
    const loops = connections.map(async (client, c) => {
      for (let i = c; !stop; i += clients) {
        await work(client, i);
        if (counting) done++;
      }
    });
    await new Promise((r) => setTimeout(r, warmup * 1000));
    counting = true;
    const started = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    counting = false;
    const elapsed = (performance.now() - started) / 1000;
    stop = true;
    await Promise.all(loops);
    return done / elapsed;
  } finally {
    for (const client of connections) client.release();
  }
}

export async function databaseLimits(
  settings: pg.PoolConfig,
  seconds: number,
  clients = 10,
): Promise<Pick<Limits, 'pkSelect' | 'insertTx'>> {
  const pool = createPool(settings, clients);
  try {
    const rows = 10_000;
    await pool.query('CREATE TABLE bench_kv (id integer PRIMARY KEY, payload text NOT NULL)');
    await pool.query(`INSERT INTO bench_kv SELECT g, md5(g::text) FROM generate_series(1, ${rows}) g`);
    await pool.query('CREATE TABLE bench_log (id bigserial PRIMARY KEY, payload text NOT NULL, at timestamptz NOT NULL DEFAULT now())');
    await pool.query('VACUUM ANALYZE bench_kv');
    const select = await hammer(pool, clients, 1, seconds, async (client, i) => {
      await client.query('SELECT id, payload FROM bench_kv WHERE id = $1', [((i * 7919) % rows) + 1]);
    });
    const insert = await hammer(pool, clients, 1, seconds, async (client, i) => {
      await client.query('BEGIN');
      await client.query('INSERT INTO bench_log (payload) VALUES ($1)', [`row ${i}`]);
      await client.query('COMMIT');
    });
    return { pkSelect: { qps: select }, insertTx: { tps: insert } };
  } finally {
    await pool.end();
  }
}
