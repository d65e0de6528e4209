import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { startTestApp } from '../../../test/helpers/app.ts';
import { Client, citizenClient, staffClient } from '../../../test/helpers/client.ts';
import { departmentProcess, installProcess } from '../processes/processes-fixture.ts';
import { atRestKey, devAuthority } from '../signing/signing.ts';

const { url, deps, pool } = await startTestApp({ demo: true });
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const process = departmentProcess('Quy trình thử');
await installProcess(pool, '1.001193', '000.00.10.H99', process);
// The demo signs with the development CA, made at its first start (src/main.ts).
await devAuthority(pool, atRestKey(deps.config.signing.keySecret));
const desk = await staffClient(url, deps, 'motcua.ttphc');
const specialist = await staffClient(url, deps, 'chuyenvien.stp');
const director = await staffClient(url, deps, 'giamdoc.stp');
const clerk = await staffClient(url, deps, 'vanthu.stp');

async function act(who: Client, code: string, fields: Record<string, string>) {
  const page = await who.page(`/ho-so/${code}`);
  const revision = /name="revision" value="(\d+)"/.exec(page.html)![1]!;
  const r = await who.post(`/ho-so/${code}/xu-ly`, { revision, ...fields });
  assert.equal(r.status, 303, text(r.html).slice(0, 400));
}

function pdfsig(pdf: Buffer, nssDir?: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ket-qua-')), 'ket-qua.pdf');
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync('pdfsig', [...(nssDir ? ['-nssdir', `sql:${nssDir}`] : []), file], { encoding: 'utf8' });
  } catch (err) {
    return String((err as { stdout?: string }).stdout ?? err);
  }
}

