/**
 * npm test: the whole suite, on the embedded PostgreSQL (a server of its own in
 * .test-data/) or, when DATABASE_URL is set, on that server. The schema is
 * migrated once into a template database; every test file then clones it
 * (test/helpers/database.ts), which takes milliseconds.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { AppAlreadyRunning, startEmbedded, type EmbeddedServer } from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';
import { createPool } from '../src/db/pool.ts';
import { seedDemo } from '../src/modules/demo/seed-demo.ts';
import { databaseOn } from './helpers/database.ts';

const root = path.resolve(import.meta.dirname, '..');
const filter = process.argv.slice(2);

function testFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.test\.tsx?$/.test(e.name)) out.push(path.relative(root, full));
    }
  };
  ['src', 'test', 'e2e'].forEach((d) => walk(path.join(root, d)));
  return out.filter((f) => filter.length === 0 || filter.some((x) => f.includes(x))).sort();
}

let server: EmbeddedServer | undefined;
let admin: pg.PoolConfig;
if (process.env.DATABASE_URL) {
  admin = { connectionString: process.env.DATABASE_URL };
  console.log('Tests on DATABASE_URL');
} else {
  // One server per concurrent run: take the first free slot folder.
  for (let slot = 0; !server; slot++) {
    try {
      server = await startEmbedded(path.join(root, '.test-data', String(slot)), (m) => console.log(m));
    } catch (err) {
      if (!(err instanceof AppAlreadyRunning) || slot >= 7) throw err;
    }
  }
  admin = server.connection('postgres');
  console.log('Tests on the embedded PostgreSQL');
}

const template = `motcua_template_${process.pid}`;
const adminPool = createPool(admin, 2);
let code = 1;
try {
  await adminPool.query(`CREATE DATABASE ${template}`);
  const templatePool = createPool(databaseOn(admin, template), 1);
  await migrate(templatePool);
  await templatePool.end();
  // A second template holding the demo province and the shipped catalogue, for the many tests that read them.
  await adminPool.query(`CREATE DATABASE ${template}_demo TEMPLATE ${template}`);
  const demoPool = createPool(databaseOn(admin, `${template}_demo`), 2);
  await seedDemo(demoPool, () => undefined);
  await demoPool.end();

  const files = testFiles();
  code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, TEST_DB_ADMIN: JSON.stringify(admin), TEST_DB_TEMPLATE: template },
    });
    child.on('close', (c) => resolve(c ?? 1));
  });
} finally {
  // Test databases left by crashed files, then the template.
  const { rows } = await adminPool.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname LIKE $2`, [
    `t\\_${process.pid}\\_%`,
    `${template}%`,
  ]);
  for (const r of rows) {
    await adminPool
      .query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`)
      .catch((err: Error) => console.error(`Could not drop ${r.datname}: ${err.message}`));
  }
  await adminPool.end();
  await server?.stop();
}
process.exit(code);
