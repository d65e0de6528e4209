import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../../../test/helpers/app.ts';
import { Client, staffClient } from '../../../test/helpers/client.ts';
import { findAgencyByCode } from '../agencies/agencies.repository.ts';
import { grantRole, insertStaff } from '../accounts/staff.repository.ts';
import { legalConsultantCardProcess } from '../demo/demo-processes.ts';
import type { ProcessDefinition } from './process-definition.ts';

const { url, deps, pool } = await startTestApp({ demo: true });
const admin = await staffClient(url, deps, 'quantri.tinh');
const inspector = await staffClient(url, deps, 'thanhtra');
const officer = await staffClient(url, deps, 'motcua.dongthanh');
const agencyAdmin = await staffClient(url, deps, 'quantri.stp');
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const unescape = (s: string) =>
  s.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');
const textarea = (html: string) => unescape(/<textarea[^>]*name="definition"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)![1]!);
/** The text of the preview pane (from its start to the guide under the editor). */
const preview = (html: string) => text(html.slice(html.indexOf('<div id="preview"'), html.indexOf('<details')));
/** The messages of the error summary at the top of the page. */
const summary = (html: string) => [...html.matchAll(/<li><a href="#definition">([^<]*)<\/a><\/li>/g)].map((m) => unescape(m[1]!));
const baseVersionOf = (html: string) => /name="baseVersion" value="(\d+)"/.exec(html)![1]!;
const versions = async (code: string, agencyCode: string | null = null) =>
  (
    await pool.query<{ version: number }>(
      `SELECT p.version FROM procedure_processes p LEFT JOIN agencies a ON a.id = p.agency_id
       WHERE p.procedure_code = $1 AND a.code IS NOT DISTINCT FROM $2 ORDER BY p.version`,
      [code, agencyCode],
    )
  ).rows.map((r) => r.version);
const demo = () => structuredClone(legalConsultantCardProcess);
const save = (client: Client, path: string, def: ProcessDefinition | string, baseVersion: string, intent = 'save') =>
  client.post(path, { definition: typeof def === 'string' ? def : JSON.stringify(def, null, 2), baseVersion, intent });

/** The demo with Sở Xây dựng consulted in parallel between appraisal and approval: a joint procedure of two agencies. */
function jointProcess(): ProcessDefinition {
  const def = demo();
  def.steps[1]!.allotment = { amount: 2, unit: 'working_days' };
  def.steps[1]!.next = [{ on: 'done', to: 'consult' }];
  def.steps.splice(2, 0, {
    id: 'consult',
    name: 'Lấy ý kiến Sở Xây dựng',
    kind: 'joint',
    responsible: { agency: '000.01.11.H99', role: 'specialist' },
    allotment: { amount: 1, unit: 'working_days' },
    next: [{ on: 'done', to: 'approve' }],
    tasks: [{ agency: '000.00.12.H99', role: 'specialist', task: 'Cho ý kiến về trụ sở', allotment: { amount: 1, unit: 'working_days' } }],
  });
  return def;
}

