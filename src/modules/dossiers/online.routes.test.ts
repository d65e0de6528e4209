import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../../../test/helpers/app.ts';
import { Client, citizenClient, staffClient } from '../../../test/helpers/client.ts';
import { minimalPdf } from '../files/files-fixture.ts';

const { url, deps, pool } = await startTestApp({ demo: true });
const citizen = await citizenClient(url, deps, { fullName: 'Đặng Thị Ánh', idNumber: '099192000456' });
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const { rows: agencyRows } = await pool.query<{ id: number }>(`SELECT id FROM agencies WHERE code = '000.00.31.H99'`);
const commune = String(agencyRows[0]!.id);

/** Posts the online form as a browser does; `key` is the page's one-time key unless given. */
async function submit(fields: Record<string, string>, files: Array<[string, string, Buffer]> = [], key?: string) {
  const form = await citizen.page('/cong-dan/nop/1.001193');
  const body = new FormData();
  body.append('_csrf', citizen.csrf());
  body.append('key', key ?? /name="key" value="([^"]+)"/.exec(form.html)![1]!);
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  for (const [field, name, bytes] of files) body.append(field, new Blob([new Uint8Array(bytes)]), name);
  return fetch(`${url}/cong-dan/nop/1.001193`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `mc_session=${citizen.cookies.get('mc_session')}`, accept: 'text/html' },
    body,
  });
}

test('the form is for signed-in citizens, prefilled from their identity with the number masked', async () => {
  const anonymous = await new Client(url).page('/cong-dan/nop/1.001193');
  assert.equal(anonymous.status, 303);
  assert.equal(anonymous.location, '/cong-dan/dang-nhap?tiep=%2Fcong-dan%2Fnop%2F1.001193');
  const form = text((await citizen.page('/cong-dan/nop/1.001193')).html);
  assert.match(form, /Người nộp: Đặng Thị Ánh/);
  assert.match(form, /•{9}456/);
  assert.ok(!form.includes('099192000456'));
  assert.match(form, /Ủy ban nhân dân phường Đông Thành/);
});

test('a submission with problems lists them all and keeps what was typed and uploaded', async () => {
  const res = await submit({ agencyId: commune, phone: '', email: 'không-phải-thư', address: 'Tổ 1' }, []);
  assert.equal(res.status, 400);
  const html = await res.text();
  for (const m of ['Nhập số điện thoại', 'Thư điện tử không đúng định dạng', 'Tải lên ít nhất một giấy tờ']) assert.ok(html.includes(m), m);
  assert.match(html, /name="address" value="Tổ 1"/);
});

test('a citizen submits online: one dossier even when the form is sent twice; it reaches the desk, which receives it', async () => {
  const fields = { agencyId: commune, phone: '0988 123 456', email: '', address: 'Số 9, phường Đông Thành', resultDelivery: 'online' };
  const page = await citizen.page('/cong-dan/nop/1.001193');
  const key = /name="key" value="([^"]+)"/.exec(page.html)![1]!;
  const [a, b] = await Promise.all([
    submit(fields, [['file-0', 'chung-sinh.pdf', minimalPdf()]], key),
    submit(fields, [['file-0', 'chung-sinh.pdf', minimalPdf()]], key),
  ]);
  const codes = [a, b].map((r) => decodeURIComponent(/da_nop=([^&]+)/.exec(r.headers.get('location') ?? '')?.[1] ?? ''));
  assert.ok(codes[0]);
  assert.equal(codes[0], codes[1], 'the same page sent twice is one dossier');
  const code = codes[0]!;
  const { rows } = await pool.query(
    `SELECT count(*)::int AS n FROM dossiers WHERE citizen_id IS NOT NULL AND applicant->>'idNumber' = '099192000456' AND status = 'new'`,
  );
  assert.equal(rows[0].n, 1);
  const mine = text((await citizen.page(`/cong-dan/ho-so?da_nop=${encodeURIComponent(code)}`)).html);
  assert.match(mine, new RegExp(`Mã hồ sơ của bạn: ${code.replaceAll('.', '\\.')}`));
  assert.match(mine, /Mới đăng ký/);
  assert.match(mine, /Tiếp nhận trước \d{2} giờ \d{2} phút/);

  const officer = await staffClient(url, deps, 'motcua.dongthanh');
  const desk = await officer.page('/tiep-nhan');
  assert.match(text(desk.html), /Hồ sơ trực tuyến chờ tiếp nhận \(1\)/);
  const dossier = await officer.page(`/ho-so/${code}`);
  assert.match(dossier.html, /chung-sinh\.pdf/);
  const revision = /name="revision" value="(\d+)"/.exec(dossier.html)![1]!;
  const noReason = await officer.post(`/ho-so/${code}/tiep-nhan`, { revision, decision: 'refuse', reasons: '' });
  assert.equal(noReason.status, 400);
  assert.match(noReason.html, /Ghi rõ lý do từ chối tiếp nhận/);
  const received = await officer.post(`/ho-so/${code}/tiep-nhan`, { revision, decision: 'receive', reasons: '' });
  assert.equal(received.status, 303);
  // The receipt names the officer who received it, not the citizen who submitted.
  const slip = text((await officer.page(received.location!)).html);
  assert.match(slip, /GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ/);
  assert.match(slip, /NGƯỜI TIẾP NHẬN HỒ SƠ \(Ký và ghi rõ họ tên\) Đỗ Văn Bình/);
  const stale = await officer.post(
    `/ho-so/${code}/tiep-nhan`,
    { revision, decision: 'refuse', reasons: 'x' },
    /name="_csrf" value="([^"]+)"/.exec(dossier.html)![1]!,
  );
  assert.equal(stale.status, 409);
  const lookup = await (await fetch(`${url}/api/dossiers/${code}/status`)).json();
  assert.equal(lookup.status, 'received');
  assert.ok(lookup.dueAt);
});
