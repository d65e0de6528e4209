import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import type { Db } from '../../src/db/pool.ts';
import type { StaffActor } from '../../src/modules/accounts/actor.ts';
import { SessionStore } from '../../src/modules/accounts/sessions.ts';
import { loadStaffActor } from '../../src/modules/accounts/staff.repository.ts';
import { loadAgencyIndex, type AgencyIndex } from '../../src/modules/agencies/agency-index.ts';
import { loadCalendar } from '../../src/modules/calendar/load-calendar.ts';
import { actOnDossier, type WorkRules } from '../../src/modules/processes/act-on-dossier.ts';
import { END, processDefinitionSchema, type ProcessDefinition } from '../../src/modules/processes/process-definition.ts';
import { agenciesFor } from '../../src/modules/processes/work-actor.ts';
import { workRules } from '../../src/modules/processes/work-rules.ts';
import type { WorkAction } from '../../src/modules/processes/workflow.ts';
import { inboxPage } from '../../src/modules/processes/inbox.page.tsx';
import { listInbox } from '../../src/modules/processes/workflow.repository.ts';
import type { BpmnEngineOptions } from 'bpmn-engine';
import type { BenchContext, Scenario } from '../types.ts';
import { postReceptions, receptionProcedure } from './07-reception.ts';
import { sampleWaits } from '../waits.ts';

/**
 * Processing (issue 5), three figures:
 *
 * (a) Durable processing actions per second, compared with the raw single-row INSERT transactions
 *     of the same engine (goal ≥ 0.3×). Dossiers are prepared in processing by SQL, each a copy of
 *     one dossier that went through the real path (received through the counter form, then started
 *     by the desk through `actOnDossier`): same row, same log, a code and applicant of its own. Then
 *     10 concurrent workers (the limit's 10 clients) run `actOnDossier` in this process, each on
 *     dossiers of its own, claiming and completing the five steps in turn; and, over HTTP, 10
 *     autocannon connections each claim a different dossier through POST /ho-so/<code>/xu-ly (every
 *     answer must be 303 and the log must gain one claim per 303). Where the time goes: every
 *     statement of the use case timed (by wrapping the pool it is given) and the app's PostgreSQL
 *     connections sampled in pg_stat_activity.
 * (b) The unit inbox GET /hop-thu of the specialist (chuyenvien.stp, 000.01.11.H99) with 10,000 open
 *     dossiers waiting unclaimed at the unit's step: p99 at the bench's 50 connections (goal ≤ 50 ms),
 *     with the latency at 1 connection and the inbox query's EXPLAIN ANALYZE in the note.
 * (c) The same five-step sequential process (five user tasks in a row) run by bpmn-engine in memory,
 *     in a child process of its own (this file with `--bpmn`): its task completions per second,
 *     against our durable transitions per second (`complete` of an unclaimed step: one action, one
 *     step further, as a signalled user task), the two run in turn three times so that each pair
 *     sees the same (shared, drifting) machine. Goal: ours ÷ its ≥ 1.
 */

const unitCode = '000.01.11.H99';
const centreCode = '000.00.10.H99';
const specialist = 'chuyenvien.stp';
const desk = 'motcua.ttphc';
const steps = 5;
const concurrency = 10;
const inboxDossiers = 10_000;
const actionDossiers = 30_000;

/** Five steps in a row, all handled by the specialists of the civil-status unit, 8 working hours each. */
export const fiveSteps: ProcessDefinition = processDefinitionSchema.parse({
  title: 'Quy trình đo hiệu năng: năm bước tuần tự',
  steps: Array.from({ length: steps }, (_, i) => ({
    id: `b${i + 1}`,
    name: `Bước ${i + 1}`,
    kind: i === 0 ? 'appraise' : i === steps - 1 ? 'issue' : 'handle',
    responsible: { agency: unitCode, role: 'specialist' },
    allotment: { amount: 8, unit: 'working_hours' },
    next: [{ on: 'done', to: i < steps - 1 ? `b${i + 2}` : END }],
  })),
});

// ---------------------------------------------------------------- sessions, actors, rules

async function staffIdOf(pool: pg.Pool, username: string): Promise<number> {
  const { rows } = await pool.query<{ id: number }>(`UPDATE staff SET must_change_password = false WHERE username = $1 RETURNING id`, [
    username,
  ]);
  if (!rows[0]) throw new Error(`no staff ${username} in the bench database`);
  return rows[0].id;
}