test('the province admin finds the demo process: its text, its diagram, its steps and its sums against the legal limit', async () => {
  const list = await admin.page('/quan-tri/quy-trinh');
  assert.equal(list.status, 200);
  assert.match(text(list.html), /1\.000426 Cấp thẻ tư vấn viên pháp luật Toàn tỉnh 1 /);
  assert.ok(list.html.includes('<a href="/quan-tri/quy-trinh">Quy trình</a>'), 'in the admin navigation');

  const editor = await admin.page('/quan-tri/quy-trinh/1.000426');
  assert.equal(editor.status, 200);
  assert.match(text(editor.html), /1\.000426 · quy trình chung của tỉnh · phiên bản 1/);
  assert.deepEqual(JSON.parse(textarea(editor.html)), legalConsultantCardProcess);
  assert.match(editor.html, /<svg class="process-diagram" role="img" aria-labelledby="diagram-title diagram-desc"/);
  const shown = preview(editor.html);
  assert.match(
    shown,
    /Tổng thời gian các bước 5 ngày làm việc Thời hạn giải quyết theo quy định 5 ngày làm việc \(hồ sơ nộp trực tiếp\) Đối chiếu Khớp với thời hạn/,
  );
  assert.match(
    shown,
    /2 Thẩm định hồ sơ, dự thảo thẻ \(Thẩm định\) Chuyên viên, Phòng Hành chính tư pháp 3 ngày làm việc Hoàn thành: Bước 3/,
  );
  assert.match(
    shown,
    /Giám đốc Sở ký thẻ \(Phê duyệt\) Lãnh đạo cơ quan, Sở Tư pháp tỉnh An Hòa 1 ngày làm việc Đồng ý: Bước 4; Không đồng ý: Bước 2/,
  );
  assert.ok(!shown.includes('Sửa các lỗi'), 'the demo process keeps every rule, the staff check included');
  assert.match(text(editor.html), /Phiên bản 1:/);
  assert.match(editor.html, /<button class="button" type="submit" name="intent" value="save">Lưu phiên bản mới<\/button>/);
});

