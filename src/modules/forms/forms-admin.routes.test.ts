import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../../../test/helpers/app.ts';
import { Client, staffClient } from '../../../test/helpers/client.ts';
import { birthRegistrationForm } from '../demo/demo-forms.ts';
import type { FormDefinition } from './form-definition.ts';

const { url, deps, pool } = await startTestApp({ demo: true });
const admin = await staffClient(url, deps, 'quantri.tinh');
const inspector = await staffClient(url, deps, 'thanhtra');
const officer = await staffClient(url, deps, 'motcua.dongthanh');
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const unescape = (s: string) =>
  s.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&');
/** What the editor's textarea holds, as the admin reads it. */
const textarea = (html: string) => unescape(/<textarea[^>]*name="definition"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)![1]!);
/** The text of the preview pane (from its start to the end of the editor). */
const preview = (html: string) => text(html.slice(html.indexOf('<div id="preview"'), html.indexOf('<details')));
/** The value of the named input, whatever the order of its attributes. */
const valueOf = (html: string, name: string) => {
  const tag = new RegExp(`<input[^>]*name="${name.replaceAll('.', '\\.')}"[^>]*>`).exec(html)?.[0];
  return tag === undefined ? undefined : (/ value="([^"]*)"/.exec(tag)?.[1] ?? '');
};
const baseVersionOf = (html: string) => /name="baseVersion" value="(\d+)"/.exec(html)![1]!;
const versions = async (code: string) =>
  (
    await pool.query<{ version: number }>('SELECT version FROM procedure_forms WHERE procedure_code = $1 ORDER BY version', [code])
  ).rows.map((r) => r.version);

/** The demo form with the children's ethnicity asked under another label. */
function relabelled(label: string): FormDefinition {
  const def = structuredClone(birthRegistrationForm);
  def.sections[1]!.questions.find((q) => q.id === 'ethnicity')!.label = label;
  return def;
}

test('the province admin finds the birth registration form and opens it: the current definition and its preview', async () => {
  const list = await admin.page('/quan-tri/bieu-mau');
  assert.equal(list.status, 200);
  assert.match(text(list.html), /1\.001193 Thủ tục đăng ký khai sinh 1 /);
  assert.ok(list.html.includes('<a href="/quan-tri/bieu-mau/1.001193">Thủ tục đăng ký khai sinh</a>'));
  assert.ok(list.html.includes('<a href="/quan-tri/bieu-mau">Biểu mẫu</a>'), 'in the admin navigation');

  const editor = await admin.page('/quan-tri/bieu-mau/1.001193');
  assert.equal(editor.status, 200);
  assert.match(text(editor.html), /1\.001193 · phiên bản 1/);
  assert.deepEqual(JSON.parse(textarea(editor.html)), birthRegistrationForm);
  const shown = preview(editor.html);
  for (const label of [
    'Tờ khai đăng ký khai sinh',
    'Họ, chữ đệm, tên người yêu cầu',
    'Trẻ thứ 1',
    'Dân tộc',
    'Năm sinh của người mẹ',
    'Chỉ trả lời nếu «Khai thông tin người cha?» là «Có».',
  ])
    assert.ok(shown.includes(label), label);
  // The requester is filled in from a sample identity, as a citizen's would be.
  assert.equal(valueOf(editor.html, 'f.requesterName'), 'Nguyễn Văn Mẫu');
  assert.match(text(editor.html), /Phiên bản 1:/);
  assert.match(editor.html, /<button class="button" type="submit" name="intent" value="save">Lưu phiên bản mới<\/button>/);
});

