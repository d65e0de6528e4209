import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { citizenClient, type Client } from '../../../test/helpers/client.ts';
import { formatMoment } from '../../lib/vietnamese.ts';
import { processingScene } from '../processes/processing-fixture.ts';

// Real dossiers taken through the HTTP actions by the demo officers, one extended and one stopped; their letters
// (page and PDF) read as the officers and the applicant read them.

const scene = await processingScene('Quy trình thử văn bản gửi người nộp');
const { url, deps, pool, people, received } = scene;

/** An action that must succeed. */
async function act(who: Client, code: string, fields: Record<string, string>) {
  const res = await scene.act(who, code, fields);
  assert.equal(res.status, 303, `${fields.kind}: ${scene.text(res.html).slice(0, 300)}`);
}

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
/** The printed article's text, as one line of words (inline marks such as bold add no space). */
const printedText = (html: string) =>
  decode(
    /<article class="[^"]*">(.*)<\/article>/s
      .exec(html)![1]!
      .replace(/<\/?(strong|em)>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  ).normalize('NFC');
/** The PDF's text in the order it was drawn, as one line of words (a line may break after the slash of "Ông/Bà": no space there). */
async function pdfText(res: Response): Promise<string> {
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  const pdf = Buffer.from(await res.arrayBuffer());
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  return execFileSync('pdftotext', ['-raw', '-', '-'], { input: pdf })
    .toString()
    .normalize('NFC')
    .replace(/\/\n/g, '/')
    .replace(/\s+/g, ' ')
    .trim();
}
const ddmmyyyy = (d: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }).format(d);
const dueOf = async (code: string): Promise<Date> =>
  (await pool.query(`SELECT due_at FROM dossiers WHERE code = $1`, [code])).rows[0].due_at;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const unit = 'Phòng Hành chính tư pháp – Sở Tư pháp tỉnh An Hòa';
const desk = 'Bộ phận Một cửa – Trung tâm Phục vụ hành chính công tỉnh An Hòa';

