import { spawn } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { buildApp, createDeps } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { SessionStore } from '../../src/modules/accounts/sessions.ts';
import { pdfOf, streamObject } from '../../src/modules/files/files-fixture.ts';
import type { BenchContext, Scenario } from '../types.ts';
import { sampleWaits } from '../waits.ts';

/**
 * Dossier intake at the counter: a desk officer of Đông Thành (000.00.31.H99) submits the filled
 * reception form of 1.001193 (multipart, `_csrf` first, as the browser posts it), first without
 * files, then with a 1 MB scanned PDF attached to the first component. Every POST must answer 303
 * (to the receipt), and the dossiers the database gained must match the 303s.
 *
 * The POSTs come from autocannon in a child process (this same file, run with `--load`), as
 * bench/load.ts does for GETs: the session cookie and its CSRF token are the same for every request,
 * so one prepared body serves them all (with a PDF, each request's copy gets a distinct number in
 * its pixels, so every upload is a new file for the store, as real scans are).
 *
 * While a run goes on, PostgreSQL's view of the app's connections is sampled (what each busy
 * connection waits for) and the app's event-loop utilisation is measured (the app runs in this
 * process): together they tell what limits the figure.
 */

export const receptionProcedure = '1.001193';
export const deskOfficer = 'motcua.dongthanh';
const connections = 10;

export interface DeskSession {
  cookie: string;
  csrf: string;
}

/** A desk officer's session started directly (as 06-session-overhead does) and the form's CSRF token read from the form page. */
export async function deskSession(pool: pg.Pool, baseUrl: string): Promise<DeskSession> {
  const { rows } = await pool.query<{ id: number }>(`UPDATE staff SET must_change_password = false WHERE username = $1 RETURNING id`, [
    deskOfficer,
  ]);
  if (!rows[0]) throw new Error(`no staff ${deskOfficer} in the bench database`);
  const token = await new SessionStore(pool).start({ kind: 'staff', staffId: rows[0].id, secondFactorDone: true, ip: '127.0.0.1' });
  const cookie = `mc_session=${token}`;
  const res = await fetch(`${baseUrl}/tiep-nhan/moi/${receptionProcedure}`, { headers: { cookie, accept: 'text/html' } });
  const html = await res.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (res.status !== 200 || !csrf) throw new Error(`the reception form answered ${res.status} without a CSRF token`);
  return { cookie, csrf };
}

/** The text of the marker whose digits make each scan distinct. */
const markerText = 'SCAN-0000000000000000';

/**
 * A valid one-page PDF (about `bytes` long) whose page is a grey scan: an uncompressed 8-bit image
 * XObject (no filter, so nothing for the store to inflate) with pixels 0x80–0xff (no ASCII, so no
 * PDF keyword inside) and a marker of ASCII digits in its second row.
 */
export function scanPdf(bytes: number): Buffer {
  const width = 1024;
  const height = Math.max(2, Math.ceil(bytes / width));
  const pixels = Buffer.alloc(width * height);
  let seed = 12345;
  for (let i = 0; i < pixels.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    pixels[i] = 0xe0 | ((seed >>> 16) & 0x1f); // paper with a little noise
  }
  pixels.fill(0xff, 0, width); // a white first row: the data never starts like zlib
  pixels.write(markerText, width, 'latin1');
  return pdfOf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>',
    streamObject('', Buffer.from('q 595 0 0 842 0 0 cm /Im0 Do Q')),
    streamObject(`/Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceGray /BitsPerComponent 8`, pixels),
  ]);
}