test('a process that breaks the rules is previewed with every problem in Vietnamese, and never saved', async () => {
  await admin.page('/quan-tri/quy-trinh/1.000426');
  const badJson = '{ "title": "Quy trình", "steps": [ ';
  const broken = await save(admin, '/quan-tri/quy-trinh/1.000426', badJson, '1', 'preview');
  assert.equal(broken.status, 400);
  assert.deepEqual(summary(broken.html), ['Nội dung không phải JSON hợp lệ (dòng 1, cột 36).']);
  assert.match(preview(broken.html), /Sửa các lỗi sau để xem trước: Nội dung không phải JSON hợp lệ/);
  assert.equal(textarea(broken.html), badJson, 'what was typed is kept');

  // The end unreachable, and the allotments short of the limit.
  const def = demo();
  def.steps[3]!.next = [{ on: 'done', to: 'appraise' }];
  def.steps[0]!.allotment = { amount: 1, unit: 'working_hours' };
  const expected = [
    'Quy trình không bao giờ kết thúc: từ bước đầu tiên «Tiếp nhận hồ sơ, chuyển Sở Tư pháp» không có đường nào tới kết thúc (end).',
    'Đường chính (từ bước đầu tiên, theo «Hoàn thành»/«Đồng ý») quay lại bước «Thẩm định hồ sơ, dự thảo thẻ» và không tới kết thúc, nên không cộng được thời gian các bước.',
  ];
  for (const intent of ['preview', 'save']) {
    const r = await save(admin, '/quan-tri/quy-trinh/1.000426', def, '1', intent);
    assert.equal(r.status, 400, intent);
    assert.deepEqual(summary(r.html), expected, intent);
    assert.match(preview(r.html), /Sửa các lỗi sau để lưu được: Quy trình không bao giờ kết thúc/);
    assert.match(r.html, /<svg class="process-diagram"/, 'still drawn, to see what is wrong');
  }
  const short = demo();
  short.steps[1]!.allotment = { amount: 2, unit: 'working_days' };
  const r = await save(admin, '/quan-tri/quy-trinh/1.000426', short, '1');
  assert.equal(r.status, 400);
  assert.match(summary(r.html)[0]!, /^Tổng thời gian các bước là 4 ngày làm việc, thời hạn giải quyết theo quy định là 5 ngày làm việc \(/);
  assert.match(preview(r.html), /Tổng thời gian các bước 4 ngày làm việc .* Đối chiếu Chưa khớp với thời hạn/);
  assert.deepEqual(await versions('1.000426'), [1], 'nothing was saved');
});

test('a step nobody can take is refused with the step named; once someone holds the role there, the joint process is saved', async () => {
  const path = '/quan-tri/quy-trinh/1.000426';
  await admin.page(path);
  const def = jointProcess();
  def.steps[3]!.responsible = { agency: '000.00.34.H99', role: 'agency_leader' };
  def.steps[4]!.responsible = { agency: '000.09.11.H99', role: 'clerk' };
  const refused = await save(admin, path, def, '1');
  assert.equal(refused.status, 400);
  assert.deepEqual(summary(refused.html), [
    'Bước «Giám đốc Sở ký thẻ»: «Ủy ban nhân dân xã Tân Lập» (000.00.34.H99) đã hết hiệu lực.',
    'Bước «Vào sổ, đóng dấu, chuyển kết quả»: không có cơ quan, đơn vị nào mang mã «000.09.11.H99» trong tỉnh.',
    'Bước «Lấy ý kiến Sở Xây dựng», việc «Cho ý kiến về trụ sở»: không có ai giữ vai trò «Chuyên viên» tại «Sở Xây dựng tỉnh An Hòa», nên không ai nhận được việc này. Giao vai trò cho cán bộ ở Quản trị › Cán bộ, hoặc chọn cơ quan, vai trò khác.',
  ]);

  // A specialist of a unit of Sở Xây dựng counts for the department, but not while their account is locked.
  const unit = await findAgencyByCode(pool, '000.02.12.H99');
  const id = await insertStaff(pool, {
    username: 'chuyenvien.sxd',
    fullName: 'Mai Văn Xây',
    email: '',
    passwordHash: 'x',
    agencyId: unit!.id,
  });
  await grantRole(pool, id, 'specialist', unit!.id);
  await pool.query('UPDATE staff SET locked = true WHERE id = $1', [id]);
  const locked = await save(admin, path, jointProcess(), '1');
  assert.equal(locked.status, 400);
  assert.match(summary(locked.html).join('\n'), /không có ai giữ vai trò «Chuyên viên» tại «Sở Xây dựng tỉnh An Hòa»/);
  await pool.query('UPDATE staff SET locked = false WHERE id = $1', [id]);

  const saved = await save(admin, path, jointProcess(), '1');
  assert.equal(saved.status, 303);
  assert.equal(saved.location, `${path}?da_luu=2`);
  const after = await admin.page(saved.location!);
  assert.match(
    text(after.html),
    /Đã lưu phiên bản 2\. Hồ sơ bắt đầu xử lý từ bây giờ theo phiên bản này; hồ sơ đang xử lý giữ phiên bản cũ\./,
  );
  assert.match(preview(after.html), /Sở Xây dựng tỉnh An Hòa: Cho ý kiến về trụ sở \(Chuyên viên, 1 ngày làm việc\)/);
  assert.deepEqual(await versions('1.000426'), [1, 2]);
  const stored = await pool.query('SELECT definition, source FROM procedure_processes WHERE procedure_code = $1 AND version = 2', [
    '1.000426',
  ]);
  assert.deepEqual(stored.rows[0].definition, jointProcess());
  assert.equal(stored.rows[0].source, JSON.stringify(jointProcess(), null, 2), 'the text as typed');
  const audit = await pool.query<{ actor_name: string; subject_id: string; detail: { version: number; agency: string | null } }>(
    `SELECT actor_name, subject_id, detail FROM audit_log WHERE action = 'process_saved'`,
  );
  assert.deepEqual(
    audit.rows.map((r) => [r.actor_name, r.subject_id, r.detail.version, r.detail.agency]),
    [['Nguyễn Văn Quản (quantri.tinh)', '1.000426', 2, null]],
  );
  assert.match(text((await admin.page('/quan-tri/nhat-ky?thao_tac=process_saved')).html), /Lưu phiên bản quy trình nội bộ/);
});

test('the live preview answers with the preview alone, or with the problems', async () => {
  await admin.page('/quan-tri/quy-trinh/1.000426');
  const csrf = admin.csrf();
  const good = await admin.post('/quan-tri/quy-trinh/1.000426/xem-truoc', { definition: JSON.stringify(demo()) }, csrf);
  assert.equal(good.status, 200);
  assert.ok(good.html.startsWith('<div id="preview" aria-live="polite">'), 'a fragment, not a page');
  assert.ok(!good.html.includes('<html'));
  assert.match(good.html, /<svg class="process-diagram"/);
  assert.match(text(good.html), /Khớp với thời hạn/);
  const bad = await admin.post('/quan-tri/quy-trinh/1.000426/xem-truoc', { definition: '{"title": "Quy trình", "steps": []}' }, csrf);
  assert.equal(bad.status, 200);
  assert.match(text(bad.html), /Sửa các lỗi sau để xem trước: Tại steps: quá ngắn hoặc quá ít \(tối thiểu 1\)\./);
  assert.deepEqual(await versions('1.000426'), [1, 2], 'a preview saves nothing');
});

test('two admins on the same version: the second save is refused and keeps the text typed', async () => {
  const other = await staffClient(url, deps, 'quantri.tinh');
  const stale = await other.page('/quan-tri/quy-trinh/1.000426');
  const editor = await admin.page('/quan-tri/quy-trinh/1.000426');
  const first = await save(
    admin,
    '/quan-tri/quy-trinh/1.000426',
    textarea(editor.html).replace('Cho ý kiến về trụ sở', 'Ý kiến'),
    baseVersionOf(editor.html),
  );
  assert.equal(first.status, 303);
  const mine = textarea(stale.html).replace('Giám đốc Sở ký thẻ', 'Giám đốc ký thẻ');
  const conflict = await save(other, '/quan-tri/quy-trinh/1.000426', mine, baseVersionOf(stale.html));
  assert.equal(conflict.status, 409);
  assert.match(text(conflict.html), /Quy trình vừa được người khác lưu phiên bản mới, nên bản của bạn chưa được lưu\./);
  assert.equal(textarea(conflict.html), mine);
  assert.deepEqual(await versions('1.000426'), [1, 2, 3]);
});

test('an agency admin keeps their own agency’s variant: started from the default, the receiving agency checked as theirs', async () => {
  const path = '/quan-tri/quy-trinh/1.000426?co_quan=000.00.11.H99';
  const open = await agencyAdmin.page('/quan-tri/quy-trinh/mo?ma=1.000426&co_quan=000.00.11.H99');
  assert.equal(open.status, 303);
  assert.equal(open.location, path);
  const editor = await agencyAdmin.page(path);
  assert.equal(editor.status, 200);
  assert.match(text(editor.html), /1\.000426 · quy trình riêng của Sở Tư pháp tỉnh An Hòa · chưa có quy trình/);
  assert.equal(baseVersionOf(editor.html), '0');
  assert.match(textarea(editor.html), /"Ý kiến"/, 'the default’s newest text to start from');

  // In the variant, `receiving` is Sở Tư pháp itself: once its only desk officer's account is locked, nobody there is one.
  await pool.query(`UPDATE staff SET locked = true WHERE username = 'motcua.stp'`);
  const refused = await save(agencyAdmin, path, demo(), '0');
  await pool.query(`UPDATE staff SET locked = false WHERE username = 'motcua.stp'`);
  assert.equal(refused.status, 400);
  assert.deepEqual(summary(refused.html), [
    'Bước «Tiếp nhận hồ sơ, chuyển Sở Tư pháp»: không có ai giữ vai trò «Cán bộ một cửa» tại «Sở Tư pháp tỉnh An Hòa», nên không ai nhận được việc này. Giao vai trò cho cán bộ ở Quản trị › Cán bộ, hoặc chọn cơ quan, vai trò khác.',
  ]);
  const own = demo();
  own.steps[0]!.responsible = { agency: 'receiving', role: 'specialist' };
  const saved = await save(agencyAdmin, path, own, '0');
  assert.equal(saved.status, 303);
  assert.equal(saved.location, `${path}&da_luu=1`);
  assert.deepEqual(await versions('1.000426', '000.00.11.H99'), [1]);
  assert.deepEqual(await versions('1.000426'), [1, 2, 3], 'the default is untouched');

  const mine = await agencyAdmin.page('/quan-tri/quy-trinh');
  assert.match(text(mine.html), /1\.000426 Cấp thẻ tư vấn viên pháp luật Sở Tư pháp tỉnh An Hòa 1 /);
  assert.doesNotMatch(text(mine.html), /Toàn tỉnh/, 'the province’s default is not theirs');
  assert.match(text((await admin.page('/quan-tri/quy-trinh')).html), /Toàn tỉnh 3 .* Sở Tư pháp tỉnh An Hòa 1 /);
  for (const other of ['/quan-tri/quy-trinh/1.000426', '/quan-tri/quy-trinh/1.000426?co_quan=000.00.12.H99'])
    assert.equal((await agencyAdmin.page(other)).status, 403, other);
  assert.equal((await agencyAdmin.page('/quan-tri/quy-trinh/1.000426?co_quan=000.99.99.H99')).status, 404);
});

test('a commune’s variant from the starter: adds up to the legal limit, refused where the commune has nobody in the role', async () => {
  const path = '/quan-tri/quy-trinh/1.001193?co_quan=000.00.31.H99';
  const editor = await admin.page(path);
  assert.equal(editor.status, 200);
  // Birth registration: "1 ngày", one working day whatever the weekday.
  assert.match(
    preview(editor.html),
    /Tổng thời gian các bước 1 ngày làm việc Thời hạn giải quyết theo quy định 1 ngày, tức 1 ngày làm việc/,
  );
  const r = await save(admin, path, textarea(editor.html), '0');
  assert.equal(r.status, 400);
  assert.deepEqual(
    summary(r.html).map((m) => m.replace(/, nên không ai.*$/, '')),
    [
      'Bước «Thẩm định hồ sơ»: không có ai giữ vai trò «Chuyên viên» tại «Ủy ban nhân dân phường Đông Thành»',
      'Bước «Phê duyệt»: không có ai giữ vai trò «Lãnh đạo cơ quan» tại «Ủy ban nhân dân phường Đông Thành»',
      'Bước «Phát hành kết quả»: không có ai giữ vai trò «Văn thư» tại «Ủy ban nhân dân phường Đông Thành»',
    ],
  );
});

test('a desk officer gets 403, the inspector may look but not save, an anonymous visitor is sent to sign in', async () => {
  const before = await versions('1.000426');
  for (const path of ['/quan-tri/quy-trinh', '/quan-tri/quy-trinh/1.000426']) {
    const r = await officer.page(path);
    assert.equal(r.status, 403, path);
    assert.ok(!r.html.includes('name="definition"'));
  }
  await officer.page('/tiep-nhan');
  assert.ok(!officer.lastHtml.includes('href="/quan-tri/quy-trinh"'), 'no link in the desk officer’s navigation');
  const csrf = officer.csrf();
  assert.equal(
    (await officer.post('/quan-tri/quy-trinh/1.000426', { definition: '{}', baseVersion: '3', intent: 'save' }, csrf)).status,
    403,
  );
  assert.equal((await officer.post('/quan-tri/quy-trinh/1.000426/xem-truoc', { definition: '{}' }, csrf)).status, 403);

  const look = await inspector.page('/quan-tri/quy-trinh/1.000426');
  assert.equal(look.status, 200);
  assert.ok(!look.html.includes('Lưu phiên bản mới'), 'without the save button');
  const r = await save(inspector, '/quan-tri/quy-trinh/1.000426', textarea(look.html), baseVersionOf(look.html));
  assert.equal(r.status, 403);
  assert.deepEqual(await versions('1.000426'), before, 'nothing was saved');

  const anonymous = await new Client(url).page('/quan-tri/quy-trinh/1.000426');
  assert.equal(anonymous.status, 303);
  assert.equal(anonymous.location, `/dang-nhap?tiep=${encodeURIComponent('/quan-tri/quy-trinh/1.000426')}`);
  for (const path of ['/quan-tri/quy-trinh/mo?ma=9.999999', '/quan-tri/quy-trinh/9.999999']) {
    const unknown = await admin.page(path);
    assert.equal(unknown.status, 404, path);
    assert.match(text(unknown.html), /Không tìm thấy thủ tục có mã này\./);
  }
});