/** The text of the QR code on a PDF's first page, rendered at 150 dpi by poppler. */
function scanQr(pdf: Buffer): string | undefined {
  const png = PNG.sync.read(execFileSync('pdftoppm', ['-r', '150', '-f', '1', '-l', '1', '-png', '-'], { input: pdf }));
  return jsQR.default(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

test('the leader signs, the clerk numbers and seals, the result verifies publicly and a changed copy is caught', async () => {
  await desk.page('/tiep-nhan/moi/1.001193');
  const body = new FormData();
  body.append('_csrf', desk.csrf());
  for (const [k, v] of Object.entries({ 'applicant.fullName': 'Cao Thị Kết', 'applicant.idNumber': '099190000654', outcome: 'receive' }))
    body.append(k, v);
  const received = await fetch(`${url}/tiep-nhan/moi/1.001193`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `mc_session=${desk.cookies.get('mc_session')}` },
    body,
  });
  const code = decodeURIComponent(/\/ho-so\/(.+)\/phieu/.exec(received.headers.get('location')!)![1]!);
  // The applicant follows the dossier from their own account (as if they had submitted it online).
  const applicant = await citizenClient(url, deps, { fullName: 'Cao Thị Kết', idNumber: '099190000654' });
  const stranger = await citizenClient(url, deps, { fullName: 'Người Lạ', idNumber: '099190000999' });
  const { rows: me } = await pool.query(`SELECT id FROM citizens WHERE id_number = '099190000654'`);
  await pool.query(`UPDATE dossiers SET citizen_id = $2 WHERE code = $1`, [code, me[0].id]);
  /** Everything the applicant can see of the dossier: their page, the lookup page and its API. */
  const applicantSees = async () =>
    [
      (await applicant.page('/cong-dan/ho-so')).html,
      await (await fetch(`${url}/tra-cuu?ma=${code}`)).text(),
      await (await fetch(`${url}/api/dossiers/${code}/status`)).text(),
    ].join('\n');
  await act(desk, code, { kind: 'start' });
  await act(specialist, code, { kind: 'claim' });

  // The specialist drafts the decision from the template.
  const draftPage = await specialist.page(`/ho-so/${code}/ket-qua`);
  const form = new FormData();
  form.append('_csrf', specialist.csrf());
  for (const m of draftPage.html.matchAll(/<input[^>]*name="([^"_][^"]*)"[^>]*value="([^"]*)"/g))
    form.append(m[1]!, m[2]!.replaceAll('&amp;', '&'));
  form.append('body', /<textarea[^>]*name="body"[^>]*>([^<]*)<\/textarea>/.exec(draftPage.html)![1]!);
  form.set('signerName', 'Ngô Thị Mai');
  form.set('signerCapacity', 'KT. Giám đốc');
  form.set('signerTitle', 'Phó Giám đốc');
  const saved = await fetch(`${url}/ho-so/${code}/ket-qua`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `mc_session=${specialist.cookies.get('mc_session')}` },
    body: form,
  });
  assert.equal(saved.status, 303);
  await act(specialist, code, { kind: 'complete', outcome: 'done' });

  // Only the leader signs; the clerk cannot issue before.
  await clerk.page(`/ho-so/${code}/ket-qua`);
  assert.match(
    text((await clerk.post(`/ho-so/${code}/ket-qua/phat-hanh`, {})).html),
    /Chỉ phát hành được khi hồ sơ đã được lãnh đạo phê duyệt/,
  );
  await specialist.page(`/ho-so/${code}/ket-qua`);
  assert.match(
    text((await specialist.post(`/ho-so/${code}/ket-qua/du-thao/1/ky`, {})).html),
    /Chỉ lãnh đạo cơ quan giải quyết hồ sơ mới ký được/,
  );
  await director.page(`/ho-so/${code}/ket-qua`);
  assert.equal((await director.post(`/ho-so/${code}/ket-qua/du-thao/1/ky`, {})).status, 303);
  // Drafted and even signed by the leader: nothing of it reaches the applicant before issuing.
  const before = await applicantSees();
  assert.doesNotMatch(before, /du-thao|DỰ THẢO|\/ket-qua\/|Kết quả đã được cấp/);
  assert.equal((await applicant.get(`/ho-so/${code}/ket-qua/du-thao/1.pdf`)).status === 200, false);
  // Signed, but the leader's approval is not recorded yet: the clerk still cannot issue.
  const early = await clerk.post(`/ho-so/${code}/ket-qua/phat-hanh`, {});
  assert.match(text(early.html), /Chỉ phát hành được khi hồ sơ đã được lãnh đạo phê duyệt và chuyển đến bước phát hành/);
  assert.equal((await pool.query(`SELECT 1 FROM results`)).rowCount, 0);
  await act(director, code, { kind: 'complete', outcome: 'approved' });
  await clerk.page(`/ho-so/${code}/ket-qua`);
  assert.equal((await clerk.post(`/ho-so/${code}/ket-qua/phat-hanh`, {})).status, 303);

  const { rows } = await pool.query(`SELECT number, notation, result_code, verify_token FROM results`);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].number, 1, 'the agency’s first number of the year');
  assert.equal(rows[0].result_code, `KQ.G15.000031.099190000654.${new Date().getFullYear()}.1`);

  const pdf = Buffer.from(await (await clerk.get(`/ket-qua/${rows[0].verify_token}.pdf`)).arrayBuffer());
  const report = pdfsig(pdf);
  assert.equal((report.match(/Signature is Valid/g) ?? []).length, 2, report);
  assert.match(report, /Ngô Thị Mai/);
  const words = execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString();
  assert.doesNotMatch(words, /DỰ THẢO/);
  // The number is written where a reader looks for it: the header's "Số:" line, before the notation.
  const header = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-x', '60', '-y', '40', '-W', '250', '-H', '90', '-layout', '-', '-'], {
    input: pdf,
  }).toString();
  assert.match(header, /SỞ TƯ PHÁP[\s\S]*Số:\s+1\/QĐ-STP/);

  // The QR code printed on the first page, scanned from the page as a reader's phone would, leads to the public record.
  const scanned = scanQr(pdf);
  assert.equal(scanned, `${url}/xac-thuc/${rows[0].verify_token}`);
  assert.match(words, new RegExp(`quét mã QR.*${rows[0].verify_token}`, 's'));
  // The public page of the QR code, and a copy changed by one byte.
  const pub = text(await (await fetch(scanned!)).text());
  assert.match(pub, /Văn bản số 1\/QĐ-STP/);
  assert.match(pub, /Chữ ký 1: Ngô Thị Mai Hợp lệ/);
  assert.match(pub, /nội dung do chữ ký số sau ghi thêm lên trang \(như số văn bản khi phát hành\)/);
  // The public page names the result code with the owner's ID number masked.
  assert.match(pub, /Mã kết quả điện tử KQ\.G15\.000031\.•{9}654\./);
  assert.doesNotMatch(pub, /099190000654/);
  const visitor = new Client(url);
  await visitor.page('/xac-thuc');
  const tampered = Buffer.from(pdf);
  const at = tampered.indexOf('Cao Thị Kết') > 0 ? tampered.indexOf('Cao') : 2000;
  tampered[at] = tampered[at]! ^ 1;
  const upload = new FormData();
  upload.append('_csrf', visitor.csrf());
  upload.append('file', new Blob([new Uint8Array(tampered)]), 'ban-sao.pdf');
  const checked = text(
    await (await fetch(`${url}/xac-thuc`, { method: 'POST', headers: { cookie: visitor.cookieHeader() }, body: upload })).text(),
  );
  assert.match(checked, /ĐÃ BỊ THAY ĐỔI/);
  assert.match(checked, /Không dùng tệp này làm căn cứ/);
  // Sent without a file: the form again, the problem named at its field.
  await visitor.page('/xac-thuc');
  const empty = new FormData();
  empty.append('_csrf', visitor.csrf());
  const none = await fetch(`${url}/xac-thuc`, { method: 'POST', headers: { cookie: visitor.cookieHeader() }, body: empty });
  assert.equal(none.status, 400);
  assert.match(await none.text(), /href="#file"[^>]*>Chọn tệp PDF cần kiểm tra\./);
  assert.doesNotMatch(checked, /Đây đúng là văn bản số/);

  // Once issued, the applicant has it in their results and downloads it; another citizen cannot.
  const after = await applicantSees();
  assert.match(after, new RegExp(`Kết quả đã được cấp.*văn bản số 1/QĐ-STP`, 's'));
  assert.match(after, new RegExp(`/ket-qua/${rows[0].verify_token}\\.pdf`));
  assert.doesNotMatch(after, /du-thao|DỰ THẢO/);
  const mine = await applicant.get(`/ket-qua/${rows[0].verify_token}.pdf`);
  assert.equal(mine.status, 200);
  assert.deepEqual(Buffer.from(await mine.arrayBuffer()), pdf);
  assert.equal((await stranger.get(`/ket-qua/${rows[0].verify_token}.pdf`)).status, 403);

  // An anonymous visitor gets the record, never the document.
  const anonymous = await fetch(`${url}/ket-qua/${rows[0].verify_token}.pdf`, { redirect: 'manual' });
  assert.notEqual(anonymous.status, 200);
});

