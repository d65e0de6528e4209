import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../../../test/helpers/app.ts';
import { Client, citizenClient, staffClient } from '../../../test/helpers/client.ts';
import { isGuidance } from '../catalog/procedure.schema.ts';
import { minimalPdf } from '../files/files-fixture.ts';

const { url, deps, pool } = await startTestApp({ demo: true });
const citizen = await citizenClient(url, deps, { fullName: 'Đặng Thị Ánh', idNumber: '099192000456' });
/** The value of the named input, whatever the order of its attributes; undefined when there is no such input. */
const valueOf = (html: string, name: string) => {
  const tag = new RegExp(`<input[^>]*name="${name.replaceAll('.', '\\.')}"[^>]*>`).exec(html)?.[0];
  return tag === undefined ? undefined : (/ value="([^"]*)"/.exec(tag)?.[1] ?? '');
};
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const { rows: agencyRows } = await pool.query<{ id: number }>(`SELECT id FROM agencies WHERE code = '000.00.31.H99'`);
const commune = String(agencyRows[0]!.id);

/** The birth declaration's answers as a person types them into the page. */
const declaration = {
  'f.requesterName': 'Đặng Thị Ánh',
  'f.requesterId': '099192000456',
  'f.relationship': 'mother',
  'f.children.0.name': 'Đặng Minh Khôi',
  'f.children.0.sex': 'male',
  'f.children.0.birthDate': '28/11/2026',
  'f.children.0.birthPlace': 'Bệnh viện đa khoa tỉnh An Hòa',
  'f.children.0.ethnicity': 'Kinh',
  'f.motherName': 'Đặng Thị Ánh',
  'f.motherId': '099192000456',
  'f.motherBirthYear': '1996',
  'f.hasFather': 'no',
};

/** Posts the online form as a browser does; `key` and `formVersion` are the page's unless given. */
async function submit(fields: Record<string, string>, files: Array<[string, string, Buffer]> = [], key?: string) {
  const form = await citizen.page('/cong-dan/nop/1.001193');
  const body = new FormData();
  body.append('_csrf', citizen.csrf());
  body.append('key', key ?? /name="key" value="([^"]+)"/.exec(form.html)![1]!);
  if (!('formVersion' in fields)) body.append('formVersion', /name="formVersion" value="(\d*)"/.exec(form.html)![1]!);
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  for (const [field, name, bytes] of files) body.append(field, new Blob([new Uint8Array(bytes)]), name);
  return fetch(`${url}/cong-dan/nop/1.001193`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: `mc_session=${citizen.cookies.get('mc_session')}`, accept: 'text/html' },
    body,
  });
}

test('the citizen is asked to upload papers only, the record’s guidance folded under "Lưu ý"', async () => {
  const { rows } = await pool.query(
    `SELECT doc->'components' AS components FROM procedure_versions WHERE code = '1.001193' ORDER BY version DESC LIMIT 1`,
  );
  const components = rows[0].components as Array<{ group: string }>;
  const { html } = await citizen.page('/cong-dan/nop/1.001193');
  const uploads = [...html.matchAll(/<input[^>]*type="file"[^>]*name="file-(\d+)"/g)].map((m) => Number(m[1]));
  assert.deepEqual(
    uploads,
    components.flatMap((c, i) => (isGuidance(c) ? [] : [i])),
  );
  assert.match(html, /<summary>Lưu ý của thủ tục \(\d+ mục\)<\/summary>/);
});

