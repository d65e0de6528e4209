import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../../../test/helpers/app.ts';
import { Client, staffClient } from '../../../test/helpers/client.ts';
import { postReception } from '../../../test/helpers/reception.ts';
import { findProcedureView } from '../catalog/catalog.repository.ts';
import { timeLimitLabel } from '../catalog/labels.ts';
import { minimalPdf } from '../files/files-fixture.ts';
import { receptionFormPage } from './desk.pages.tsx';

const { url, deps, pool } = await startTestApp({ demo: true });
const officer = await staffClient(url, deps, 'motcua.dongthanh');
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/** Posts the reception form of 1.001193 as a browser does (test/helpers/reception.ts). */
const receive = (fields: Record<string, string | string[]>, files: Array<[field: string, name: string, bytes: Buffer]> = []) =>
  postReception(url, officer, fields, files);

test('the desk finds a procedure and receives a dossier; the receipt (Mẫu 01) has the code, QR and appointment', async () => {
  const search = await officer.page('/tiep-nhan?q=khai+sinh');
  assert.match(search.html, /href="\/tiep-nhan\/moi\/1\.001193"/);
  const res = await receive({ channel: 'counter', received: ['0', '1'], resultDelivery: 'counter', outcome: 'receive' });
  assert.equal(res.status, 303);
  const location = res.headers.get('location')!;
  const code = /^\/ho-so\/(.+)\/phieu$/.exec(location)![1]!;
  assert.match(code, /^000\.00\.31\.H99-\d{6}-0001$/);
  const slip = await officer.page(location);
  const page = text(slip.html);
  assert.match(page, /GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ/);
  assert.ok(page.includes(code));
  assert.match(page, /5\. Thời gian trả kết quả giải quyết hồ sơ: \d{2} giờ \d{2} phút, ngày \d{2}\/\d{2}\/\d{4}/);
  assert.match(page, /Hình thức nộp hồ sơ: Trực tiếp/);
  // What the catalogue states, not blanks for the officer's pen: the time limit and the paper counts.
  const { rows: terms } = await pool.query(
    `SELECT doc->'channels' AS channels, doc->'components'->0 AS first FROM procedure_versions WHERE code = '1.001193' ORDER BY version DESC LIMIT 1`,
  );
  const limit = terms[0].channels.find((c: { channel: string }) => c.channel === 'counter').timeLimit;
  assert.ok(limit, 'the demo procedure states a time limit at the counter');
  assert.ok(page.includes(`3. Thời gian giải quyết hồ sơ theo quy định: ${timeLimitLabel(limit)}`), page);
  const first = terms[0].first as { originals: number; copies: number };
  const firstRow = /<tr><td>1<\/td>.*?<\/tr>/.exec(slip.html)?.[0] ?? '';
  assert.equal(first.originals, 1, 'the catalogue asks for one original of the first component');
  assert.match(text(firstRow), /Bản chính 01/);
  assert.match(page, /Đông Thành, ngày \d{2} tháng \d{2} năm \d{4}/, 'dated where the commune sits (Decree 30/2020)');
  assert.doesNotMatch(page, /bưu gửi/, 'no tracking number for a counter dossier');
  assert.match(slip.html, /<img class="qr" src="data:image\/svg\+xml;base64,/);
  assert.ok(slip.html.includes('Trần Văn &lt;b>Bình&lt;/b>'), 'names are escaped');
  // Opening the dossier is a read of personal data.
  const audit = await pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'personal_data_read' AND subject_id = $1`, [
    code,
  ]);
  assert.equal(audit.rows[0].n, 1);
});

test('a received dossier whose procedure has no internal process here is to be forwarded on paper, by its deadline', async () => {
  const res = await receive({ channel: 'counter', received: ['0'], resultDelivery: 'counter', outcome: 'receive' });
  const code = /^\/ho-so\/(.+)\/phieu$/.exec(res.headers.get('location')!)![1]!;
  // 1.001193 has no process at Đông Thành (the demo configures 1.000426 only: processing.routes.test.ts has no such note).
  const waiting = new RegExp(
    `${code.replaceAll('.', '\\.')}.*?Chuyển cho cơ quan giải quyết trước[^–]*?Thủ tục chưa được cấu hình quy trình xử lý nội bộ`,
  );
  assert.match(text((await officer.page('/tiep-nhan')).html), waiting);
});

test('a form with problems comes back with every problem and everything typed', async () => {
  const res = await receive({
    'applicant.fullName': '',
    'applicant.idNumber': '12',
    channel: 'post',
    postalTracking: '',
    outcome: 'refuse',
    received: ['0'],
  });
  assert.equal(res.status, 400);
  const html = await res.text();
  for (const message of [
    'Nhập họ và tên người nộp hồ sơ.',
    'Số định danh cá nhân gồm 12 chữ số',
    'Nhập mã bưu gửi',
    'Ghi rõ lý do từ chối tiếp nhận.',
  ])
    assert.ok(html.includes(message), message);
  assert.match(html, /name="applicant.idNumber" value="12"/);
  // The reasons box is described by its hint and its error, as every field is.
  assert.match(html, /<textarea id="reasons" name="reasons"[^>]* aria-describedby="reasons-hint reasons-error"/);
  assert.match(html, /id="reasons-hint"/);
  assert.match(html, /id="reasons-error"><span class="visually-hidden">Lỗi: <\/span>Ghi rõ lý do từ chối tiếp nhận\./);
  assert.match(html, /name="received" value="0" checked/);
  assert.match(html, /value="post" checked/);
});

test('a supplement request (Mẫu 02) and a refusal (Mẫu 03) print their reasons; the public lookup shows them without personal data', async () => {
  const supplement = await receive({
    outcome: 'request_supplement',
    reasons: 'Bản sao giấy chứng sinh chưa chứng thực\nTờ khai thiếu chữ ký',
  });
  const code = /^\/ho-so\/(.+)\/phieu$/.exec(supplement.headers.get('location')!)![1]!;
  const slip = text((await officer.page(`/ho-so/${code}/phieu`)).html);
  assert.match(slip, /PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ/);
  assert.match(slip, /Tờ khai thiếu chữ ký/);
  // Sent back for completion, the dossier is not received: nothing on the slip says it was.
  assert.doesNotMatch(slip, /đã nhận|Thành phần hồ sơ|Thời gian nhận hồ sơ|Thời gian trả kết quả/);
  assert.match(slip, /NGƯỜI HƯỚNG DẪN/);
  assert.doesNotMatch(slip, /NGƯỜI TIẾP NHẬN HỒ SƠ/);
  const citizen = new Client(url);
  const lookup = await citizen.page(`/tra-cuu?ma=${code}`);
  assert.equal(lookup.status, 200);
  assert.match(text(lookup.html), /Yêu cầu bổ sung giấy tờ/);
  assert.match(text(lookup.html), /Tờ khai thiếu chữ ký/);
  assert.doesNotMatch(text(lookup.html), /Ngày tiếp nhận|Hẹn trả kết quả/);
  assert.ok(!lookup.html.includes('099085000123') && !lookup.html.includes('Bình'), 'no personal data on the public lookup');
  const api = await (await fetch(`${url}/api/dossiers/${code}/status`)).json();
  assert.equal(api.portalStatus, 5);
  assert.equal(api.receivedAt, null);
  assert.equal(api.dueAt, null);
  assert.equal(JSON.stringify(api).includes('Bình'), false);

  const refusal = await receive({ outcome: 'refuse', reasons: 'Không thuộc thẩm quyền của xã' });
  const refused = /^\/ho-so\/(.+)\/phieu$/.exec(refusal.headers.get('location')!)![1]!;
  assert.match(
    text((await officer.page(`/ho-so/${refused}/phieu`)).html),
    /PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ.*Không thuộc thẩm quyền của xã/,
  );
});

test('a dossier that came by post shows its channel and tracking number on the receipt, the PDF, the dossier page and the desk list', async () => {
  const res = await receive({ channel: 'post', postalTracking: 'EB123456789VN', received: '0', outcome: 'receive' });
  assert.equal(res.status, 303);
  const code = /^\/ho-so\/(.+)\/phieu$/.exec(res.headers.get('location')!)![1]!;
  const line = 'Hình thức nộp hồ sơ: Qua dịch vụ bưu chính – Số hiệu bưu gửi: EB123456789VN';
  assert.ok(text((await officer.page(`/ho-so/${code}/phieu`)).html).includes(line), 'on the receipt');
  const file = path.join(os.tmpdir(), `${code}-post.pdf`);
  fs.writeFileSync(file, Buffer.from(await (await officer.get(`/ho-so/${code}/phieu.pdf`)).arrayBuffer()));
  const pdfText = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, ' ');
  assert.ok(pdfText.includes(line), 'on the PDF');
  assert.match(pdfText, /Đông Thành, ngày \d{2} tháng \d{2} năm \d{4}/, 'dated where the commune sits');
  const dossier = text((await officer.page(`/ho-so/${code}`)).html);
  assert.match(dossier, /Hình thức nộp Qua dịch vụ bưu chính/);
  assert.match(dossier, /Số hiệu bưu gửi EB123456789VN/);
  const desk = (await officer.page('/tiep-nhan')).html;
  const row = new RegExp(
    `<tr role="row"><td role="cell" data-label="Mã hồ sơ"><a href="/ho-so/${code.replace(/\./g, '\\.')}">.*?</tr>`,
  ).exec(desk);
  assert.ok(row && text(row[0]).includes('Qua dịch vụ bưu chính'), 'on the desk list');
});

test('blank lines in the reasons are dropped before the 50-item limit', async () => {
  const res = await receive({
    outcome: 'request_supplement',
    reasons: `${'\r\n'.repeat(60)}Tờ khai thiếu chữ ký\r\n\r\nThiếu giấy chứng sinh`,
  });
  assert.equal(res.status, 303, 'the reasons after the blank lines count');
  const code = /^\/ho-so\/(.+)\/phieu$/.exec(res.headers.get('location')!)![1]!;
  const { rows } = await pool.query(`SELECT a.detail FROM dossier_actions a JOIN dossiers d ON d.id = a.dossier_id WHERE d.code = $1`, [
    code,
  ]);
  assert.deepEqual(rows[0].detail.reasons, ['Tờ khai thiếu chữ ký', 'Thiếu giấy chứng sinh']);
});

test('every link of the error summary leads to an element of the reception form', async () => {
  const view = (await findProcedureView(pool, '1.001193'))!;
  const fields = [
    'applicant.fullName',
    'applicant.idNumber',
    'applicant.email',
    'applicant.address',
    'representative.fullName',
    'postalTracking',
    'components',
    'file-0',
    'originals-0',
    'copies-1',
    'reasons',
  ];
  const html = receptionFormPage({
    user: { name: 'x', csrf: 'x', links: [] },
    procedure: view.procedure,
    agencies: [{ value: '1', label: 'x' }],
    values: {},
    problems: fields.map((field) => ({ field, message: `Lỗi ở ${field}` })),
  });
  for (const field of fields) {
    assert.ok(html.includes(`href="#${field}"`), `the summary links ${field}`);
    assert.ok(html.includes(`id="${field}"`), `an element has the id ${field}`);
  }
  assert.match(html, /<fieldset id="components"[^>]* aria-describedby="components-hint components-error"/);
});

test('unknown and malformed codes answer alike; staff of another agency cannot open the dossier', async () => {
  const citizen = new Client(url);
  const unknown = await citizen.page('/tra-cuu?ma=000.00.31.H99-200101-0001');
  const malformed = await citizen.page(`/tra-cuu?ma=${encodeURIComponent("' OR 1=1 --")}`);
  assert.equal(unknown.status, 404);
  assert.equal(malformed.status, 404);
  assert.match(text(unknown.html), /Không tìm thấy hồ sơ có mã này/);
  const other = await staffClient(url, deps, 'motcua.ttphc');
  const { rows } = await pool.query<{ code: string }>('SELECT code FROM dossiers LIMIT 1');
  assert.equal((await other.page(`/ho-so/${rows[0]!.code}`)).status, 403);
  assert.equal((await citizen.page(`/ho-so/${rows[0]!.code}`)).status, 303, 'anonymous is sent to sign in');
});

test('a real code looked up again and again (a QR code at a busy counter) is not held back by the limit on guessing', async () => {
  const res = await receive({ outcome: 'receive' });
  const code = /^\/ho-so\/(.+)\/phieu$/.exec(res.headers.get('location')!)![1]!;
  const statuses = new Set<number>();
  for (let i = 0; i < 70; i++) statuses.add((await fetch(`${url}/api/dossiers/${code}/status`)).status);
  assert.deepEqual([...statuses], [200]);
});

test('guessing codes is rate-limited', async () => {
  let last = 0;
  for (let i = 0; i < 65; i++) last = (await fetch(`${url}/api/dossiers/000.00.31.H99-200101-${String(i).padStart(4, '0')}/status`)).status;
  assert.equal(last, 429);
});

test('a scanned component is stored, listed on the dossier and downloaded byte for byte', async () => {
  const scan = minimalPdf();
  const res = await receive({ outcome: 'receive' }, [['file-0', 'to-khai.pdf', scan]]);
  assert.equal(res.status, 303);
  const code = /^\/ho-so\/(.+)\/phieu$/.exec(res.headers.get('location')!)![1]!;
  const page = await officer.page(`/ho-so/${code}`);
  const link = /href="(\/ho-so\/[^"]+\/tep\/\d+)">to-khai\.pdf<\/a>/.exec(page.html);
  assert.ok(link, 'the file is listed');
  const download = await officer.get(link[1]!);
  assert.equal(download.headers.get('content-type'), 'application/pdf');
  assert.deepEqual(Buffer.from(await download.arrayBuffer()), scan);
});

test('a refused file is named with its reason; everything typed and every good file is kept for the next attempt', async () => {
  const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]);
  const first = await receive({ 'applicant.fullName': 'Phạm Văn Giữ', outcome: 'receive' }, [
    ['file-0', 'chung-sinh.pdf', minimalPdf()],
    ['file-1', 'hoa-don.pdf', exe],
  ]);
  assert.equal(first.status, 400);
  const html = await first.text();
  assert.match(html, /hoa-don\.pdf.*không phải định dạng được chấp nhận/s);
  // The error is read with its file input (screen readers), and names the paper the input is for.
  assert.match(html, /<span class="error-message" id="file-1-error"><span class="visually-hidden">Lỗi: <\/span>/);
  assert.match(html, /<input type="file" id="file-1" name="file-1"[^>]*aria-describedby="file-1-error"/);
  assert.doesNotMatch(html, /Tệp của giấy tờ \d/);
  assert.match(html, /name="applicant.fullName" value="Phạm Văn Giữ"/);
  const kept = /<input type="checkbox" name="kept:file-0" value="(\d+)" checked/.exec(html);
  assert.ok(kept, 'the good file is kept, by a ticked box the officer may untick to drop it');
  // A refused file and problems of the form itself are all named in one summary, not one round each.
  const both = await receive({ 'applicant.fullName': '', 'applicant.idNumber': '12345', outcome: 'receive' }, [
    ['file-1', 'hoa-don.pdf', exe],
  ]);
  assert.equal(both.status, 400);
  const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(await both.text())?.[0] ?? '';
  for (const field of ['file-1', 'applicant.fullName', 'applicant.idNumber'])
    assert.match(summary, new RegExp(`href="#${field.replace('.', '\\.')}"`), field);
  const second = await receive({ 'applicant.fullName': 'Phạm Văn Giữ', outcome: 'receive', 'kept:file-0': kept[1]! });
  assert.equal(second.status, 303);
  const code = /^\/ho-so\/(.+)\/phieu$/.exec(second.headers.get('location')!)![1]!;
  assert.match((await officer.page(`/ho-so/${code}`)).html, /chung-sinh\.pdf/);
  // Another person cannot claim this upload as theirs.
  const other = await staffClient(url, deps, 'motcua.ttphc');
  await other.page('/tiep-nhan/moi/1.001193');
  const claim = new FormData();
  claim.append('_csrf', other.csrf());
  claim.append('applicant.fullName', 'Kẻ Lạ');
  claim.append('kept:file-0', kept[1]!);
  const stolen = await fetch(`${url}/tiep-nhan/moi/1.001193`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `mc_session=${other.cookies.get('mc_session')}` },
    body: claim,
  });
  assert.equal(stolen.status, 403);
});

test('uploads need the CSRF token first, and no other route takes a multipart body', async () => {
  const body = new FormData();
  body.append('file-0', new Blob([new Uint8Array(minimalPdf())]), 'x.pdf');
  body.append('_csrf', 'wrong');
  const refused = await fetch(`${url}/tiep-nhan/moi/1.001193`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `mc_session=${officer.cookies.get('mc_session')}` },
    body,
  });
  assert.equal(refused.status, 403);
  await officer.page('/tai-khoan');
  const elsewhere = new FormData();
  elsewhere.append('_csrf', officer.csrf());
  const other = await fetch(`${url}/tai-khoan/dang-xuat-moi-noi`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `mc_session=${officer.cookies.get('mc_session')}` },
    body: elsewhere,
  });
  assert.equal(other.status, 415);
});

test('the receipt is also an A4 PDF with the Vietnamese text intact', async () => {
  const res = await receive({ 'applicant.fullName': 'Nguyễn Thị Ỹ Lữ', outcome: 'receive', received: '0' });
  const code = /^\/ho-so\/(.+)\/phieu$/.exec(res.headers.get('location')!)![1]!;
  const pdf = await officer.get(`/ho-so/${code}/phieu.pdf`);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  const file = path.join(os.tmpdir(), `${code}.pdf`);
  fs.writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
  const extracted = execFileSync('pdftotext', ['-layout', file, '-']).toString();
  assert.match(extracted, /GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ/);
  assert.ok(extracted.includes(code));
  assert.ok(extracted.includes('Nguyễn Thị Ỹ Lữ'));
});
