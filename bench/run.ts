/**
 * npm run bench [-- <filter>...]: measures the machine's limits, then runs every
 * bench/scenarios/*.ts (or those whose file name contains a filter), prints a
 * table of figures next to the limits, and writes bench/results/latest.json.
 * See bench/README.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { buildApp, createDeps } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createPool } from '../src/db/pool.ts';
import { openBenchServer } from './database.ts';
import { bareHandler, databaseLimits } from './limits.ts';
import type { BenchContext, Entry, LoadOptions, LoadResult, Limits, Scenario, Target } from './types.ts';

const root = path.resolve(import.meta.dirname, '..');
const filters = process.argv.slice(2);
const defaults = { connections: 50, duration: 5, warmup: 2 };
const startedAt = performance.now();

const elapsed = () => `${((performance.now() - startedAt) / 1000).toFixed(1).padStart(5)} s`;
const log = (message: string) => console.log(`[${elapsed()}] ${message}`);

// ---------------------------------------------------------------- clean-up
const children = new Set<{ pid?: number | undefined; exitCode?: number | null; kill(signal?: NodeJS.Signals): boolean }>();
const cleanups: Array<() => Promise<void>> = [];
let cleaning: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const child of children) if (child.exitCode === null || child.exitCode === undefined) child.kill('SIGKILL');
    for (const step of cleanups.reverse()) await step().catch((err: Error) => console.error(`clean-up: ${err.message}`));
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the bench and cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------- load generator
function load(options: Omit<LoadOptions, 'connections' | 'duration'> & Partial<LoadOptions>): Promise<LoadResult> {
  const full: LoadOptions = { connections: defaults.connections, duration: defaults.duration, warmup: defaults.warmup, ...options };
  return new Promise((resolve, reject) => {
    // The options go on stdin: thousands of paths do not fit in an argument.
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/load.ts')], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.add(child);
    child.stdin!.end(JSON.stringify(full));
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const limit = setTimeout(() => child.kill('SIGKILL'), ((full.warmup ?? 0) + full.duration + 30) * 1000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(limit);
      children.delete(child);
      const line = out.trim().split('\n').pop();
      if (code !== 0 || !line) return reject(new Error(`bench/load.ts failed (${code}):\n${err || out}`));
      resolve(JSON.parse(line) as LoadResult);
    });
  });
}

// ---------------------------------------------------------------- catalogues and apps
async function startApp(label: string, settings: pg.PoolConfig, scratch: string): Promise<Target & { close(): Promise<void> }> {
  const pool = createPool(settings); // the app's default pool size, as src/db/open.ts makes it
  // Files in the run's scratch folder; the lookup's guard against guessing is lifted for the load.
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DEMO: 'false',
    LOG_LEVEL: 'silent',
    DATA_DIR: path.join(scratch, label.replace(/\W+/g, '-')),
    LOOKUPS_PER_MINUTE: '1000000',
  });
  const app: FastifyInstance = await buildApp(createDeps(pool, config));
  await app.listen({ port: 0, host: '127.0.0.1' });
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await app.close();
      await pool.end();
    })());
  cleanups.push(close);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const codes = (await pool.query<{ code: string }>('SELECT code FROM procedures ORDER BY code')).rows.map((r) => r.code);
  return { label, baseUrl: `http://127.0.0.1:${port}`, pool, codes, close };
}

/**
 * Seeding and importing run in a child process (bench/prepare.ts), as the demo seed and
 * `npm run catalog:import` run in their own processes in real use: the app's process then
 * measures serving only, without the heap the import left behind.
 */
function prepareInChild(task: { task: 'seeded' | 'generated'; settings: pg.PoolConfig; scratch: string }): Promise<{ count: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'prepare.ts')], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    children.add(child);
    child.stdin!.end(JSON.stringify(task));
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      children.delete(child);
      const line = out.trim().split('\n').pop();
      if (code !== 0 || !line) return reject(new Error(`bench/prepare.ts ${task.task} failed (${code})`));
      resolve(JSON.parse(line) as { count: number });
    });
  });
}

// ---------------------------------------------------------------- report
function formatValue(value: number, unit: string): string {
  if (unit === 'req/s' || unit === 'q/s' || unit === 'tx/s') return Math.round(value).toLocaleString('en-US');
  if (unit === 'ms' || unit === 'KB') return value.toFixed(1);
  if (unit === 's') return value.toFixed(2);
  return String(value);
}

function printTable(limits: Limits | undefined, entries: Entry[], failures: string[]): void {
  console.log('\nMachine limits measured in this run');
  if (limits) {
    console.log(
      `  bare Fastify handler, 50 connections   ${formatValue(limits.bareHandler.rps, 'req/s').padStart(9)} req/s   p99 ${limits.bareHandler.p99} ms`,
    );
    console.log(`  PostgreSQL primary-key SELECT, 10 cl.  ${formatValue(limits.pkSelect.qps, 'q/s').padStart(9)} q/s`);
    console.log(`  PostgreSQL INSERT transaction, 10 cl.  ${formatValue(limits.insertTx.tps, 'tx/s').padStart(9)} tx/s`);
  }
  const rows = entries.map((e) => [
    e.name,
    `${formatValue(e.value, e.unit)} ${e.unit}`,
    e.limit ? `${e.limit.name} ${formatValue(e.limit.value, e.unit)}` : '',
    e.ratio === null ? '' : `${e.ratio < 0.1 ? e.ratio.toFixed(3) : e.ratio.toFixed(2)}×`,
    e.goal,
    e.meets ? 'yes' : 'NO',
  ]);
  const head = ['Figure', 'Value', 'Compared with (same run)', 'Ratio', 'Goal', 'Meets'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 || i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows) console.log(line(r));
  const notes = entries.filter((e) => e.note);
  if (notes.length) console.log(`\n${notes.map((e) => `  ${e.name}: ${e.note}`).join('\n')}`);
  const met = entries.filter((e) => e.meets).length;
  console.log(`\n${met} of ${entries.length} goals met.`);
  if (failures.length) console.log(`Scenarios that failed:\n${failures.map((f) => `  ${f}`).join('\n')}`);
}