/** The filled reception form as a browser posts it: multipart, `_csrf` first, the scan (if any) on component 0. */
export function receptionBody(csrf: string, scan?: Buffer): { body: Buffer; contentType: string } {
  const boundary = `----motcua-bench-${Math.random().toString(16).slice(2)}`;
  const fields: Array<[string, string]> = [
    ['_csrf', csrf],
    ['agencyId', ''],
    ['channel', 'counter'],
    ['postalTracking', ''],
    ['applicant.fullName', 'Trần Văn Bình'],
    ['applicant.idNumber', '099085000123'],
    ['applicant.phone', '0912000111'],
    ['applicant.email', 'binh.tv@example.vn'],
    ['applicant.address', 'Tổ 5, phường Đông Thành, tỉnh An Hòa'],
    ['received', '0'],
    ['received', '1'],
    ['resultDelivery', 'counter'],
    ['outcome', 'receive'],
    ['reasons', ''],
  ];
  const parts: Buffer[] = fields.map(([name, value]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
  );
  if (scan) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file-0"; filename="to-khai.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      scan,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Posts `count` receptions from this process, `concurrency` at a time; returns the codes of the receipts (every POST must answer 303). */
export async function postReceptions(baseUrl: string, session: DeskSession, count: number, concurrency = 10): Promise<string[]> {
  const { body, contentType } = receptionBody(session.csrf);
  const codes: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const res = await fetch(`${baseUrl}/tiep-nhan/moi/${receptionProcedure}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: session.cookie, accept: 'text/html', 'content-type': contentType },
        body: new Uint8Array(body),
      });
      await res.arrayBuffer();
      const code = /^\/ho-so\/(.+)\/phieu$/.exec(res.headers.get('location') ?? '')?.[1];
      if (res.status !== 303 || !code) throw new Error(`a reception answered ${res.status} ${res.headers.get('location') ?? ''}`);
      codes.push(decodeURIComponent(code));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return codes;
}

// ---------------------------------------------------------------- the load generator (child process)

interface PostLoad {
  url: string;
  cookie: string;
  csrf: string;
  /** 0: no file; otherwise the size of the scan attached to component 0. */
  scanBytes: number;
  connections: number;
  warmup: number;
  duration: number;
}

interface PostResult {
  /** 303s, warm-up included (to compare with the dossiers the database gained). */
  acknowledgedAll: number;
  acknowledged: number;
  requests: number;
  duration: number;
  other: number;
  errors: number;
  timeouts: number;
  latency: { p50: number; p99: number; max: number };
}

async function loadMain(): Promise<void> {
  const { default: autocannon } = await import('autocannon');
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const o = JSON.parse(input) as PostLoad;
  const target = new URL(o.url);
  if (target.hostname !== '127.0.0.1') throw new Error(`only 127.0.0.1, not ${target.hostname}`);
  const { body, contentType } = receptionBody(o.csrf, o.scanBytes ? scanPdf(o.scanBytes) : undefined);
  const markerAt = o.scanBytes ? body.indexOf(markerText, 0, 'latin1') : -1;
  let serial = Date.now() * 1000;
  const request: import('autocannon').Request = { method: 'POST', path: target.pathname, body };
  if (markerAt >= 0) {
    // Each upload its own content: a copy of the body with a new number in the scan's marker.
    request.setupRequest = (req) => {
      const copy = Buffer.from(body);
      copy.write(String(serial++).padStart(16, '0').slice(-16), markerAt + 5, 'latin1');
      return { ...req, body: copy };
    };
  }
  const run = (duration: number) =>
    new Promise<import('autocannon').Result>((resolve, reject) =>
      autocannon(
        {
          url: target.origin,
          connections: o.connections,
          duration,
          timeout: 30,
          headers: { cookie: o.cookie, accept: 'text/html', 'content-type': contentType },
          requests: [request],
        },
        (err, result) => (err ? reject(err) : resolve(result)),
      ),
    );
  const warm = o.warmup > 0 ? await run(o.warmup) : undefined;
  const r = await run(o.duration);
  const out: PostResult = {
    acknowledgedAll: r['3xx'] + (warm?.['3xx'] ?? 0),
    acknowledged: r['3xx'],
    requests: r.requests.total,
    duration: r.duration,
    other: r['1xx'] + r['2xx'] + r['4xx'] + r['5xx'] + (warm ? warm['1xx'] + warm['2xx'] + warm['4xx'] + warm['5xx'] : 0),
    errors: r.errors + (warm?.errors ?? 0),
    timeouts: r.timeouts + (warm?.timeouts ?? 0),
    latency: { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max },
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

function postLoad(ctx: BenchContext, options: PostLoad): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const child = ctx.track(
      spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--load'], {
        cwd: ctx.root,
        stdio: ['pipe', 'pipe', 'pipe'],
      }),
    );
    child.stdin.end(JSON.stringify(options));
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const limit = setTimeout(() => child.kill('SIGKILL'), (options.warmup + options.duration + 60) * 1000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(limit);
      const line = out.trim().split('\n').pop();
      if (code !== 0 || !line) return reject(new Error(`reception load failed (${code}):\n${err || out}`));
      resolve(JSON.parse(line) as PostResult);
    });
  });
}

// ---------------------------------------------------------------- what the connections wait for

/** One measured run of the form against `baseUrl`: dossiers per second, checked against the database. */
async function measure(ctx: BenchContext, baseUrl: string, pool: pg.Pool, scanBytes: number) {
  const session = await deskSession(pool, baseUrl);
  const count = async () => (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM dossiers')).rows[0]!.n;
  const before = await count();
  const waits = sampleWaits(pool.options as pg.PoolConfig);
  const elu0 = performance.eventLoopUtilization();
  const r = await postLoad(ctx, {
    url: `${baseUrl}/tiep-nhan/moi/${receptionProcedure}`,
    ...session,
    scanBytes,
    connections,
    warmup: 2,
    duration: ctx.defaults.duration,
  });
  const elu = performance.eventLoopUtilization(elu0).utilization;
  const waiting = await waits.stop();
  await new Promise((resolve) => setTimeout(resolve, 500)); // requests aborted at the end may still commit
  const gained = (await count()) - before;
  const rate = r.acknowledged / r.duration;
  const problems: string[] = [];
  if (r.other || r.errors || r.timeouts) problems.push(`${r.other} answers other than 303, ${r.errors} errors, ${r.timeouts} timeouts`);
  // A 303 to the sign-in page would not be a dossier: the database must have gained one per 303
  // (and at most one per connection more at the end of the warm-up and of the run: a request cut
  // off there may still commit).
  if (gained < r.acknowledgedAll || gained > r.acknowledgedAll + 2 * connections)
    problems.push(`${r.acknowledgedAll} answers 303 but ${gained} new dossiers`);
  const where = `app event loop ${(elu * 100).toFixed(0)}% busy; PostgreSQL connections of the app, on average: ${waiting}`;
  ctx.log(`${scanBytes ? 'with a 1 MB scan' : 'without files'}: ${rate.toFixed(1)} dossiers/s, p99 ${r.latency.p99} ms; ${where}`);
  return { rate, p99: r.latency.p99, problems, where };
}

export const scenario: Scenario = {
  name: 'counter reception',
  async run(ctx) {
    const { baseUrl, pool } = ctx.imported;
    const plain = await measure(ctx, baseUrl, pool, 0);
    const ratio = plain.rate / ctx.limits.insertTx.tps;
    ctx.record({
      name: 'counter reception without files, 10 connections: dossiers',
      value: Number(plain.rate.toFixed(1)),
      unit: 'dossiers/s',
      limit: { name: 'raw INSERT tx/s', value: Math.round(ctx.limits.insertTx.tps) },
      ratio: Number(ratio.toFixed(3)),
      goal: '≥ 0.3 × raw insert tx/s',
      meets: ratio >= 0.3 && plain.problems.length === 0,
      note: [`p99 ${plain.p99} ms`, plain.where, ...plain.problems].join('; '),
    });

    // The bench's app keeps files in the default DATA_DIR (./data): uploads go to an app of their
    // own on the same database and pool, with its files in this run's scratch folder.
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DEMO: 'false',
      LOG_LEVEL: 'silent',
      DATA_DIR: path.join(ctx.scratch, 'reception-data'),
    });
    const app = await buildApp(createDeps(pool, config));
    await app.listen({ port: 0, host: '127.0.0.1' });
    ctx.defer(() => app.close());
    const address = app.server.address();
    const filesUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

    const scanned = await measure(ctx, filesUrl, pool, 1024 * 1024);
    ctx.record({
      name: 'counter reception with a 1 MB scanned PDF, 10 connections: dossiers',
      value: Number(scanned.rate.toFixed(1)),
      unit: 'dossiers/s',
      limit: { name: 'same form without files', value: Number(plain.rate.toFixed(1)) },
      ratio: Number((scanned.rate / plain.rate).toFixed(3)),
      goal: '≥ 50 dossiers/s',
      meets: scanned.rate >= 50 && scanned.problems.length === 0,
      note: [`p99 ${scanned.p99} ms`, scanned.where, ...scanned.problems].join('; '),
    });
  },
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.argv.includes('--load'))
  await loadMain();
