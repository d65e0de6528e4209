import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { minimalPdf } from '../files/files-fixture.ts';
import { startTestApp } from '../../../test/helpers/app.ts';
import { Client, staffClient } from '../../../test/helpers/client.ts';
import { departmentProcess, installProcess } from '../processes/processes-fixture.ts';
import { act, postDraft, receiveDossier, textOf as text } from './results-fixture.ts';

const { url, deps, pool } = await startTestApp({ demo: true });
await installProcess(pool, '1.001193', '000.00.10.H99', departmentProcess('Quy trình thử'));
const desk = await staffClient(url, deps, 'motcua.ttphc');
const specialist = await staffClient(url, deps, 'chuyenvien.stp');
const head = await staffClient(url, deps, 'truongphong.stp');
const director = await staffClient(url, deps, 'giamdoc.stp');
const clerk = await staffClient(url, deps, 'vanthu.stp');
const inspector = await staffClient(url, deps, 'thanhtra');
const commune = await staffClient(url, deps, 'motcua.dongthanh');

/** A dossier received at the provincial centre's desk, at the appraisal step, claimed by the specialist. */
async function atAppraisal(name: string, idNumber = '099190000555'): Promise<string> {
  const code = await receiveDossier(url, desk, { fullName: name, idNumber });
  assert.equal((await act(desk, code, { kind: 'start' })).status, 303);
  assert.equal((await act(specialist, code, { kind: 'claim' })).status, 303);
  return code;
}
const saveDraft = (who: Client, code: string, fields: Record<string, string>, file?: [string, Buffer]) =>
  postDraft(url, who, code, fields, file);

test('a draft is made from the template, versioned, marked DỰ THẢO, and shown to staff only', async () => {
  const code = await atAppraisal('Nguyễn Thị Dự');
  const first = await specialist.page(`/ho-so/${code}/ket-qua`);
  assert.equal(first.status, 200);
  assert.match(text(first.html), /Chưa có bản dự thảo nào/);
  assert.match(first.html, /Về việc đăng ký khai sinh cho Nguyễn Thị Dự/);

  const noSigner = await saveDraft(specialist, code, { signerName: '' });
  assert.equal(noSigner.status, 400);
  assert.match(text(noSigner.html), /Nhập họ tên người ký/);
  const saved = await saveDraft(specialist, code, { signerName: 'Trần Văn Chủ', comment: 'Bản đầu' });
  assert.equal(saved.status, 303);
  const again = await saveDraft(specialist, code, { subject: 'Về việc đăng ký khai sinh (sửa)', comment: 'Sửa trích yếu' });
  assert.equal(again.location, `/ho-so/${code}/ket-qua?da_luu=2`);

  const pdf = await specialist.get(`/ho-so/${code}/ket-qua/du-thao/2.pdf`);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  const words = execFileSync('pdftotext', ['-layout', '-', '-'], { input: Buffer.from(await pdf.arrayBuffer()) }).toString();
  for (const w of [
    'DỰ THẢO',
    'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    'Độc lập - Tự do - Hạnh phúc',
    'QUYẾT ĐỊNH',
    '(sửa)',
    'Trần Văn Chủ',
    'Số:',
  ])
    assert.ok(words.includes(w), `${w} in the draft`);
  assert.doesNotMatch(words, /Số: \d/, 'a draft has no number');

  // Staff of another agency, a citizen and an anonymous visitor never get a draft.
  assert.equal((await commune.get(`/ho-so/${code}/ket-qua/du-thao/1.pdf`)).status, 403);
  const anonymous = await new Client(url).get(`/ho-so/${code}/ket-qua/du-thao/1.pdf`);
  assert.notEqual(anonymous.status, 200);
  const lookup = JSON.stringify(await (await fetch(`${url}/api/dossiers/${code}/status`)).json());
  assert.doesNotMatch(lookup, /du-thao|DỰ THẢO|ket-qua/);
});

test('an uploaded draft must be a PDF', async () => {
  const code = await atAppraisal('Tải Lên', '099190000556');
  const png = Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d9e3ab0000000049454e44ae426082',
    'hex',
  );
  const res = await saveDraft(specialist, code, { signerName: 'Ai Đó' }, ['anh.png', png]);
  assert.equal(res.status, 400);
  assert.match(text(res.html), /Dự thảo tải lên phải là tệp PDF/);
});

test('only staff processing the dossier at its current step draft its result; reading the dossier is not enough', async () => {
  const code = await atAppraisal('Ai Được Soạn', '099190000557');
  const drafts = async () =>
    (await pool.query(`SELECT r.version FROM result_drafts r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = $1`, [code])).rowCount;
  const refusal = /Chỉ chuyên viên, lãnh đạo phòng hoặc lãnh đạo cơ quan đang xử lý hồ sơ ở bước hiện tại mới soạn được dự thảo kết quả/;
  /** `who` reads the drafts, is shown no form, and is refused (403, in Vietnamese) when posting one anyway. */
  const refused = async (who: Client, message = refusal) => {
    const page = await who.page(`/ho-so/${code}/ket-qua`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.html, /Lưu bản dự thảo|name="subject"/);
    assert.match(text(page.html), message);
    const before = await drafts();
    const res = await saveDraft(who, code, { subject: 'Về việc không được soạn' }, ['du-thao.pdf', minimalPdf()]);
    assert.equal(res.status, 403);
    assert.match(text(res.html), message);
    assert.equal(await drafts(), before, 'nothing saved');
  };
  // At appraisal: the receiving desk and the read-only inspector may not; the unit head may.
  await refused(desk);
  await refused(inspector);
  assert.match((await head.page(`/ho-so/${code}/ket-qua`)).html, /Lưu bản dự thảo/);
  assert.equal((await saveDraft(head, code, { comment: 'Trưởng phòng soạn' })).status, 303);
  // At the approval step: the leader drafts; the clerk, who reads the dossier there, does not.
  assert.equal((await act(specialist, code, { kind: 'complete', outcome: 'done' })).status, 303);
  await refused(clerk);
  assert.equal((await saveDraft(director, code, { comment: 'Giám đốc sửa' })).status, 303);
  assert.equal((await saveDraft(specialist, code, { comment: 'Chuyên viên sửa theo ý kiến' })).status, 303);
  // Processing finished: at no step, nobody drafts.
  assert.equal((await act(director, code, { kind: 'complete', outcome: 'approved' })).status, 303);
  assert.equal((await act(clerk, code, { kind: 'complete', outcome: 'done' })).status, 303);
  await refused(specialist, /Hồ sơ không ở bước xử lý nào nên không soạn được dự thảo kết quả/);
  assert.equal(await drafts(), 3);
});