test('the form is for signed-in citizens, prefilled from their identity with the number masked', async () => {
  const anonymous = await new Client(url).page('/cong-dan/nop/1.001193');
  assert.equal(anonymous.status, 303);
  assert.equal(anonymous.location, '/cong-dan/dang-nhap?tiep=%2Fcong-dan%2Fnop%2F1.001193');
  const form = text((await citizen.page('/cong-dan/nop/1.001193')).html);
  assert.match(form, /Người nộp: Đặng Thị Ánh/);
  assert.match(form, /•{9}456/);
  assert.ok(!form.includes('099192000456'));
  assert.match(form, /Ủy ban nhân dân phường Đông Thành/);
  // The e-form asks the declaration's questions, the requester's filled in from the identity.
  const html = (await citizen.page('/cong-dan/nop/1.001193')).html;
  assert.match(html, /Tờ khai đăng ký khai sinh/);
  assert.equal(valueOf(html, 'f.requesterName'), 'Đặng Thị Ánh');
  assert.match(html, /name="f\.children\.0\.birthDate"/);
  assert.match(text(html), /Chỉ trả lời nếu «Khai thông tin người cha\?» là «Có»/);
});

test('a submission with problems lists them all and keeps what was typed and uploaded', async () => {
  const res = await submit(
    {
      agencyId: commune,
      phone: '',
      email: 'không-phải-thư',
      address: 'Tổ 1',
      'f.motherName': 'Đặng Thị Ánh',
      'f.children.0.birthDate': '30/02/2026',
    },
    [],
  );
  assert.equal(res.status, 400);
  const html = await res.text();
  for (const m of [
    'Nhập số điện thoại',
    'Thư điện tử không đúng định dạng',
    'Tải lên ít nhất một giấy tờ',
    'Nhập số định danh cá nhân của người mẹ.',
    'Người được khai sinh – trẻ thứ 1: Nhập ngày, tháng, năm sinh là một ngày có thật',
    'Trả lời câu hỏi «Khai thông tin người cha?».',
  ])
    assert.ok(text(html).includes(m), m);
  // Said of the papers as a whole, not under the first of them (which may be a paper few need).
  assert.match(html, /<a href="#components">Tải lên ít nhất một giấy tờ của hồ sơ, ở giấy tờ tương ứng\.<\/a>/);
  assert.match(html, /<fieldset class="form-group form-group-error" id="components"/);
  assert.match(html, /name="address" value="Tổ 1"/);
  // A number that is there but wrong is told so, not asked for again.
  const wrongPhoneHtml = await (await submit({ agencyId: commune, phone: 'abc', address: 'Tổ 1' }, [])).text();
  const wrongPhone = text(wrongPhoneHtml);
  assert.ok(wrongPhone.includes('Số điện thoại không đúng: chỉ gồm chữ số'), wrongPhone);
  // The first child's block, left untouched, is asked for question by question, each linked to its box.
  assert.ok(wrongPhone.includes('Người được khai sinh – trẻ thứ 1: Nhập họ, chữ đệm, tên.'), wrongPhone);
  assert.ok(!wrongPhone.includes('cần ít nhất 1 trẻ'));
  assert.match(wrongPhoneHtml, /href="#f\.children\.0\.name"/);
  assert.match(wrongPhoneHtml, /id="f\.children\.0\.name"/);
  assert.ok(!wrongPhone.includes('Nhập số điện thoại'), 'not asked for as if empty');
  assert.equal(valueOf(html, 'f.motherName'), 'Đặng Thị Ánh');
  assert.equal(valueOf(html, 'f.children.0.birthDate'), '30/02/2026');
  assert.match(html, /href="#f\.motherId"/, 'the error summary links to the field');
});

test('twins: a second child is added and removed without JavaScript, keeping what was typed', async () => {
  const added = await submit({ ...declaration, intent: 'add:children' });
  assert.equal(added.status, 200);
  const html = await added.text();
  assert.equal(valueOf(html, 'f.children.0.name'), 'Đặng Minh Khôi');
  assert.equal(valueOf(html, 'f.children.1.name'), '');
  assert.match(text(html), /Trẻ thứ 2/);
  const removed = await (await submit({ ...declaration, 'f.children.1.name': 'Đặng Minh Khang', intent: 'remove:children:0' })).text();
  assert.equal(valueOf(removed, 'f.children.0.name'), 'Đặng Minh Khang');
  assert.ok(!removed.includes('f.children.1.name'));
});