test('a broken definition is previewed with every problem in Vietnamese, and never saved', async () => {
  await admin.page('/quan-tri/bieu-mau/1.001193');
  const badJson = '{ "title": "Tờ khai", "sections": [ ';
  const res = await admin.post('/quan-tri/bieu-mau/1.001193', { definition: badJson, baseVersion: '1', intent: 'preview' });
  assert.equal(res.status, 400);
  assert.match(text(res.html), /Có lỗi cần sửa Nội dung không phải JSON hợp lệ/);
  assert.match(text(res.html), /Sửa các lỗi sau để xem trước: Nội dung không phải JSON hợp lệ/);
  assert.equal(textarea(res.html), badJson, 'what was typed is kept');

  // Two mistakes at once: a question id used twice and a condition on a question that does not exist.
  const def = structuredClone(birthRegistrationForm);
  def.sections[3]!.questions.push({ id: 'motherName', label: 'Tên mẹ (nhắc lại)', type: 'text' });
  def.sections[3]!.questions.find((q) => q.id === 'fatherName')!.when = { question: 'hasDad', equals: 'yes' };
  const typed = JSON.stringify(def, null, 2);
  const expected = [
    'Câu hỏi «Họ, chữ đệm, tên người cha»: điều kiện dựa vào câu hỏi «hasDad» không có ở phía trước (ngoài nhóm lặp lại).',
    'Câu hỏi «Tên mẹ (nhắc lại)»: mã «motherName» bị trùng.',
  ];
  for (const intent of ['preview', 'save']) {
    const r = await admin.post('/quan-tri/bieu-mau/1.001193', { definition: typed, baseVersion: '1', intent });
    assert.equal(r.status, 400, intent);
    for (const message of expected) assert.ok(r.html.includes(`<a href="#definition">${message}</a>`), `${intent}: ${message}`);
    assert.equal(textarea(r.html), typed);
    assert.ok(!r.html.includes('name="f.requesterName"'), 'no preview of a definition that does not hold');
  }
  // Wrong shapes are named by where they are.
  const shape = await admin.post('/quan-tri/bieu-mau/1.001193', {
    definition: JSON.stringify({
      title: 'Tờ khai',
      sections: [{ id: 's', title: 'Phần', questions: [{ id: 'q', label: 'Câu', type: 'colour' }] }],
    }),
    baseVersion: '1',
    intent: 'save',
  });
  assert.equal(shape.status, 400);
  assert.match(text(shape.html), /Tại sections\.0\.questions\.0\.type: giá trị không được phép; dùng một trong: text, textarea/);
  assert.deepEqual(await versions('1.001193'), [1], 'nothing was saved');
});

test('the live preview answers with the preview alone, or with the problems', async () => {
  await admin.page('/quan-tri/bieu-mau/1.001193');
  const csrf = admin.csrf();
  const good = await admin.post(
    '/quan-tri/bieu-mau/1.001193/xem-truoc',
    { definition: JSON.stringify(relabelled('Dân tộc của trẻ')) },
    csrf,
  );
  assert.equal(good.status, 200);
  assert.ok(good.html.startsWith('<div id="preview" aria-live="polite">'), 'a fragment, not a page');
  assert.ok(!good.html.includes('<html'));
  assert.match(text(good.html), /Dân tộc của trẻ/);
  assert.match(text(good.html), /Thêm trẻ/);

  const bad = await admin.post('/quan-tri/bieu-mau/1.001193/xem-truoc', { definition: '{"title": "Tờ khai", "sections": []}' }, csrf);
  assert.equal(bad.status, 200);
  assert.match(text(bad.html), /Sửa các lỗi sau để xem trước: Tại sections: quá ngắn hoặc quá ít \(tối thiểu 1\)\./);
  assert.deepEqual(await versions('1.001193'), [1], 'a preview saves nothing');
});

