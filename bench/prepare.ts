/**
 * Child process of bench/run.ts: prepares a bench database (the demo province and shipped
 * catalogue, or the generated 10,000 procedures) and prints {"count": procedures} on its last line.
 */
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { migrate } from '../src/db/migrate.ts';
import { createPool } from '../src/db/pool.ts';
import { communeIdsInForce, findAgencyByCode } from '../src/modules/agencies/agencies.repository.ts';
import { importProcedures } from '../src/modules/catalog/import-procedures.ts';
import { prerenderProcedurePages } from '../src/modules/catalog/procedure-pages.ts';
import { seedDemo, shippedCatalogue } from '../src/modules/demo/seed-demo.ts';
import { generateRecords, readRealRecords, writeRecords } from './generate-catalogue.ts';

const generatedSize = 10_000;

/**
 * The steady state of a running province: every procedure page rendered and stored (what the app's
 * background job does after an import), statistics fresh, and the writes flushed now so that no
 * checkpoint runs during the measurements that follow. Returns the number of procedures.
 */
async function settle(pool: pg.Pool): Promise<number> {
  while ((await prerenderProcedurePages(pool)) > 0);
  await pool.query('VACUUM ANALYZE');
  await pool.query('CHECKPOINT');
  return (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM procedures')).rows[0]!.n;
}

async function prepareSeeded(settings: pg.PoolConfig): Promise<number> {
  const pool = createPool(settings, 4);
  try {
    await migrate(pool);
    await seedDemo(pool, () => undefined);
    return await settle(pool);
  } finally {
    await pool.end();
  }
}

async function importGenerated(settings: pg.PoolConfig, scratch: string): Promise<number> {
  const pool = createPool(settings, 4);
  try {
    const existing = (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM procedures')).rows[0]!.n;
    const records = generateRecords(readRealRecords(shippedCatalogue), Math.max(0, generatedSize - existing));
    const folder = path.join(scratch, 'generated-catalogue');
    writeRecords(folder, records);
    const province = await findAgencyByCode(pool, '000.00.11.H99');
    const communes = await communeIdsInForce(pool);
    const report = await importProcedures(pool, folder, { provinceAgencyIds: province ? [province.id] : [], communeAgencyIds: communes });
    fs.rmSync(folder, { recursive: true, force: true });
    if (report.totals.rejected) console.error(`  generated catalogue: ${report.totals.rejected} records rejected by the importer`);
    return await settle(pool);
  } finally {
    await pool.end();
  }
}

let input = '';
for await (const chunk of process.stdin) input += String(chunk);
const task = JSON.parse(input) as { task: 'seeded' | 'generated'; settings: pg.PoolConfig; scratch: string };
const count = task.task === 'seeded' ? await prepareSeeded(task.settings) : await importGenerated(task.settings, task.scratch);
process.stdout.write(JSON.stringify({ count }) + '\n');