/** A session started directly (as 06 and 07 do), and the CSRF token read from a page that holds a form. */
async function staffSession(pool: pg.Pool, baseUrl: string, username: string, formPage: string) {
  const staffId = await staffIdOf(pool, username);
  const token = await new SessionStore(pool).start({ kind: 'staff', staffId, secondFactorDone: true, ip: '127.0.0.1' });
  const cookie = `mc_session=${token}`;
  const res = await fetch(baseUrl + formPage, { headers: { cookie, accept: 'text/html' } });
  const html = await res.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (res.status !== 200 || !csrf) throw new Error(`${formPage} answered ${res.status} without a CSRF token for ${username}`);
  return { staffId, cookie, csrf };
}

async function actorOf(pool: pg.Pool, username: string): Promise<StaffActor> {
  const actor = await loadStaffActor(pool, await staffIdOf(pool, username));
  if (!actor) throw new Error(`${username} cannot act`);
  return actor;
}

/** The rules the route gives the use case (src/modules/processes/processing.routes.ts), built once as the app caches them. */
async function rulesOf(pool: pg.Pool): Promise<WorkRules> {
  const year = new Date().getUTCFullYear();
  return workRules(pool, await loadCalendar(pool, { fromYear: year - 1, toYear: year + 3 }));
}

// ---------------------------------------------------------------- the dossiers

interface Prepared {
  template: { id: number; code: string; revision: number };
  unitId: number;
}

/**
 * The five-step process for the procedure at the centre, and one dossier taken through the real
 * path: received at the counter form by the centre's desk, started by the desk through actOnDossier.
 */
async function prepare(ctx: BenchContext, pool: pg.Pool, index: AgencyIndex): Promise<Prepared> {
  const centre = index.idOfCode(centreCode);
  const unitId = index.idOfCode(unitCode);
  if (centre === undefined || unitId === undefined) throw new Error('the demo agencies are missing');
  await pool.query(
    `INSERT INTO procedure_processes (procedure_code, agency_id, version, definition)
     SELECT $1, $2, COALESCE(max(version), 0) + 1, $3 FROM procedure_processes WHERE procedure_code = $1 AND agency_id = $2`,
    [receptionProcedure, centre, JSON.stringify(fiveSteps)],
  );
  const deskSession = await staffSession(pool, ctx.baseUrl, desk, `/tiep-nhan/moi/${receptionProcedure}`);
  const [code] = await postReceptions(ctx.baseUrl, deskSession, 1, 1);
  const { rows } = await pool.query<{ id: number; revision: number; receiving: number }>(
    'SELECT id, revision, receiving_agency_id AS receiving FROM dossiers WHERE code = $1',
    [code],
  );
  if (rows[0]?.receiving !== centre) throw new Error(`the template ${code} was not received at the centre`);
  await actOnDossier(
    pool,
    await actorOf(pool, desk),
    index,
    { code: code!, revision: rows[0].revision, action: { kind: 'start' }, comment: '' },
    await rulesOf(pool),
    '127.0.0.1',
  );
  const after = (
    await pool.query<{ revision: number; step: string }>('SELECT revision, current_step AS step FROM dossiers WHERE id = $1', [rows[0].id])
  ).rows[0]!;
  if (after.step !== 'b1') throw new Error(`the template is at ${after.step}, not b1`);
  return { template: { id: rows[0].id, code: code!, revision: after.revision }, unitId };
}

/**
 * `count` copies of the template (row and log), codes `<agency>-<day>-<from…>` with sequences the
 * day's counter never reaches, each with its own applicant and a step deadline spread from two days
 * ago to ten days ahead (some overdue, some near due, as in a real inbox). Returns the codes.
 */
async function copyTemplate(pool: pg.Pool, p: Prepared, from: number, count: number): Promise<string[]> {
  const columns = (
    await pool.query<{ name: string }>(
      `SELECT column_name AS name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'dossiers' AND is_generated = 'NEVER' AND is_identity = 'NO'
        ORDER BY ordinal_position`,
    )
  ).rows
    .map((r) => r.name)
    .filter((c) => !['code', 'applicant', 'step_due_at'].includes(c));
  const copied = columns.map((c) => `t.${c}`).join(', ');
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ code: string }>(
      `WITH made AS (
         INSERT INTO dossiers (${columns.join(', ')}, code, applicant, step_due_at)
         SELECT ${copied}, regexp_replace(t.code, '\\d+$', '') || lpad(g::text, 6, '0'),
                jsonb_set(t.applicant, '{fullName}', to_jsonb('Người nộp số ' || g)),
                now() - interval '2 days' + (g % 288) * interval '1 hour'
           FROM dossiers t, generate_series($2::int, $3::int) g WHERE t.id = $1
         RETURNING id, code),
       logged AS (
         INSERT INTO dossier_actions (dossier_id, at, actor_kind, actor_id, actor_name, on_behalf_of_id, agency_id, action,
                                      from_status, to_status, comment, detail)
         SELECT m.id, a.at, a.actor_kind, a.actor_id, a.actor_name, a.on_behalf_of_id, a.agency_id, a.action,
                a.from_status, a.to_status, a.comment, a.detail
           FROM made m CROSS JOIN (SELECT * FROM dossier_actions WHERE dossier_id = $1) a
          ORDER BY m.id, a.id)
       SELECT code FROM made ORDER BY id`,
      [p.template.id, from, from + count - 1],
    );
    await client.query('COMMIT');
    return rows.map((r) => r.code);
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