test('a changed definition is saved as version 2, audited, and published with its JSON Schema', async () => {
  // A second admin opens the editor on version 1 before the first one saves.
  const other = await staffClient(url, deps, 'quantri.tinh');
  const stale = await other.page('/quan-tri/bieu-mau/1.001193');
  assert.equal(baseVersionOf(stale.html), '1');

  const editor = await admin.page('/quan-tri/bieu-mau/1.001193');
  const changed = textarea(editor.html).replace('"Dân tộc"', '"Dân tộc của trẻ"');
  assert.notEqual(changed, textarea(editor.html));
  const saved = await admin.post('/quan-tri/bieu-mau/1.001193', {
    definition: changed,
    baseVersion: baseVersionOf(editor.html),
    intent: 'save',
  });
  assert.equal(saved.status, 303);
  assert.equal(saved.location, '/quan-tri/bieu-mau/1.001193?da_luu=2');
  const after = await admin.page(saved.location!);
  assert.equal(after.status, 200);
  assert.match(text(after.html), /Đã lưu phiên bản 2\. Hồ sơ nộp từ bây giờ dùng phiên bản này\./);
  assert.match(text(after.html), /1\.001193 · phiên bản 2/);
  assert.match(text(after.html), /Phiên bản 2: .*, Nguyễn Văn Quản Phiên bản 1:/);
  assert.deepEqual(JSON.parse(textarea(after.html)), relabelled('Dân tộc của trẻ'));
  assert.equal(textarea(after.html), changed, 'the text comes back as the admin wrote it, not reordered by the database');
  const unknownVersion = await admin.page('/quan-tri/bieu-mau/1.001193?da_luu=7');
  assert.doesNotMatch(text(unknownVersion.html), /Đã lưu phiên bản/);
  assert.equal(baseVersionOf(after.html), '2', 'the next save starts from version 2');

  assert.deepEqual(await versions('1.001193'), [1, 2]);
  const stored = await pool.query('SELECT definition FROM procedure_forms WHERE procedure_code = $1 AND version = 1', ['1.001193']);
  assert.deepEqual(stored.rows[0].definition, birthRegistrationForm, 'version 1 is kept as it was');
  const audit = await pool.query<{ actor_name: string; subject_id: string; detail: { version: number } }>(
    `SELECT actor_name, subject_id, detail FROM audit_log WHERE action = 'form_saved'`,
  );
  assert.deepEqual(
    audit.rows.map((r) => [r.actor_name, r.subject_id, r.detail.version]),
    [['Nguyễn Văn Quản (quantri.tinh)', '1.001193', 2]],
  );
  assert.match(text((await admin.page('/quan-tri/nhat-ky?thao_tac=form_saved')).html), /Lưu phiên bản biểu mẫu điện tử/);

  const api = await fetch(`${url}/api/procedures/1.001193/form`);
  assert.equal(api.status, 200);
  const body = await api.json();
  assert.equal(body.version, 2);
  assert.deepEqual(body.definition, relabelled('Dân tộc của trẻ'));
  assert.equal(body.schema.properties.children.items.properties.ethnicity.title, 'Dân tộc của trẻ');
  assert.ok(body.schema.properties.children.items.required.includes('ethnicity'));

  // The second admin, still on version 1, saves: refused, and the text typed is still there.
  const mine = textarea(stale.html).replace('"Nơi sinh"', '"Nơi sinh của trẻ"');
  const conflict = await other.post('/quan-tri/bieu-mau/1.001193', {
    definition: mine,
    baseVersion: baseVersionOf(stale.html),
    intent: 'save',
  });
  assert.equal(conflict.status, 409);
  assert.match(
    text(conflict.html),
    /Biểu mẫu vừa được người khác lưu phiên bản mới, nên bản của bạn chưa được lưu\. Nội dung bạn đã gõ vẫn còn dưới đây/,
  );
  assert.equal(textarea(conflict.html), mine);
  assert.deepEqual(await versions('1.001193'), [1, 2]);
  assert.equal((await (await fetch(`${url}/api/procedures/1.001193/form`)).json()).version, 2);
});

