import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import zlib from 'node:zlib';
import { createPool } from '../src/db/pool.ts';
import { startEmbedded } from '../src/db/embedded.ts';
import { verifyAuditLog } from '../src/modules/audit/verify-chain.ts';
import { demoPassword } from '../src/modules/demo/demo-province.ts';
import type { ComponentRecord } from '../src/modules/dossiers/dossiers.repository.ts';
import { pdfOf, streamObject } from '../src/modules/files/files-fixture.ts';
import { Client } from './helpers/client.ts';
import { freePort, startProgram, waitHealthy, type Program } from './program.ts';

// The real program receives dossiers at the counter, many at once, and is killed (kill -9) in the
// middle. After a restart every acknowledged dossier is there, whole; no dossier is half there; the
// day's codes have no gaps; the audit chain verifies.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-crash-'));
const env = (port: number) => ({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', DEMO: 'true' });
const running: Program[] = [];
const alive = (p: Program) => p.child.exitCode === null && p.child.signalCode === null;

after(async () => {
  for (const p of running.filter(alive)) {
    p.child.kill('SIGTERM');
    const timer = setTimeout(() => p.child.kill('SIGKILL'), 20_000);
    await p.exited;
    clearTimeout(timer);
  }
  // A program that died without stopping its database server (the killed one, if the restart failed).
  if (fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))) await (await startEmbedded(dataDir, () => undefined)).stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<{ program: Program; url: string }> {
  const port = await freePort();
  const program = startProgram(env(port));
  running.push(program);
  await waitHealthy(program, port, 120_000);
  return { program, url: `http://127.0.0.1:${port}` };
}

/**
 * A scanned PDF whose content is its own (so each is a file of its own in the store): small, or
 * with `padding` bytes more in an uncompressed content stream (an upload still streaming when the
 * program dies).
 */
function scanOf(i: number, padding = 0): Buffer {
  const text = `BT /F1 24 Tf 72 720 Td (Ho so so ${i} - ${Date.now()}) Tj ET`;
  return pdfOf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    streamObject('/Filter /FlateDecode', zlib.deflateSync(text)),
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R >>',
    streamObject('', Buffer.from(`${text}\n%${'x'.repeat(padding)}`)),
  ]);
}

interface Attempt {
  i: number;
  scan: { sha256: string; size: number } | null;
  /** The code of the receipt, when the program answered 303 to it before dying. */
  code?: string;
  /** Why there is no receipt: the connection broke or was refused (the program was killed). */
  failure?: string;
}

async function receive(officer: Client, url: string, csrf: string, attempt: Attempt, scan: Buffer | null): Promise<void> {
  const body = new FormData();
  body.append('_csrf', csrf);
  const fields: Array<[string, string]> = [
    ['channel', 'counter'],
    ['applicant.fullName', `Nguyễn Văn Thử ${attempt.i}`],
    ['applicant.idNumber', `0990850${String(attempt.i).padStart(5, '0')}`],
    ['applicant.phone', '0912000111'],
    ['applicant.address', 'Tổ 5, phường Đông Thành'],
    ['received', '1'],
    ['resultDelivery', 'counter'],
    ['outcome', 'receive'],
  ];
  for (const [k, v] of fields) body.append(k, v);
  if (scan) body.append('file-0', new Blob([new Uint8Array(scan)], { type: 'application/pdf' }), `to-khai-${attempt.i}.pdf`);
  try {
    const res = await fetch(`${url}/tiep-nhan/moi/1.001193`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: `mc_session=${officer.cookies.get('mc_session')}`, accept: 'text/html' },
      body,
      signal: AbortSignal.timeout(30_000),
    });
    await res.arrayBuffer();
    const code = /^\/ho-so\/(.+)\/phieu$/.exec(res.headers.get('location') ?? '')?.[1];
    if (res.status === 303 && code) attempt.code = decodeURIComponent(code);
    else attempt.failure = `answered ${res.status} ${res.headers.get('location') ?? ''}`;
  } catch (err) {
    attempt.failure = String((err as Error).cause ?? err);
  }
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

