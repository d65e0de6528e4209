import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { startTestApp } from '../../../test/helpers/app.ts';
import { Client, citizenClient, staffClient } from '../../../test/helpers/client.ts';
import { birthAnswers, citizenProgram } from '../../../test/helpers/reception.ts';
import { minimalPdf } from '../files/files-fixture.ts';

const { url, deps, pool } = await startTestApp({ demo: true });
const { rows: agencyRows } = await pool.query<{ id: number }>(`SELECT id FROM agencies WHERE code = '000.00.31.H99'`);
const agencyId = agencyRows[0]!.id;
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const pdfText = (bytes: ArrayBuffer) =>
  execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(bytes) })
    .toString()
    .replace(/\s+/g, ' ');

const person = { fullName: 'Trịnh Văn Tài', idNumber: '099188000111' };
const program = await citizenProgram(url, deps, person);
const citizen = program.client;
const answers = birthAnswers(person);

/** Submits a dossier through the API as the citizen (upload, then the dossier); returns its code. */
async function submit(): Promise<string> {
  const { files } = await (await program.upload('giấy chứng sinh.pdf', minimalPdf())).json();
  const body = { procedureCode: '1.001193', agencyId, phone: '0912 345 678', formVersion: 1, answers, components: [[files[0].uploadId]] };
  const res = await program.submit(body, `own-${Date.now()}-${Math.random()}`);
  assert.equal(res.status, 201);
  return (await res.json()).code;
}

test('a citizen follows their own dossier: what they sent, where it stands, the receipt once received', async () => {
  const code = await submit();
  const page = `/cong-dan/ho-so/${encodeURIComponent(code)}`;
  const list = await citizen.page('/cong-dan/ho-so');
  assert.ok(list.html.includes(`href="${page}"`), 'the list leads to the dossier’s own page');

  const waiting = await citizen.page(page);
  assert.equal(waiting.status, 200);
  const words = text(waiting.html);
  assert.match(words, /Thủ tục đăng ký khai sinh/);
  assert.match(words, /Trạng thái Mới đăng ký/);
  assert.match(words, /Hạn tiếp nhận \d{2} giờ \d{2} phút, ngày \d{2}\/\d{2}\/\d{4}/);
  assert.match(words, /Lò Thị Mai/, 'the answers given');
  assert.match(words, /Năm sinh của người mẹ 1996/, 'a year as typed, not "1.996"');
  assert.doesNotMatch(words, /Tải giấy tiếp nhận/, 'no slip before the desk has received it');
  assert.equal((await citizen.get(`${page}/phieu.pdf`)).status, 404);
  const link = /href="(\/cong-dan\/ho-so\/[^"]+\/tep\/\d+)">giấy chứng sinh\.pdf</.exec(waiting.html)?.[1];
  assert.ok(link, 'the uploaded file is listed under its name');
  const file = await citizen.get(link);
  assert.equal(file.status, 200);
  assert.deepEqual(Buffer.from(await file.arrayBuffer()), minimalPdf());

  // The desk receives it; the citizen's page and slip follow.
  const officer = await staffClient(url, deps, 'motcua.dongthanh');
  const staffPage = await officer.page(`/ho-so/${code}`);
  const revision = /name="revision" value="(\d+)"/.exec(staffPage.html)![1]!;
  assert.equal((await officer.post(`/ho-so/${code}/tiep-nhan`, { revision, decision: 'receive', reasons: '' })).status, 303);
  const received = text((await citizen.page(page)).html);
  assert.match(received, /Trạng thái Đã tiếp nhận/);
  assert.match(received, /Hẹn trả kết quả \d{2} giờ \d{2} phút/);
  assert.match(received, /Quá trình giải quyết .*Đã tiếp nhận/);
  assert.doesNotMatch(received, /Đỗ Văn Bình/, 'officers are named on the slip, not in the citizen’s history');
  const slip = await citizen.get(`${page}/phieu.pdf`);
  assert.equal(slip.headers.get('content-type'), 'application/pdf');
  const slipWords = pdfText(await slip.arrayBuffer());
  assert.match(slipWords, /GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ/);
  assert.ok(slipWords.includes(code));
  assert.match(slipWords, /Đỗ Văn Bình/, 'signed by the officer who received it');

  // A later step by someone else leaves the receipt as it was given.
  await pool.query(
    `INSERT INTO dossier_actions (dossier_id, actor_kind, actor_name, action, from_status, to_status)
     SELECT id, 'staff', 'Phan Thị Xử Lý (xuly)', 'forward', 'received', 'processing' FROM dossiers WHERE code = $1`,
    [code],
  );
  const later = pdfText(await (await citizen.get(`${page}/phieu.pdf`)).arrayBuffer());
  assert.match(later, /Đỗ Văn Bình/);
  assert.doesNotMatch(later, /Phan Thị Xử Lý/);
});