test('Mẫu 04: after an extension, the letter on the page and in the PDF says the same; linked from the dossier; refused to strangers', async () => {
  const code = await received('Trần Thị Gia Hạn');
  await act(people.desk, code, { kind: 'start' });
  await act(people.specialist, code, { kind: 'claim' });
  const before = await dueOf(code);
  const until = new Date(before.getTime() + 5 * 86400000);
  await act(people.specialist, code, {
    kind: 'extend',
    until: ddmmyyyy(until),
    'text-extend': 'Chờ kết quả xác minh của Công an phường Đông Thành',
  });

  const dossierPage = (await people.desk.page(`/ho-so/${code}`)).html;
  assert.match(dossierPage, new RegExp(`href="/ho-so/${escape(code)}/mau-04"`));
  assert.doesNotMatch(dossierPage, /\/mau-05"/, 'no notice of stopping for a dossier not stopped');

  const page = await people.desk.page(`/ho-so/${code}/mau-04`);
  assert.equal(page.status, 200);
  const printed = printedText(page.html);
  for (const expected of [
    'Mẫu 04 ỦY BAN NHÂN DÂN TỈNH AN HÒA SỞ TƯ PHÁP TỈNH AN HÒA',
    'VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT',
    'Kính gửi: Ông/Bà Trần Thị Gia Hạn',
    `Mã hồ sơ: ${code}`,
    `Thời gian hẹn trả kết quả trước khi gia hạn: ${formatMoment(before)}`,
    'Lý do chậm giải quyết: Chờ kết quả xác minh của Công an phường Đông Thành',
    'Sở Tư pháp tỉnh An Hòa thành thật xin lỗi Ông/Bà',
    `Thời gian hẹn trả kết quả mới: ngày ${ddmmyyyy(until)}`,
    'THỦ TRƯỞNG CƠ QUAN',
  ])
    assert.ok(printed.includes(expected), `${expected} in: ${printed}`);
  const [d, m, y] = ddmmyyyy(new Date()).split('/');
  assert.ok(printed.includes(`ngày ${d} tháng ${m} năm ${y}`), 'dated the day of the extension');

  // The PDF, read back as a viewer reads it, says word for word what the printed page says.
  assert.equal(await pdfText(await people.desk.get(`/ho-so/${code}/mau-04.pdf`)), printed);

  // Not stopped: no Mẫu 05, said in Vietnamese.
  const none = await people.desk.page(`/ho-so/${code}/mau-05`);
  assert.equal(none.status, 404);
  assert.match(scene.text(none.html), /không bị dừng giải quyết theo đề nghị của người nộp/);
  assert.equal((await people.desk.get(`/ho-so/${code}/mau-05.pdf`)).status, 404);

  // Whoever worked on it reads it; another agency's desk does not.
  assert.equal((await people.specialist.page(`/ho-so/${code}/mau-04`)).status, 200);
  assert.equal((await people.commune.page(`/ho-so/${code}/mau-04`)).status, 403);
  assert.equal((await people.commune.get(`/ho-so/${code}/mau-04.pdf`)).status, 403);

  // The applicant gets the letter printed, numbered and signed, never an unsigned one from the system: citizens are refused.
  const applicant = await citizenClient(url, deps, { fullName: 'Trần Thị Gia Hạn', idNumber: '099190000777' });
  await pool.query(`UPDATE dossiers SET citizen_id = (SELECT id FROM citizens WHERE id_number = '099190000777') WHERE code = $1`, [code]);
  assert.notEqual((await applicant.get(`/ho-so/${code}/mau-04.pdf`)).status, 200);
  assert.notEqual((await applicant.page(`/ho-so/${code}/mau-04`)).status, 200);
  assert.doesNotMatch((await applicant.page('/cong-dan/ho-so')).html, /mau-04/);
  const anonymous = await fetch(`${url}/ho-so/${code}/mau-04.pdf`, { redirect: 'manual' });
  assert.equal(anonymous.status, 303);
  assert.match(anonymous.headers.get('location') ?? '', /^\/dang-nhap/);
});

test('Mẫu 05: after a stop at the applicant’s request, the notice on the page and in the PDF says the same; no Mẫu 04', async () => {
  const code = await received('Lê Văn Dừng');
  await act(people.desk, code, { kind: 'start' });
  await act(people.specialist, code, { kind: 'claim' });
  await act(people.desk, code, { kind: 'stop', 'text-stop': 'Người nộp đề nghị dừng để nộp lại hồ sơ khác' });
  const { at } = (
    await pool.query(`SELECT at FROM dossier_actions WHERE dossier_id = (SELECT id FROM dossiers WHERE code = $1) AND action = 'stop'`, [
      code,
    ])
  ).rows[0];

  const dossierPage = (await people.desk.page(`/ho-so/${code}`)).html;
  assert.match(dossierPage, new RegExp(`href="/ho-so/${escape(code)}/mau-05"`));
  assert.doesNotMatch(dossierPage, /\/mau-04"/);

  const page = await people.desk.page(`/ho-so/${code}/mau-05`);
  assert.equal(page.status, 200);
  const printed = printedText(page.html);
  for (const expected of [
    'Mẫu 05 TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH AN HÒA BỘ PHẬN MỘT CỬA',
    'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ',
    'Kính gửi: Ông/Bà Lê Văn Dừng',
    `Mã hồ sơ: ${code}`,
    `hồ sơ nêu trên đã được dừng giải quyết từ ${formatMoment(at)}.`,
    'Lý do dừng giải quyết: Người nộp đề nghị dừng để nộp lại hồ sơ khác',
    `Tình trạng hồ sơ khi dừng: đang được giải quyết ở bước «Thẩm định hồ sơ» tại ${unit}.`,
    `Bản chính giấy tờ Ông/Bà đã nộp (nếu có) được trả lại tại ${desk}.`,
    'Phí, lệ phí Ông/Bà đã nộp (nếu có) được hoàn trả theo quy định của pháp luật chuyên ngành.',
    'ĐẠI DIỆN BỘ PHẬN MỘT CỬA',
  ])
    assert.ok(printed.includes(expected), `${expected} in: ${printed}`);
  assert.equal(await pdfText(await people.desk.get(`/ho-so/${code}/mau-05.pdf`)), printed);

  const none = await people.desk.page(`/ho-so/${code}/mau-04`);
  assert.equal(none.status, 404);
  assert.match(scene.text(none.html), /chưa được xin lỗi và gia hạn thời gian giải quyết/);
  assert.equal((await people.commune.get(`/ho-so/${code}/mau-05.pdf`)).status, 403);
  assert.equal((await people.inspector.page(`/ho-so/${code}/mau-05`)).status, 200, 'inspectors read every dossier');
});

test('a letter of an unknown dossier is not found', async () => {
  const res = await people.desk.page('/ho-so/000.00.10.H99-000000-0000/mau-04');
  assert.equal(res.status, 404);
  assert.match(scene.text(res.html), /Không tìm thấy hồ sơ có mã này/);
});