// ---------------------------------------------------------------- where the time goes

/** Time spent in each statement of the use case (by its SQL), while `counting`. */
class StatementClock {
  counting = false;
  readonly totals = new Map<string, { ms: number; n: number }>();

  private static label(text: string): string {
    const sql = text.replace(/\s+/g, ' ').trim();
    if (/^(BEGIN|COMMIT|ROLLBACK)$/.test(sql)) return sql;
    if (sql.includes('audit_append') && sql.includes('UPDATE dossiers')) return 'write columns, log entries and audit, commit';
    if (sql.includes('FROM dossiers d') && sql.includes('FROM dossier_actions')) return 'read the dossiers and their logs';
    if (sql.includes('FROM procedure_processes')) return 'read the process version';
    if (sql.includes('FROM staff_roles')) return 'check the assignee';
    return sql.slice(0, 40);
  }

  add(label: string, ms: number): void {
    if (!this.counting) return;
    const t = this.totals.get(label) ?? { ms: 0, n: 0 };
    t.ms += ms;
    t.n++;
    this.totals.set(label, t);
  }

  /** A stand-in for the pool whose statements are timed (each runs on the pool as usual). */
  wrap(pool: pg.Pool): pg.Pool {
    const query = async (statement: string | pg.QueryConfig, values?: unknown[]) => {
      const s = performance.now();
      try {
        return await pool.query(statement, values);
      } finally {
        this.add(StatementClock.label(typeof statement === 'string' ? statement : statement.text), performance.now() - s);
      }
    };
    return { query } as unknown as pg.Pool;
  }

  /** "N batches of M actions; per batch: read … ms, write … ms" (a statement's time includes its wait for a connection). */
  summary(actions: number): string {
    const batches = this.totals.get('write columns, log entries and audit, commit')?.n ?? 0;
    if (!batches) return 'no batch timed';
    const parts = [...this.totals].sort((a, b) => b[1].ms - a[1].ms).map(([k, t]) => `${k} ${(t.ms / t.n).toFixed(2)} ms (×${t.n})`);
    return `${batches} batches of ${(actions / batches).toFixed(1)} actions on average; per statement: ${parts.join(', ')}`;
  }
}

// ---------------------------------------------------------------- (a) actions through the use case

interface Drive {
  actions: number;
  transitions: number;
  seconds: number;
  where: string;
}

/**
 * `concurrency` workers, each taking the next prepared dossier and walking it through the five steps
 * (claim then complete at each step, or complete alone), for `warmup` + `seconds`; counts the
 * actions and the transitions (completes) that ended in the measured window.
 */
async function drive(
  ctx: BenchContext,
  pool: pg.Pool,
  index: AgencyIndex,
  actor: StaffActor,
  rules: WorkRules,
  queue: { codes: string[]; next: number; revision: number },
  claim: boolean,
  timing: { warmup: number; duration: number } = ctx.defaults,
): Promise<Drive> {
  const clock = new StatementClock();
  const timed = clock.wrap(pool);
  let counting = false;
  let stop = false;
  let actions = 0;
  let transitions = 0;
  const act = async (code: string, revision: number, action: WorkAction) => {
    await actOnDossier(timed, actor, index, { code, revision, action, comment: '' }, rules, '127.0.0.1');
    if (counting) {
      actions++;
      if (action.kind === 'complete') transitions++;
    }
  };
  const worker = async () => {
    try {
      while (!stop) {
        if (queue.next >= queue.codes.length) throw new Error(`the ${queue.codes.length} prepared dossiers ran out`);
        const code = queue.codes[queue.next++]!;
        let revision = queue.revision;
        for (let s = 0; s < steps && !stop; s++) {
          if (claim) await act(code, revision++, { kind: 'claim' });
          if (!stop) await act(code, revision++, { kind: 'complete', outcome: 'done' });
        }
      }
    } catch (err) {
      stop = true;
      throw err;
    }
  };
  const workers = Array.from({ length: concurrency }, worker);
  const failed = Promise.all(workers).then(() => undefined);
  const pause = (s: number) => Promise.race([new Promise((r) => setTimeout(r, s * 1000)), failed]);
  await pause(timing.warmup);
  const waits = sampleWaits(pool.options as pg.PoolConfig);
  const elu0 = performance.eventLoopUtilization();
  counting = clock.counting = true;
  const started = performance.now();
  await pause(timing.duration);
  counting = clock.counting = false;
  const seconds = (performance.now() - started) / 1000;
  const elu = performance.eventLoopUtilization(elu0).utilization;
  stop = true;
  await failed;
  const waiting = await waits.stop();
  const where = `${clock.summary(actions)}; bench process event loop ${(elu * 100).toFixed(0)}% busy; PostgreSQL connections of the app, on average: ${waiting}`;
  return { actions, transitions, seconds, where };
}