test('a signed document brought with a new dossier is verified on request and the verdict shown to staff', async () => {
  const { rows } = await pool.query(`SELECT verify_token FROM results LIMIT 1`);
  const signed = Buffer.from(await (await clerk.get(`/ket-qua/${rows[0].verify_token}.pdf`)).arrayBuffer());
  await desk.page('/tiep-nhan/moi/1.001193');
  const body = new FormData();
  body.append('_csrf', desk.csrf());
  for (const [k, v] of Object.entries({ 'applicant.fullName': 'Cao Thị Kết', 'applicant.idNumber': '099190000654', outcome: 'receive' }))
    body.append(k, v);
  body.append('file-0', new Blob([new Uint8Array(signed)]), 'quyet-dinh-cu.pdf');
  const res = await fetch(`${url}/tiep-nhan/moi/1.001193`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `mc_session=${desk.cookies.get('mc_session')}` },
    body,
  });
  const code = decodeURIComponent(/\/ho-so\/(.+)\/phieu/.exec(res.headers.get('location')!)![1]!);
  const page = await desk.page(`/ho-so/${code}`);
  const link = /href="(\/ho-so\/[^"]+\/tep\/\d+\/chu-ky)"/.exec(page.html)?.[1];
  assert.ok(link, 'the dossier page offers the check');
  const verdict = text((await desk.page(link!)).html);
  assert.match(verdict, /Tệp có 2 chữ ký số, tất cả đều hợp lệ/);
  assert.match(verdict, /Ngô Thị Mai/);
});