test(
  'receptions acknowledged before a kill -9 are all there after the restart, whole, and nothing is half there',
  { timeout: 300_000 },
  async (t) => {
    const first = await start();

    // A desk officer signs in through the pages and replaces the temporary password.
    const officer = new Client(first.url);
    await officer.page('/dang-nhap');
    const signedIn = await officer.post('/dang-nhap', { username: 'motcua.dongthanh', password: demoPassword, tiep: '/tiep-nhan' });
    assert.equal(signedIn.status, 303);
    const changeForm = await officer.page('/tai-khoan/doi-mat-khau');
    assert.equal(changeForm.status, 200);
    const changed = await officer.post('/tai-khoan/doi-mat-khau', {
      current: demoPassword,
      next: 'TiepNhanMoi2027',
      repeat: 'TiepNhanMoi2027',
    });
    assert.equal(changed.location, '/tai-khoan?da_doi=1');
    const form = await officer.page('/tiep-nhan/moi/1.001193');
    assert.equal(form.status, 200);
    const csrf = officer.csrf();

    // 120 receptions, 30 at a time, one in three with a scan (every other scan of 3 MB); the program
    // is killed once 40 are acknowledged.
    const total = 120;
    const killAfter = 40;
    const attempts: Attempt[] = [];
    let next = 0;
    let killedAt: number | null = null;
    const worker = async () => {
      while (next < total) {
        const i = next++;
        const scan = i % 3 === 0 ? scanOf(i, i % 6 === 0 ? 3_000_000 : 0) : null;
        const attempt: Attempt = { i, scan: scan ? { sha256: sha256(scan), size: scan.length } : null };
        attempts.push(attempt);
        await receive(officer, first.url, csrf, attempt, scan);
        if (killedAt === null && attempts.filter((a) => a.code).length >= killAfter) {
          killedAt = attempts.length;
          first.program.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 30 }, worker));
    await first.program.exited;
    assert.notEqual(killedAt, null, 'the program was killed during the receptions');
    const acknowledged = attempts.filter((a) => a.code);
    const unanswered = attempts.filter((a) => !a.code);
    for (const a of unanswered)
      assert.doesNotMatch(a.failure ?? '', /^answered/, `reception ${a.i} was refused before the kill: ${a.failure}`);
    assert.ok(unanswered.length > 0, 'some receptions were cut off by the kill');
    t.diagnostic(
      `${acknowledged.length} receptions acknowledged; ${killedAt! - acknowledged.length} in flight at the kill, ` +
        `${attempts.length - killedAt!} more refused by the dead program`,
    );

    // The restart recovers the embedded server the killed program left running.
    const second = await start();
    const pool = createPool({ host: path.join(dataDir, 'run'), user: 'postgres', database: 'motcua' }, 2);
    t.after(() => pool.end());
    const filesDir = path.join(dataDir, 'files');

    const { rows: dossiers } = await pool.query<{ id: number; code: string; status: string; components: ComponentRecord[] }>(
      `SELECT id, code, status, components FROM dossiers ORDER BY id`,
    );
    const byCode = new Map(dossiers.map((d) => [d.code, d]));

    // Every acknowledged reception is there, with its scan.
    for (const a of acknowledged) {
      const d = byCode.get(a.code!);
      assert.ok(d, `acknowledged dossier ${a.code} is in the database`);
      assert.equal(d.status, 'received');
      const files = d.components.flatMap((c) => c.files ?? []);
      if (a.scan)
        assert.deepEqual(
          files.map((f) => [f.sha256, f.size]),
          [[a.scan.sha256, a.scan.size]],
          `the scan of ${a.code}`,
        );
      else assert.equal(files.length, 0);
    }

    // Every dossier in the database is whole: its log entry, its audit entry, each of its files on disk with its SHA-256.
    const { rows: actions } = await pool.query<{ dossier_id: number; n: number }>(
      `SELECT dossier_id, count(*)::int AS n FROM dossier_actions WHERE action = 'receive' GROUP BY dossier_id`,
    );
    const actionCount = new Map(actions.map((r) => [r.dossier_id, r.n]));
    const { rows: audits } = await pool.query<{ subject_id: string; n: number }>(
      `SELECT subject_id, count(*)::int AS n FROM audit_log WHERE action = 'dossier_receive' AND subject_type = 'dossier' GROUP BY subject_id`,
    );
    const auditCount = new Map(audits.map((r) => [r.subject_id, r.n]));
    assert.equal(audits.length, dossiers.length, 'no audit entry of a reception without its dossier');
    for (const d of dossiers) {
      assert.equal(actionCount.get(d.id), 1, `${d.code} has its log entry`);
      assert.equal(auditCount.get(d.code), 1, `${d.code} has its audit entry`);
      for (const f of d.components.flatMap((c) => c.files ?? [])) {
        const stored = path.join(filesDir, f.sha256.slice(0, 2), f.sha256.slice(2, 4), f.sha256);
        assert.ok(fs.existsSync(stored), `the file ${f.sha256} of ${d.code} is on disk`);
        const bytes = fs.readFileSync(stored);
        assert.equal(bytes.length, f.size);
        assert.equal(sha256(bytes), f.sha256, `the file of ${d.code} is intact`);
        const row = await pool.query('SELECT 1 FROM files f JOIN file_uploads u ON u.sha256 = f.sha256 WHERE u.id = $1 AND f.sha256 = $2', [
          f.uploadId,
          f.sha256,
        ]);
        assert.equal(row.rowCount, 1, `the upload ${f.uploadId} of ${d.code} is recorded`);
      }
    }
    assert.ok(dossiers.length >= acknowledged.length);
    t.diagnostic(
      `${dossiers.length} dossiers after the restart (${dossiers.length - acknowledged.length} committed but never acknowledged)`,
    );

    // The day's codes: 1..last of the agency's counter, each once, no gap.
    const { rows: counters } = await pool.query<{ agency_id: number; day: string; last: number; code: string }>(
      `SELECT c.agency_id, c.day, c.last, a.code FROM dossier_counters c JOIN agencies a ON a.id = c.agency_id`,
    );
    assert.equal(counters.length, 1, 'one agency, one day');
    const counter = counters[0]!;
    const prefix = `${counter.code}-${counter.day.slice(2).replaceAll('-', '')}-`;
    const sequences = dossiers.map((d) => {
      assert.ok(d.code.startsWith(prefix), `${d.code} is a code of ${prefix}`);
      return Number(d.code.slice(prefix.length));
    });
    sequences.sort((a, b) => a - b);
    assert.deepEqual(
      sequences,
      Array.from({ length: counter.last }, (_, k) => k + 1),
      'the codes run from 1 to the counter without a gap',
    );

    // The audit chain verifies (npm run audit:verify).
    const chain = await verifyAuditLog(pool);
    assert.ok(chain.ok, `audit chain: ${JSON.stringify(chain)}`);

    const leftovers = fs.readdirSync(path.join(filesDir, 'tmp')).length;
    t.diagnostic(`${leftovers} temp file(s) of cut-off uploads left in files/tmp`);

    // The restarted program goes on with the next number, with the session from before the crash.
    const again = new Client(second.url);
    again.cookies = officer.cookies;
    await again.page('/tiep-nhan/moi/1.001193');
    const after: Attempt = { i: total, scan: null };
    await receive(again, second.url, again.csrf(), after, null);
    assert.equal(after.code, `${prefix}${String(counter.last + 1).padStart(4, '0')}`, after.failure);

    second.program.child.kill('SIGTERM');
    assert.equal(await second.program.exited, 0);
  },
);