test('a procedure without a form opens on a starter definition, found by its code', async () => {
  const list = await admin.page('/quan-tri/bieu-mau');
  assert.ok(!list.html.includes('/quan-tri/bieu-mau/1.000080'), 'not listed before it has a form');
  const open = await admin.page('/quan-tri/bieu-mau/mo?ma=%201.000080%20');
  assert.equal(open.status, 303);
  assert.equal(open.location, '/quan-tri/bieu-mau/1.000080');
  const editor = await admin.page(open.location!);
  assert.equal(editor.status, 200);
  assert.match(text(editor.html), /1\.000080 · chưa có biểu mẫu/);
  assert.match(text(editor.html), /Chưa có phiên bản nào\./);
  const starter = JSON.parse(textarea(editor.html)) as FormDefinition;
  assert.deepEqual(
    starter.sections.flatMap((s) => s.questions.map((q) => [q.id, q.prefill])),
    [
      ['requesterName', 'fullName'],
      ['requesterId', 'idNumber'],
    ],
  );
  assert.equal(valueOf(editor.html, 'f.requesterName'), 'Nguyễn Văn Mẫu', 'the starter is previewed');
  assert.equal((await fetch(`${url}/api/procedures/1.000080/form`)).status, 404);

  // Saving the starter as it is gives the procedure its first form.
  const saved = await admin.post('/quan-tri/bieu-mau/1.000080', { definition: textarea(editor.html), baseVersion: '0', intent: 'save' });
  assert.equal(saved.status, 303);
  assert.equal(saved.location, '/quan-tri/bieu-mau/1.000080?da_luu=1');
  assert.ok((await admin.page('/quan-tri/bieu-mau')).html.includes('<a href="/quan-tri/bieu-mau/1.000080">'));

  for (const path of ['/quan-tri/bieu-mau/mo?ma=9.999999', '/quan-tri/bieu-mau/9.999999']) {
    const unknown = await admin.page(path);
    assert.equal(unknown.status, 404, path);
    assert.match(text(unknown.html), /Không tìm thấy thủ tục có mã này\./);
  }
});

test('a desk officer gets 403, the inspector may look but not save, an anonymous visitor is sent to sign in', async () => {
  const before = await versions('1.001193');
  for (const path of ['/quan-tri/bieu-mau', '/quan-tri/bieu-mau/1.001193']) {
    const r = await officer.page(path);
    assert.equal(r.status, 403, path);
    assert.match(text(r.html), /Bạn không có quyền thực hiện thao tác này\./);
    assert.ok(!r.html.includes('name="definition"'), 'no definition shown');
  }
  await officer.page('/tiep-nhan');
  assert.ok(!officer.lastHtml.includes('href="/quan-tri/bieu-mau"'), 'no link in the desk officer’s navigation');
  const csrf = officer.csrf();
  const post = await officer.post(
    '/quan-tri/bieu-mau/1.001193',
    { definition: JSON.stringify(relabelled('X')), baseVersion: '2', intent: 'save' },
    csrf,
  );
  assert.equal(post.status, 403);
  assert.match(text(post.html), /Bạn không có quyền thực hiện thao tác này\./);
  assert.equal((await officer.post('/quan-tri/bieu-mau/1.001193/xem-truoc', { definition: '{}' }, csrf)).status, 403);

  const look = await inspector.page('/quan-tri/bieu-mau/1.001193');
  assert.equal(look.status, 200);
  assert.deepEqual(JSON.parse(textarea(look.html)), relabelled('Dân tộc của trẻ'), 'the inspector reads the current definition');
  assert.ok(!look.html.includes('Lưu phiên bản mới'), 'without the save button');
  assert.equal((await inspector.page('/quan-tri/bieu-mau')).status, 200);
  const save = await inspector.post('/quan-tri/bieu-mau/1.001193', {
    definition: JSON.stringify(relabelled('Dân tộc (thanh tra)')),
    baseVersion: baseVersionOf(look.html),
    intent: 'save',
  });
  assert.equal(save.status, 403);
  assert.match(text(save.html), /Bạn không có quyền thực hiện thao tác này\./);
  assert.deepEqual(await versions('1.001193'), before, 'nothing was saved');

  const anonymous = await new Client(url).page('/quan-tri/bieu-mau/1.001193');
  assert.equal(anonymous.status, 303);
  assert.equal(anonymous.location, `/dang-nhap?tiep=${encodeURIComponent('/quan-tri/bieu-mau/1.001193')}`);
});