test('the applicant reuses the issued result from their e-data store in a later dossier, without uploading it again', async () => {
  const applicant = await citizenClient(url, deps, { fullName: 'Cao Thị Kết', idNumber: '099190000654' });
  const { rows: issued } = await pool.query(`SELECT id, sha256 FROM results LIMIT 1`);
  const form = await applicant.page('/cong-dan/nop/1.001193');
  assert.match(text(form.html), /Dùng giấy tờ trong kho dữ liệu của bạn.*Văn bản số 1\/QĐ-STP của Sở Tư pháp/s);
  const { rows: commune } = await pool.query(`SELECT id FROM agencies WHERE code = '000.00.31.H99'`);
  const post = async (reuse: string, field = 'reuse:file-0') => {
    const body = new FormData();
    body.append('_csrf', applicant.csrf());
    body.append('key', /name="key" value="([^"]+)"/.exec(form.html)![1]!);
    body.append('formVersion', /name="formVersion" value="(\d*)"/.exec(form.html)![1]!);
    const fields = {
      agencyId: String(commune[0].id),
      phone: '0912345678',
      address: 'Tổ 3, phường Đông Thành',
      'f.requesterName': 'Cao Thị Kết',
      'f.requesterId': '099190000654',
      'f.relationship': 'mother',
      'f.children.0.name': 'Cao Minh An',
      'f.children.0.sex': 'male',
      'f.children.0.birthDate': '01/12/2026',
      'f.children.0.birthPlace': 'Bệnh viện đa khoa tỉnh An Hòa',
      'f.children.0.ethnicity': 'Kinh',
      'f.motherName': 'Cao Thị Kết',
      'f.motherId': '099190000654',
      'f.motherBirthYear': '1990',
      'f.hasFather': 'no',
      [field]: reuse,
    };
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
    return fetch(`${url}/cong-dan/nop/1.001193`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: applicant.cookieHeader() },
      body,
    });
  };
  // Someone else's result (or a made-up id) cannot be picked, nor for a component the procedure does not have.
  assert.equal((await post(String(Number(issued[0].id) + 1000))).status, 403);
  assert.equal((await post(String(issued[0].id), 'reuse:file-999')).status, 400);
  const stranger = await citizenClient(url, deps, { fullName: 'Người Lạ', idNumber: '099190000999' });
  assert.doesNotMatch(text((await stranger.page('/cong-dan/nop/1.001193')).html), /Dùng giấy tờ trong kho dữ liệu/);
  const submitted = await post(String(issued[0].id));
  assert.equal(submitted.status, 303, text(await submitted.text()).slice(0, 300));
  const code = new URL(submitted.headers.get('location')!, url).searchParams.get('da_nop')!;
  const { rows } = await pool.query(`SELECT components FROM dossiers WHERE code = $1`, [code]);
  const attached = rows[0].components[0].files as Array<{ sha256: string; displayName: string }>;
  assert.deepEqual(
    attached.map((f) => f.sha256),
    [issued[0].sha256],
    'the very bytes the agency issued',
  );
  assert.match(attached[0]!.displayName, /Văn bản số 1\/QĐ-STP/);
});