// ---------------------------------------------------------------- (a) actions through HTTP (child process)

interface ClaimLoad {
  baseUrl: string;
  cookie: string;
  csrf: string;
  codes: string[];
  revision: number;
  connections: number;
  warmup: number;
  duration: number;
}

interface ClaimResult {
  acknowledgedAll: number;
  acknowledged: number;
  duration: number;
  used: number;
  other: number;
  errors: number;
  timeouts: number;
  latency: { p50: number; p99: number; max: number };
}

/** autocannon, each request claiming the next dossier of the list (one counter across connections and runs). */
async function claimLoadMain(): Promise<void> {
  const { default: autocannon } = await import('autocannon');
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const o = JSON.parse(input) as ClaimLoad;
  const target = new URL(o.baseUrl);
  if (target.hostname !== '127.0.0.1') throw new Error(`only 127.0.0.1, not ${target.hostname}`);
  let next = 0;
  const body = `revision=${o.revision}&kind=claim`;
  const request: import('autocannon').Request = {
    method: 'POST',
    body,
    setupRequest: (req) => {
      if (next >= o.codes.length) throw new Error('the prepared dossiers ran out');
      return { ...req, path: `/ho-so/${encodeURIComponent(o.codes[next++]!)}/xu-ly` };
    },
  };
  const run = (duration: number) =>
    new Promise<import('autocannon').Result>((resolve, reject) =>
      autocannon(
        {
          url: target.origin,
          connections: o.connections,
          duration,
          timeout: 30,
          headers: {
            cookie: o.cookie,
            'x-csrf-token': o.csrf,
            accept: 'text/html',
            'content-type': 'application/x-www-form-urlencoded',
          },
          requests: [request],
        },
        (err, result) => (err ? reject(err) : resolve(result)),
      ),
    );
  const warm = o.warmup > 0 ? await run(o.warmup) : undefined;
  const r = await run(o.duration);
  const out: ClaimResult = {
    acknowledgedAll: r['3xx'] + (warm?.['3xx'] ?? 0),
    acknowledged: r['3xx'],
    duration: r.duration,
    used: next,
    other: r['1xx'] + r['2xx'] + r['4xx'] + r['5xx'] + (warm ? warm['1xx'] + warm['2xx'] + warm['4xx'] + warm['5xx'] : 0),
    errors: r.errors + (warm?.errors ?? 0),
    timeouts: r.timeouts + (warm?.timeouts ?? 0),
    latency: { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max },
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

function child<T>(ctx: BenchContext, flag: string, input: unknown, seconds: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const proc = ctx.track(
      spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), flag], {
        cwd: ctx.root,
        stdio: ['pipe', 'pipe', 'pipe'],
      }),
    );
    proc.stdin.end(JSON.stringify(input));
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const limit = setTimeout(() => proc.kill('SIGKILL'), (seconds + 60) * 1000);
    proc.on('error', reject);
    proc.on('close', (code) => {
      clearTimeout(limit);
      const line = out.trim().split('\n').pop();
      if (code !== 0 || !line) return reject(new Error(`${flag} failed (${code}):\n${err || out}`));
      resolve(JSON.parse(line) as T);
    });
  });
}

// ---------------------------------------------------------------- (c) bpmn-engine (child process)