test('nobody else opens a citizen’s dossier, its files or its slip: the same 404 as an unknown code', async () => {
  const code = await submit();
  const page = `/cong-dan/ho-so/${encodeURIComponent(code)}`;
  const uploadId = /\/tep\/(\d+)"/.exec((await citizen.page(page)).html)![1]!;
  const other = await citizenClient(url, deps, { fullName: 'Người Khác', idNumber: '099100000123' });
  for (const path of [page, `${page}/tep/${uploadId}`, `${page}/phieu.pdf`, '/cong-dan/ho-so/000.00.31.H99-200101-0001']) {
    const res = await other.page(path);
    assert.equal(res.status, 404, path);
    assert.match(res.html, /Không tìm thấy hồ sơ có mã này trong các hồ sơ bạn đã nộp\./);
  }
  const visitor = await new Client(url).page(page);
  assert.equal(visitor.status, 303);
  assert.equal(visitor.location, `/cong-dan/dang-nhap?tiep=${encodeURIComponent(page)}`);
  // The citizen's own file under another of their dossiers' codes is not served either.
  assert.equal((await citizen.get(`/cong-dan/ho-so/${encodeURIComponent(await submit())}/tep/${uploadId}`)).status, 404);
});

test('a supplement request shows what to bring and its Mẫu 02; a dossier closed unanswered has no receipt; steps are named as what they were', async () => {
  const code = await submit();
  const page = `/cong-dan/ho-so/${encodeURIComponent(code)}`;
  const officer = await staffClient(url, deps, 'motcua.dongthanh');
  const revision = /name="revision" value="(\d+)"/.exec((await officer.page(`/ho-so/${code}`)).html)![1]!;
  const asked = await officer.post(`/ho-so/${code}/tiep-nhan`, {
    revision,
    decision: 'request_supplement',
    reasons: 'Bản sao giấy chứng nhận kết hôn của cha mẹ',
  });
  assert.equal(asked.status, 303);
  const waiting = text((await citizen.page(page)).html);
  assert.match(waiting, /Hồ sơ cần bổ sung, hoàn thiện Bản sao giấy chứng nhận kết hôn của cha mẹ/);
  assert.match(waiting, /Tải phiếu yêu cầu bổ sung, hoàn thiện hồ sơ \(Mẫu 02, PDF\)/);
  const letter = pdfText(await (await citizen.get(`${page}/phieu.pdf`)).arrayBuffer());
  assert.match(letter, /PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ/);
  assert.match(letter, /Bản sao giấy chứng nhận kết hôn của cha mẹ/);

  // Never answered, it is closed (close-unanswered.ts): it was never received, so it has no receipt.
  await pool.query(`UPDATE dossiers SET status = 'stopped' WHERE code = $1`, [code]);
  await pool.query(
    `INSERT INTO dossier_actions (dossier_id, actor_kind, actor_name, action, from_status, to_status)
     SELECT id, 'system', 'Hệ thống', 'close_unanswered', 'supplement_requested', 'stopped' FROM dossiers WHERE code = $1`,
    [code],
  );
  const closed = text((await citizen.page(page)).html);
  assert.match(closed, /Trạng thái Dừng xử lý/);
  assert.doesNotMatch(closed, /Tải giấy tiếp nhận|Tải phiếu/);
  const none = await citizen.page(`${page}/phieu.pdf`);
  assert.equal(none.status, 404);
  assert.match(none.html, /Hồ sơ này chưa có phiếu/);

  // A refusal during processing is a refusal to decide, not the desk's refusal to receive.
  await pool.query(
    `INSERT INTO dossier_actions (dossier_id, actor_kind, actor_name, action, from_status, to_status, detail)
     SELECT id, 'staff', 'Lãnh đạo (ld)', 'refuse', 'processing', 'stopped', '{"work": "refuse"}' FROM dossiers WHERE code = $1`,
    [code],
  );
  assert.match(text((await citizen.page(page)).html), /Từ chối giải quyết hồ sơ: Dừng xử lý/);
});