test('a draft is saved, listed, reopened with everything, and told when the form changed since', async () => {
  const saved = await submit({ agencyId: commune, phone: '0911 222 333', ...declaration, 'f.motherBirthYear': '1996', intent: 'draft' }, [
    ['file-0', 'chung-sinh.pdf', minimalPdf()],
  ]);
  assert.equal(saved.status, 303);
  const reopened = await citizen.page(saved.headers.get('location')!);
  assert.match(text(reopened.html), /Đã lưu nháp/);
  assert.match(reopened.html, /name="phone" value="0911 222 333"/);
  assert.equal(valueOf(reopened.html, 'f.children.0.birthDate'), '28/11/2026');
  assert.match(text(reopened.html), /Đã tải lên: chung-sinh\.pdf/);
  assert.match(text((await citizen.page('/cong-dan/ho-so')).html), /Hồ sơ đang soạn.*Thủ tục đăng ký khai sinh/);

  // An admin changes the form: the mother's birth year is no longer asked.
  const { rows } = await pool.query(
    `SELECT definition FROM procedure_forms WHERE procedure_code = '1.001193' ORDER BY version DESC LIMIT 1`,
  );
  const changed = rows[0].definition;
  changed.sections[2].questions = changed.sections[2].questions.filter((q: { id: string }) => q.id !== 'motherBirthYear');
  const { rows: v } = await pool.query(
    `INSERT INTO procedure_forms (procedure_code, version, definition)
     SELECT '1.001193', max(version) + 1, $1 FROM procedure_forms WHERE procedure_code = '1.001193' RETURNING version`,
    [JSON.stringify(changed)],
  );
  const later = await citizen.page('/cong-dan/nop/1.001193');
  assert.match(text(later.html), /Biểu mẫu của thủ tục đã được cập nhật từ khi bạn lưu nháp.*1 câu trả lời không còn/);
  assert.equal(valueOf(later.html, 'f.motherName'), 'Đặng Thị Ánh');
  assert.match(later.html, new RegExp(`name="formVersion" value="${v[0].version}"`));
  assert.ok(!later.html.includes('f.motherBirthYear'));

  // A page still open on the old version is answered with the new form, not a dossier.
  const stale = await submit({ agencyId: commune, phone: '0911 222 333', ...declaration, formVersion: String(v[0].version - 1) }, [
    ['file-0', 'chung-sinh.pdf', minimalPdf()],
  ]);
  assert.equal(stale.status, 409);
  assert.match(text(await stale.text()), /Biểu mẫu của thủ tục đã được cập nhật/);
  await pool.query(`DELETE FROM procedure_forms WHERE procedure_code = '1.001193' AND version = $1`, [v[0].version]);
});

test('a citizen submits online: one dossier even when the form is sent twice; it reaches the desk, which receives it', async () => {
  const fields = {
    agencyId: commune,
    phone: '0988 123 456',
    email: '',
    address: 'Số 9, phường Đông Thành',
    resultDelivery: 'online',
    ...declaration,
    'f.fatherName': 'typed, then the answer said no father',
  };
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
  // The answers are stored as the form defines them: a real date, a number, the hidden father left out.
  const stored = (await pool.query(`SELECT form_version, answers FROM dossiers WHERE code = $1`, [code])).rows[0];
  assert.equal(stored.form_version, 1);
  assert.deepEqual(stored.answers.children, [
    { name: 'Đặng Minh Khôi', sex: 'male', birthDate: '2026-11-28', birthPlace: 'Bệnh viện đa khoa tỉnh An Hòa', ethnicity: 'Kinh' },
  ]);
  assert.equal(stored.answers.motherBirthYear, 1996);
  assert.equal(stored.answers.fatherName, undefined);
  assert.doesNotMatch(text((await citizen.page('/cong-dan/ho-so')).html), /Hồ sơ đang soạn/, 'the draft went with the submission');
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