// ---------------------------------------------------------------- main
async function main(): Promise<number> {
  const scenarioDir = path.join(root, 'bench/scenarios');
  const files = fs
    .readdirSync(scenarioDir)
    .filter((f) => /\.tsx?$/.test(f))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  if (!files.length) throw new Error(`No scenario matches ${filters.join(' ')}`);

  const scratch = path.join(root, '.test-data', `bench-run-${process.pid}`);
  fs.mkdirSync(scratch, { recursive: true });
  cleanups.push(async () => fs.rmSync(scratch, { recursive: true, force: true }));

  const server = await openBenchServer(root, log);
  cleanups.push(() => server.close());
  log(`Database: ${server.description}`);

  const base = `motcua_bench_${process.pid}`;
  await server.createDatabase(`${base}_seeded`);
  await prepareInChild({ task: 'seeded', settings: server.settings(`${base}_seeded`), scratch });
  await server.createDatabase(`${base}_imported`, `${base}_seeded`);
  const imported = await startApp('imported catalogue', server.settings(`${base}_imported`), scratch);
  log(`App on the imported catalogue (${imported.codes.length} procedures) at ${imported.baseUrl}`);

  // The generated catalogue's database is made once; its app is started for a scenario that asks
  // for it and closed after that scenario, so that its caches (10,000 pages) do not sit in this
  // process's heap, and its collector's threads on the CPU, while later figures are measured.
  let generatedDb: Promise<string> | undefined;
  let generated: Promise<Target & { close(): Promise<void> }> | undefined;
  const generatedTarget = () =>
    (generated ??= (async () => {
      const name = await (generatedDb ??= (async () => {
        const db = `${base}_generated`;
        await server.createDatabase(db, `${base}_seeded`);
        const t0 = performance.now();
        const { count } = await prepareInChild({ task: 'generated', settings: server.settings(db), scratch });
        log(
          `Generated catalogue: ${count} procedures imported through importProcedures in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
        );
        return db;
      })());
      return startApp('generated 10,000', server.settings(name), scratch);
    })());

  log('Limit 1/3: bare Fastify handler');
  const bare = await bareHandler(load);
  log('Limits 2-3/3: PostgreSQL primary-key SELECT and INSERT transaction');
  await server.createDatabase(`${base}_raw`);
  const limits: Limits = { bareHandler: bare, ...(await databaseLimits(server.settings(`${base}_raw`), defaults.duration)) };

  const entries: Entry[] = [];
  const failures: string[] = [];
  const ctx: BenchContext = {
    baseUrl: imported.baseUrl,
    pool: imported.pool,
    imported,
    generated: generatedTarget,
    limits,
    root,
    scratch,
    defaults,
    record: (entry) => {
      entries.push(entry);
      log(`  ${entry.name}: ${formatValue(entry.value, entry.unit)} ${entry.unit} (${entry.goal}: ${entry.meets ? 'met' : 'NOT met'})`);
    },
    load,
    recordHttp(name, result, detail) {
      const broken = result.non2xx + result.errors + result.timeouts;
      const problems = broken
        ? `${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts of ${result.requests} requests`
        : '';
      const note = [detail, problems].filter(Boolean).join('; ') || undefined;
      const ratio = result.rps / limits.bareHandler.rps;
      ctx.record({
        name: `${name}: throughput`,
        value: result.rps,
        unit: 'req/s',
        limit: { name: 'bare handler', value: limits.bareHandler.rps },
        ratio,
        goal: '≥ 0.25 × bare handler',
        meets: ratio >= 0.25 && !broken,
        ...(note ? { note } : {}),
      });
      ctx.record({
        name: `${name}: p99 latency`,
        value: result.latency.p99,
        unit: 'ms',
        limit: { name: 'bare handler p99', value: limits.bareHandler.p99 },
        ratio: limits.bareHandler.p99 > 0 ? result.latency.p99 / limits.bareHandler.p99 : null,
        goal: '≤ 20 ms',
        meets: result.latency.p99 <= 20 && !broken,
      });
    },
    track(child) {
      children.add(child);
      return child;
    },
    defer: (work) => void cleanups.push(work),
    log: (message) => log(`  ${message}`),
  };

  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(scenarioDir, file)).href)) as { scenario?: Scenario };
    if (!mod.scenario) {
      failures.push(`${file}: exports no \`scenario\``);
      continue;
    }
    log(`Scenario ${file}: ${mod.scenario.name}`);
    try {
      await mod.scenario.run(ctx);
    } catch (err) {
      failures.push(`${file}: ${(err as Error).stack ?? String(err)}`);
      log(`  FAILED: ${(err as Error).message}`);
    }
    if (generated) {
      const target = generated;
      generated = undefined;
      await (await target.catch(() => undefined))?.close(); // a failed start was reported by its scenario
    }
  }

  printTable(limits, entries, failures);
  const resultsDir = path.join(root, 'bench/results');
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, 'latest.json'), JSON.stringify(entries, null, 2) + '\n');
  console.log(`Written bench/results/latest.json (${entries.length} entries) in ${elapsed().trim()}.`);
  return failures.length ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  console.error(err);
} finally {
  await cleanUp();
  log('Cleaned up (apps closed, bench databases dropped, embedded server stopped).');
}
process.exit(code);
