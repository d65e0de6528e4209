import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { demoPassword } from '../src/modules/demo/demo-province.ts';
import { Client } from './helpers/client.ts';
import { testDatabaseWithUrl } from './helpers/database.ts';
import { freePort, startProgram, waitHealthy, type Program } from './program.ts';

// `npm start` on its own embedded PostgreSQL: first start, a refused second start, kill -9 and recovery.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-start-'));
const env = (port: number) => ({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', DEMO: 'true' });
const running: Program[] = [];
after(async () => {
  for (const p of running) p.child.kill('SIGTERM');
  await Promise.all(running.map((p) => p.exited));
});

async function start(port: number): Promise<Program> {
  const program = startProgram(env(port));
  running.push(program);
  await waitHealthy(program, port);
  return program;
}

test('first start creates the demo province, prints the accounts and serves the search', async () => {
  const port = await freePort();
  const program = await start(port);
  assert.match(program.output(), /Tài khoản cán bộ/);
  assert.match(program.output(), /quantri\.tinh/);
  const res = await fetch(`http://127.0.0.1:${port}/api/procedures?q=dang+ky+khai+sinh`);
  assert.equal((await res.json()).items[0].code, '1.001193');

  // A second app on the same folder is refused with a clear message, and the first keeps serving.
  const otherPort = await freePort();
  const second = startProgram(env(otherPort));
  assert.notEqual(await second.exited, 0);
  assert.match(second.output(), /đang chạy trên thư mục dữ liệu/);
  assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);

  // Something committed: a desk officer signs in and replaces the temporary password. Then the app
  // dies without any chance to clean up.
  const officer = new Client(`http://127.0.0.1:${port}`);
  await officer.page('/dang-nhap');
  const signedIn = await officer.post('/dang-nhap', { username: 'motcua.ttphc', password: demoPassword, tiep: '/quan-tri' });
  assert.equal(signedIn.status, 303);
  await officer.page('/tai-khoan/doi-mat-khau');
  const changed = await officer.post('/tai-khoan/doi-mat-khau', {
    current: demoPassword,
    next: 'MatKhauMoi2027',
    repeat: 'MatKhauMoi2027',
  });
  assert.equal(changed.location, '/tai-khoan?da_doi=1');
  program.child.kill('SIGKILL');
  await program.exited;
  assert.ok(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid')), 'the embedded server outlived the app');

  // The next start stops the orphaned server cleanly, starts it again, and nothing committed is lost.
  const port2 = await freePort();
  const again = await start(port2);
  assert.doesNotMatch(again.output(), /Tài khoản cán bộ/, 'the demo is created only once');
  const back = new Client(`http://127.0.0.1:${port2}`);
  await back.page('/dang-nhap');
  const withNew = await back.post('/dang-nhap', { username: 'motcua.ttphc', password: 'MatKhauMoi2027', tiep: '/tai-khoan' });
  assert.equal(withNew.location, '/tai-khoan', 'the new password, committed before the crash, is the one that works');

  // A graceful stop also stops the database server.
  again.child.kill('SIGTERM');
  assert.equal(await again.exited, 0);
  assert.ok(!fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid')), 'the embedded server stopped with the app');
});

test('with DATABASE_URL the same program runs on that PostgreSQL and starts no server of its own', async () => {
  const { pool, url } = await testDatabaseWithUrl();
  const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-url-'));
  const port = await freePort();
  const program = startProgram({ DATABASE_URL: url, DATA_DIR: otherDir, PORT: String(port), HOST: '127.0.0.1', DEMO: 'true' });
  running.push(program);
  await waitHealthy(program, port);
  assert.ok(!fs.existsSync(path.join(otherDir, 'pg')), 'no embedded cluster was created');
  const { rows } = await pool.query(`SELECT name FROM agencies WHERE code = 'H99'`);
  assert.equal(rows[0]?.name, 'Ủy ban nhân dân tỉnh An Hòa', 'migrations and the demo went to DATABASE_URL');
  program.child.kill('SIGTERM');
  assert.equal(await program.exited, 0);
});

test('outside the demo, the system refuses to start without its own secret for the signing keys', async () => {
  const port = await freePort();
  const program = startProgram({ ...env(port), DEMO: 'false', DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-nosecret-')) });
  assert.notEqual(await program.exited, 0);
  assert.match(program.output(), /Chưa đặt SIGNING_KEY_SECRET/);
});

test('outside the demo, the system refuses to start without its public address, which signed results carry in their QR code', async () => {
  const port = await freePort();
  const program = startProgram({
    ...env(port),
    DEMO: 'false',
    SIGNING_KEY_SECRET: 'x'.repeat(40),
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-nourl-')),
  });
  assert.notEqual(await program.exited, 0);
  assert.match(program.output(), /Chưa đặt PUBLIC_URL/);
});
