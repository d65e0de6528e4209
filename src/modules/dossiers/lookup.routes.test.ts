import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestApp } from '../../../test/helpers/app.ts';
import { citizenClient } from '../../../test/helpers/client.ts';
import { formatMoment } from '../../lib/vietnamese.ts';
import { minimalPdf } from '../files/files-fixture.ts';

// Two processes of the app on one database: the lookup of one must follow changes made through the other.
const first = await startTestApp({ demo: true });
const second = await startTestApp({ pool: first.pool });
const { pool } = first;

/** A new online dossier (status 1) submitted through the second app's API; returns its code. */
async function newDossier(idNumber: string): Promise<string> {
  const client = await citizenClient(second.url, second.deps, { fullName: 'Mai Văn Lâm', idNumber });
  const cookie = `mc_session=${client.cookies.get('mc_session')}`;
  const { csrfToken } = await (await fetch(`${second.url}/api/session`, { headers: { cookie } })).json();
  const headers = { cookie, 'x-csrf-token': csrfToken };
  const upload = new FormData();
  upload.append('file', new Blob([new Uint8Array(minimalPdf())]), 'to-khai.pdf');
  const { files } = await (await fetch(`${second.url}/api/files`, { method: 'POST', headers, body: upload })).json();
  const { rows } = await pool.query(`SELECT id FROM agencies WHERE code = '000.00.31.H99'`);
  const { rows: forms } = await pool.query(`SELECT definition FROM procedure_forms WHERE procedure_code = '1.001193'`);
  assert.ok(forms.length, 'the demo form exists');
  const res = await fetch(`${second.url}/api/dossiers`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': `lookup-${idNumber}` },
    body: JSON.stringify({
      procedureCode: '1.001193',
      agencyId: rows[0].id,
      phone: '0912 000 222',
      formVersion: 1,
      answers: {
        requesterName: 'Mai Văn Lâm',
        requesterId: idNumber,
        relationship: 'father',
        children: [
          { name: 'Mai Anh Thư', sex: 'female', birthDate: '2026-12-02', birthPlace: 'Nhà hộ sinh Đông Thành', ethnicity: 'Kinh' },
        ],
        motherName: 'Đỗ Thị Hạnh',
        motherId: '099197000333',
        motherBirthYear: 1997,
        hasFather: 'yes',
        fatherName: 'Mai Văn Lâm',
        fatherId: idNumber,
      },
      components: [[files[0].uploadId]],
    }),
  });
  assert.equal(res.status, 201);
  return (await res.json()).code;
}

const statusOf = async (code: string) => (await (await fetch(`${first.url}/api/dossiers/${code}/status`)).json()).statusLabel;
const pageOf = async (code: string) =>
  (await (await fetch(`${first.url}/tra-cuu?ma=${encodeURIComponent(code)}`)).text()).replace(/<[^>]+>/g, ' ');

/** Polls the first app until `check` holds (a change reaches another process when its commit is announced). */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await sleep(20);
  }
  assert.fail('the lookup kept showing the old status');
}

test('a looked-up dossier shows its new status as soon as it changes, whichever process changed it', async () => {
  const code = await newDossier('099180000444');
  assert.equal(await statusOf(code), 'Mới đăng ký');
  assert.match(await pageOf(code), /Mới đăng ký/);
  // Looked up again: answered from memory (the same answer), until the dossier changes.
  assert.equal(await statusOf(code), 'Mới đăng ký');
  await pool.query(`UPDATE dossiers SET status = 'received', received_at = now(), revision = revision + 1 WHERE code = $1`, [code]);
  await eventually(async () => (await statusOf(code)) === 'Đã tiếp nhận');
  await eventually(async () => /Đã tiếp nhận/.test(await pageOf(code)));
});

test('an online dossier waiting for the desk shows when it was submitted and by when the desk must take it in', async () => {
  const code = await newDossier('099180000666');
  const { rows } = await pool.query(`SELECT created_at, accept_by FROM dossiers WHERE code = $1`, [code]);
  const page = (await pageOf(code)).replace(/\s+/g, ' ');
  assert.ok(page.includes(`Nộp trực tuyến lúc ${formatMoment(rows[0].created_at)}`), page);
  assert.ok(page.includes(`Hạn tiếp nhận hồ sơ ${formatMoment(rows[0].accept_by)}`), page);
  assert.doesNotMatch(page, /Ngày tiếp nhận/, 'not received yet');
  const api = await (await fetch(`${first.url}/api/dossiers/${code}/status`)).json();
  assert.equal(new Date(api.acceptBy).getTime(), rows[0].accept_by.getTime());
  // Once taken in, the deadline to take it in is no longer news.
  await pool.query(`UPDATE dossiers SET status = 'received', received_at = now(), revision = revision + 1 WHERE code = $1`, [code]);
  await eventually(async () => !(await pageOf(code)).includes('Hạn tiếp nhận hồ sơ'));
});

test('the lookup form sent without a code says so at its field; the bare page has no error', async () => {
  const empty = await fetch(`${first.url}/tra-cuu?ma=+`);
  assert.equal(empty.status, 400);
  assert.match(await empty.text(), /<a href="#ma">Nhập mã hồ sơ ghi trên giấy tiếp nhận\.<\/a>/);
  const bare = await fetch(`${first.url}/tra-cuu`);
  assert.equal(bare.status, 200);
  assert.doesNotMatch(await bare.text(), /error-summary/);
});

test('changes made while the app could not hear them are not hidden by what it kept', async () => {
  const code = await newDossier('099180000555');
  assert.equal(await statusOf(code), 'Mới đăng ký');
  // The listening connections are cut (a database restart, a network blip), then the dossier changes.
  await pool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'mot-cua-listener'`);
  await pool.query(`UPDATE dossiers SET status = 'received', received_at = now(), revision = revision + 1 WHERE code = $1`, [code]);
  await eventually(async () => (await statusOf(code)) === 'Đã tiếp nhận');
});