/** The same process in BPMN 2.0: start, five user tasks in a row, end. */
export function fiveStepBpmn(): string {
  const ids = ['start', ...Array.from({ length: steps }, (_, i) => `b${i + 1}`), 'end'];
  const flows = ids.slice(1).map((to, i) => `    <sequenceFlow id="f${i}" sourceRef="${ids[i]}" targetRef="${to}" />`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="fiveSteps" targetNamespace="http://motcua.local/bench">
  <process id="fiveStepProcess" isExecutable="true">
    <startEvent id="start" />
${Array.from({ length: steps }, (_, i) => `    <userTask id="b${i + 1}" name="Bước ${i + 1}" />`).join('\n')}
    <endEvent id="end" />
${flows.join('\n')}
  </process>
</definitions>`;
}

interface BpmnResult {
  completions: number;
  instances: number;
  seconds: number;
  /** Instances ended with fewer or more than five completions (must be 0). */
  wrong: number;
  engineVersion: string;
}

/**
 * Many instances of the five-step process, `concurrency` at a time, each user task signalled as soon
 * as it waits (on the next turn of the event loop: the engine does not take a signal from inside
 * its own wait event). The BPMN is parsed once and its serialised context shared by every instance's
 * engine (what bpmn-engine's `sourceContext` option is for), so the figure is the engine's
 * execution alone, not the XML parser.
 */
async function bpmnMain(): Promise<void> {
  const { Engine } = await import('bpmn-engine');
  const { createRequire } = await import('node:module');
  const { readFileSync } = await import('node:fs');
  // The package exports no ./package.json: read it beside its entry point (lib/index.cjs).
  const entry = createRequire(import.meta.url).resolve('bpmn-engine');
  const engineVersion = (JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string })
    .version;
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const o = JSON.parse(input) as { warmup: number; duration: number; concurrency: number };
  const parsed = new Engine({ name: 'parse', source: fiveStepBpmn() });
  const [definition] = await parsed.getDefinitions();
  const sourceContext = (definition as unknown as { context: { definitionContext: BpmnEngineOptions['sourceContext'] } }).context
    .definitionContext;

  let counting = false;
  let stop = false;
  let completions = 0;
  let instances = 0;
  let wrong = 0;
  const runOne = () =>
    new Promise<void>((resolve, reject) => {
      let signalled = 0;
      const listener = new EventEmitter();
      listener.on('wait', (api: { signal(message?: unknown): void }) => {
        setImmediate(() => {
          signalled++;
          if (counting) completions++;
          api.signal();
        });
      });
      const engine = new Engine({ name: 'instance', sourceContext });
      engine.once('end', () => {
        if (signalled !== steps) wrong++;
        if (counting) instances++;
        resolve();
      });
      engine.once('error', reject);
      engine.execute({ listener }).catch(reject);
    });
  const workers = Array.from({ length: o.concurrency }, async () => {
    while (!stop) await runOne();
  });
  await new Promise((r) => setTimeout(r, o.warmup * 1000));
  counting = true;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, o.duration * 1000));
  counting = false;
  const seconds = (performance.now() - t0) / 1000;
  stop = true;
  await Promise.all(workers);
  const out: BpmnResult = { completions, instances, seconds, wrong, engineVersion };
  process.stdout.write(JSON.stringify(out) + '\n');
}

// ---------------------------------------------------------------- (b) the inbox

/** The first page of the inbox, as the route asks for it. */
const inboxPageOne = () => ({ limit: 50, offset: 0, now: new Date() });

/** The SQL listInbox sends for this person (captured, not run), then run under EXPLAIN ANALYZE: its time and plan's top nodes. */
async function explainInbox(pool: pg.Pool, staffId: number, grants: Array<{ role: string; agencies: number[] }>): Promise<string> {
  let sent: { text: string; values: unknown[] } | undefined;
  const capture = {
    query: async (text: string, values: unknown[]) => {
      sent ??= { text, values };
      return { rows: [] };
    },
  } as unknown as Db;
  // The page's rows (the first of the two queries listInbox sends).
  await listInbox(capture, staffId, grants, '', inboxPageOne()).catch(() => undefined);
  if (!sent) return 'inbox query not captured';
  const { rows } = await pool.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode; 'Execution Time': number }> }>(
    `EXPLAIN (ANALYZE, FORMAT JSON) ${sent.text}`,
    sent.values,
  );
  const plan = rows[0]!['QUERY PLAN'][0]!;
  const nodes: string[] = [];
  // The main path of the plan (init plans and subplans left out), outermost first.
  const walk = (n: PlanNode, depth: number) => {
    if (depth > 6) return;
    nodes.push(
      `${n['Node Type']}${n['Index Name'] ? ` ${n['Index Name']}` : ''}${n['Relation Name'] ? ` on ${n['Relation Name']}` : ''} (${n['Actual Rows']} rows)`,
    );
    for (const c of n.Plans ?? [])
      if (c['Parent Relationship'] !== 'InitPlan' && c['Parent Relationship'] !== 'SubPlan') walk(c, depth + 1);
  };
  walk(plan.Plan, 0);
  return `inbox query ${plan['Execution Time'].toFixed(1)} ms alone (EXPLAIN ANALYZE): ${nodes.join(' > ')}`;
}

interface PlanNode {
  'Node Type': string;
  'Parent Relationship'?: string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows': number;
  Plans?: PlanNode[];
}

async function measureInbox(ctx: BenchContext, pool: pg.Pool, index: AgencyIndex, firstCode: string) {
  const session = await staffSession(pool, ctx.baseUrl, specialist, `/ho-so/${encodeURIComponent(firstCode)}`);
  const actor = await loadStaffActor(pool, session.staffId);
  const grants = actor!.roles.map((g) => ({ role: g.role, agencies: agenciesFor(index, g.agencyId) }));
  const open = (
    await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM dossiers d, jsonb_to_recordset($1::jsonb) AS g(role text, agencies bigint[])
        WHERE d.current_step IS NOT NULL AND d.assignee_id IS NULL AND g.role = d.step_role AND d.step_agency_id = ANY(g.agencies)`,
      [JSON.stringify(grants)],
    )
  ).rows[0]!.n;
  const overdue = (
    await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM dossiers d, jsonb_to_recordset($1::jsonb) AS g(role text, agencies bigint[])
        WHERE d.current_step IS NOT NULL AND d.assignee_id IS NULL AND g.role = d.step_role AND d.step_agency_id = ANY(g.agencies)
          AND d.step_due_at < now()`,
      [JSON.stringify(grants)],
    )
  ).rows[0]!.n;
  const headers = { cookie: session.cookie, accept: 'text/html', 'accept-encoding': 'br, gzip' };
  const res = await fetch(`${ctx.baseUrl}/hop-thu`, { headers: { cookie: session.cookie, accept: 'text/html' } });
  const html = await res.text();
  if (res.status !== 200) throw new Error(`/hop-thu answered ${res.status}`);
  const rows = (html.match(/<a href="\/ho-so\//g) ?? []).length;
  const groups = [...html.matchAll(/<h2 id="group-[^"]+">([^<]+)<\/h2>/g)].map((m) => m[1]!.replace(/\s+/g, ' ').trim());
  const single = await ctx.load({ baseUrl: ctx.baseUrl, paths: ['/hop-thu'], headers, connections: 1 });
  const loaded = await ctx.load({ baseUrl: ctx.baseUrl, paths: ['/hop-thu'], headers });
  const explained = await explainInbox(pool, session.staffId, grants);
  // The route's two parts timed alone, in this process with nothing else running: the query and the page.
  const mean = async (work: () => unknown, n = 10) => {
    await work();
    const t = performance.now();
    for (let i = 0; i < n; i++) await work();
    return (performance.now() - t) / n;
  };
  const listed = await listInbox(pool, session.staffId, grants, '', inboxPageOne());
  const queryMs = await mean(() => listInbox(pool, session.staffId, grants, '', inboxPageOne()));
  const renderMs = await mean(() =>
    inboxPage({
      user: { name: actor!.fullName, csrf: session.csrf, links: [] },
      rows: listed.rows,
      counts: listed.counts,
      staffId: session.staffId,
      q: '',
      now: new Date(),
      page: 1,
      pages: 1,
      assignees: [],
    }),
  );
  const parts = `alone: listInbox ${queryMs.toFixed(1)} ms, inboxPage render of ${listed.rows.length} rows ${renderMs.toFixed(1)} ms`;
  return { open, overdue, rows, groups, bytes: Buffer.byteLength(html), single, loaded, explained, parts };
}

// ---------------------------------------------------------------- the scenario

export const scenario: Scenario = {
  name: 'processing: actions, unit inbox, bpmn-engine',
  async run(ctx) {
    const { pool } = ctx.imported;
    const index = await loadAgencyIndex(pool);
    const t0 = performance.now();
    const p = await prepare(ctx, pool, index);
    const inboxCodes = [p.template.code, ...(await copyTemplate(pool, p, 100_000, inboxDossiers - 1))];
    await pool.query('ANALYZE dossiers, dossier_actions');
    ctx.log(
      `${inboxCodes.length} dossiers open at step b1 of ${unitCode} (copies of ${p.template.code}, received at the form and started through actOnDossier) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    // (b) The unit inbox with 10,000 open dossiers.
    const inbox = await measureInbox(ctx, pool, index, inboxCodes[0]!);
    // A page slower than the run answers nothing in it: no latency to read, a failure (p99 recorded as > the run).
    const silent = inbox.loaded.requests < ctx.defaults.connections;
    const broken = inbox.loaded.non2xx + inbox.loaded.errors + inbox.loaded.timeouts + (silent ? 1 : 0);
    const p99 = silent ? Math.max(inbox.loaded.latency.p99, ctx.defaults.duration * 1000) : inbox.loaded.latency.p99;
    const inboxNote = [
      `${inbox.open} open dossiers at the unit's step, ${inbox.overdue} of them overdue; the page lists ${inbox.rows} (${(inbox.bytes / 1024).toFixed(0)} KB of HTML), headed ${inbox.groups.join(' · ')}, with no link to the rest`,
      `${Math.round(inbox.loaded.rps)} req/s at ${ctx.defaults.connections} connections (p50 ${inbox.loaded.latency.p50} ms); 1 connection: ${Math.round(inbox.single.rps)} req/s, p50 ${inbox.single.latency.p50} ms, p99 ${inbox.single.latency.p99} ms`,
      inbox.parts,
      inbox.explained,
      ...(silent
        ? [
            `only ${inbox.loaded.requests} answers in the ${ctx.defaults.duration} s run at ${ctx.defaults.connections} connections: p99 recorded as the run's length`,
          ]
        : []),
      ...(inbox.loaded.non2xx + inbox.loaded.errors + inbox.loaded.timeouts
        ? [`${inbox.loaded.non2xx} non-2xx, ${inbox.loaded.errors} errors, ${inbox.loaded.timeouts} timeouts`]
        : []),
    ].join('; ');
    ctx.log(inboxNote);
    ctx.record({
      name: `unit inbox /hop-thu, ${inbox.open.toLocaleString('en-US')} open dossiers, ${ctx.defaults.connections} connections: p99 latency`,
      value: p99,
      unit: 'ms',
      limit: { name: 'bare handler p99', value: ctx.limits.bareHandler.p99 },
      ratio: ctx.limits.bareHandler.p99 > 0 ? p99 / ctx.limits.bareHandler.p99 : null,
      goal: '≤ 50 ms',
      meets: p99 <= 50 && !broken && inbox.open === inboxDossiers,
      note: inboxNote,
    });

    // (a) Actions: more dossiers, so that no run waits for any.
    const more = await copyTemplate(pool, p, 200_000, actionDossiers);
    await pool.query('ANALYZE dossiers, dossier_actions');
    const all = [...inboxCodes, ...more].sort(() => Math.random() - 0.5);
    const queue = { codes: all, next: 0, revision: p.template.revision };
    const actor = await actorOf(pool, specialist);
    const rules = await rulesOf(pool);
    const limit = { name: 'raw INSERT tx/s', value: Math.round(ctx.limits.insertTx.tps) };

    const alternating = await drive(ctx, pool, index, actor, rules, queue, true);
    const actionRate = alternating.actions / alternating.seconds;
    ctx.log(`actOnDossier, claim and complete in turn: ${actionRate.toFixed(1)} actions/s; ${alternating.where}`);
    ctx.record({
      name: `processing action through actOnDossier (claim / complete in turn), ${concurrency} concurrent: actions`,
      value: Number(actionRate.toFixed(1)),
      unit: 'actions/s',
      limit,
      ratio: Number((actionRate / ctx.limits.insertTx.tps).toFixed(3)),
      goal: '≥ 0.3 × raw insert tx/s',
      meets: actionRate / ctx.limits.insertTx.tps >= 0.3,
      note: alternating.where,
    });

    // (c) Our run of the five-step process with `complete` alone, and bpmn-engine's, in turn three times
    // (the machine is shared and drifts: each pair runs within seconds); the ratio is of the totals.
    const rounds = 3;
    const timing = { warmup: 1, duration: 3 };
    let ours = { transitions: 0, seconds: 0 };
    let theirs = { completions: 0, seconds: 0, instances: 0, wrong: 0, engineVersion: '' };
    const pairs: string[] = [];
    let lastWhere = '';
    for (let round = 0; round < rounds; round++) {
      const completes = await drive(ctx, pool, index, actor, rules, queue, false, timing);
      const bpmn = await child<BpmnResult>(ctx, '--bpmn', { ...timing, concurrency }, timing.warmup + timing.duration);
      ours = { transitions: ours.transitions + completes.transitions, seconds: ours.seconds + completes.seconds };
      theirs = {
        completions: theirs.completions + bpmn.completions,
        seconds: theirs.seconds + bpmn.seconds,
        instances: theirs.instances + bpmn.instances,
        wrong: theirs.wrong + bpmn.wrong,
        engineVersion: bpmn.engineVersion,
      };
      const a = completes.transitions / completes.seconds;
      const b = bpmn.completions / bpmn.seconds;
      pairs.push(`${a.toFixed(0)}/${b.toFixed(0)}`);
      lastWhere = completes.where;
    }
    const transitionRate = ours.transitions / ours.seconds;
    const bpmnRate = theirs.completions / theirs.seconds;
    const versus = transitionRate / bpmnRate;
    ctx.log(`actOnDossier, five completes in a row (last round): ${lastWhere}`);
    const bpmnNote = `ours: ${transitionRate.toFixed(1)} durable transitions/s (actOnDossier 'complete' on an unclaimed step, ${concurrency} concurrent, each committed with its log entry, status, step deadline and audit entry); bpmn-engine ${theirs.engineVersion}: ${bpmnRate.toFixed(1)} user-task completions/s in memory (${theirs.instances} instances of five tasks, ${concurrency} at a time, in a child process); ${rounds} alternating rounds of ${timing.duration} s each, ours/its per round ${pairs.join(', ')}; ratio of the totals ${versus.toFixed(2)}`;
    ctx.log(bpmnNote);
    ctx.record({
      name: `five-step sequential process: our durable transitions vs bpmn-engine task completions (in memory)`,
      value: Number(transitionRate.toFixed(1)),
      unit: 'transitions/s',
      limit: { name: 'bpmn-engine completions/s', value: Number(bpmnRate.toFixed(1)) },
      ratio: Number(versus.toFixed(3)),
      goal: '≥ 1 × bpmn-engine',
      meets: versus >= 1 && theirs.wrong === 0,
      note: [bpmnNote, ...(theirs.wrong ? [`${theirs.wrong} bpmn instances did not end after five signals`] : [])].join('; '),
    });

    // Over HTTP: each request claims a dossier no one touched yet.
    const untouched = all.slice(queue.next);
    const session = await staffSession(pool, ctx.baseUrl, specialist, `/ho-so/${encodeURIComponent(untouched[0]!)}`);
    const claimsOf = async () =>
      (
        await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM dossier_actions WHERE action = 'claim' AND dossier_id IN (SELECT id FROM dossiers WHERE code = ANY($1))`,
          [untouched],
        )
      ).rows[0]!.n;
    const before = await claimsOf();
    const waits = sampleWaits(pool.options as pg.PoolConfig);
    const elu0 = performance.eventLoopUtilization();
    const http = await child<ClaimResult>(
      ctx,
      '--claims',
      {
        baseUrl: ctx.baseUrl,
        cookie: session.cookie,
        csrf: session.csrf,
        codes: untouched,
        revision: p.template.revision,
        connections: concurrency,
        warmup: ctx.defaults.warmup,
        duration: ctx.defaults.duration,
      } satisfies ClaimLoad,
      ctx.defaults.warmup + ctx.defaults.duration,
    );
    const elu = performance.eventLoopUtilization(elu0).utilization;
    const waiting = await waits.stop();
    await new Promise((r) => setTimeout(r, 500));
    const gained = (await claimsOf()) - before;
    const httpRate = http.acknowledged / http.duration;
    const problems: string[] = [];
    if (http.other || http.errors || http.timeouts)
      problems.push(`${http.other} answers other than 303, ${http.errors} errors, ${http.timeouts} timeouts`);
    if (gained < http.acknowledgedAll || gained > http.acknowledgedAll + 2 * concurrency)
      problems.push(`${http.acknowledgedAll} answers 303 but ${gained} claims logged`);
    const httpWhere = `p99 ${http.latency.p99} ms; app event loop ${(elu * 100).toFixed(0)}% busy; PostgreSQL connections of the app, on average: ${waiting}`;
    ctx.log(`POST /ho-so/<code>/xu-ly (claim): ${httpRate.toFixed(1)} actions/s; ${httpWhere}`);
    ctx.record({
      name: `processing action through POST /ho-so/<code>/xu-ly (claim), ${concurrency} connections: actions`,
      value: Number(httpRate.toFixed(1)),
      unit: 'actions/s',
      limit,
      ratio: Number((httpRate / ctx.limits.insertTx.tps).toFixed(3)),
      goal: '≥ 0.3 × raw insert tx/s',
      meets: httpRate / ctx.limits.insertTx.tps >= 0.3 && problems.length === 0,
      note: [httpWhere, ...problems].join('; '),
    });
  },
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--claims')) await claimLoadMain();
  else if (process.argv.includes('--bpmn')) await bpmnMain();
}
