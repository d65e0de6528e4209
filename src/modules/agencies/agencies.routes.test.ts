import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../../../test/helpers/app.ts';
import { staffClient } from '../../../test/helpers/client.ts';
import { demoAgencies } from '../demo/demo-province.ts';
import type { Agency } from './agency.schema.ts';

const { url, deps } = await startTestApp({ demo: true });
// The province administrator, signed in (sign-in itself is tested in the accounts module).
const admin = await staffClient(url, deps, 'quantri.tinh');
await admin.page('/quan-tri/co-quan');
const csrf = admin.csrf();
const cookie = `mc_session=${admin.cookies.get('mc_session')}`;

async function page(path: string, status = 200): Promise<string> {
  const res = await fetch(url + path, { headers: { cookie } });
  assert.equal(res.status, status, `GET ${path}`);
  assert.match(res.headers.get('content-type') ?? '', /^text\/html; charset=utf-8/);
  return res.text();
}

async function agency(code: string): Promise<Agency> {
  const res = await fetch(`${url}/api/agencies/${code}`);
  assert.equal(res.status, 200, `agency ${code}`);
  return (await res.json()) as Agency;
}

/** Posts a form as a browser does, without following the redirect. */
function post(path: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ ...fields, _csrf: csrf }).toString(),
    redirect: 'manual',
  });
}

async function formOf(code: string, over: Record<string, string> = {}): Promise<Record<string, string>> {
  const a = await agency(code);
  const parentId = a.parentCode ? String((await agency(a.parentCode)).id) : '';
  return {
    code: a.code ?? '',
    name: a.name,
    kind: a.kind,
    parentId,
    address: a.address,
    phone: a.phone,
    email: a.email,
    validFrom: a.validFrom,
    validTo: a.validTo ?? '',
    successorCodes: a.successorCodes.join(', '),
    revision: String(a.revision),
    ...over,
  };
}

test('the directory lists every demo agency with its electronic code', async () => {
  const html = await page('/co-quan');
  for (const a of demoAgencies) {
    assert.ok(html.includes(a.name), a.name);
    if (a.code) assert.ok(html.includes(`<a href="/co-quan/${a.code}">${a.name}</a>`), a.code);
  }
  assert.match(html, /\(000\.00\.11\.H99\)/);
  assert.match(html, /Hết hiệu lực từ 30\/06\/2025/, 'the merged commune is marked as ended');
});

test('a department page shows its units and the procedures it performs', async () => {
  const html = await page('/co-quan/000.00.11.H99');
  assert.match(html, /<h1>Sở Tư pháp tỉnh An Hòa<\/h1>/);
  for (const unit of ['Phòng Hành chính tư pháp', 'Phòng Bổ trợ tư pháp', 'Văn phòng Sở']) assert.ok(html.includes(unit), unit);
  assert.ok(!html.includes('Phòng Quản lý hoạt động xây dựng'), 'no unit of another department');
  assert.ok(html.includes('Số 12 đường Lý Thường Kiệt, phường Đông Thành'));
  // Province-level justice procedures are performed by Sở Tư pháp; commune-level ones are not.
  assert.ok(html.includes('<a href="/thu-tuc/2.002039">Nhập quốc tịch Việt Nam ở trong nước</a>'));
  assert.ok(!html.includes('Thủ tục đăng ký khai sinh'));
  assert.ok(!(await page('/co-quan/000.00.12.H99')).includes('Nhập quốc tịch Việt Nam ở trong nước'));

  const commune = await page('/co-quan/000.00.31.H99');
  assert.ok(commune.includes('<a href="/thu-tuc/1.001193">Thủ tục đăng ký khai sinh</a>'));
  assert.ok(commune.includes('Bộ phận một cửa'));
});

test('an unknown code is a Vietnamese 404 page', async () => {
  for (const code of ['000.00.99.H99', 'khong-co']) {
    const html = await page(`/co-quan/${code}`, 404);
    assert.match(html, /Không tìm thấy trang/);
    assert.match(html, /Không tìm thấy cơ quan có mã này\./);
  }
});

test('the JSON API lists the agencies with codes, validity and successors', async () => {
  const res = await fetch(`${url}/api/agencies`);
  assert.equal(res.status, 200);
  const { agencies } = (await res.json()) as { agencies: Agency[] };
  assert.equal(agencies.length, demoAgencies.length);
  const justice = agencies.find((a) => a.code === '000.00.11.H99');
  assert.equal(justice?.name, 'Sở Tư pháp tỉnh An Hòa');
  assert.equal(justice?.parentCode, 'H99');
  assert.equal(justice?.inForce, true);
  const merged = agencies.find((a) => a.code === '000.00.34.H99');
  assert.deepEqual([merged?.inForce, merged?.validTo, merged?.successorCodes], [false, '2025-06-30', ['000.00.32.H99']]);
});

test('the export is a download that the import takes back unchanged', async () => {
  const res = await fetch(`${url}/api/agencies/export`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="co-quan\.json"/);
  const file = await res.text();
  assert.equal(JSON.parse(file).length, demoAgencies.length);
  const back = await fetch(`${url}/api/agencies/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
    body: file,
  });
  assert.equal(back.status, 200);
  assert.deepEqual(await back.json(), { added: 0, changed: 0, unchanged: demoAgencies.length });
});

test('an import with a bad row is refused with every problem, as JSON', async () => {
  const rows = [
    { code: '000.00.41.H99', name: 'Sở Y tế tỉnh An Hòa', kind: 'department', parentCode: 'H99' },
    { code: '000.00.42', name: 'Sở Tài chính tỉnh An Hòa', kind: 'department', parentCode: 'H99' },
  ];
  const res = await fetch(`${url}/api/agencies/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
    body: JSON.stringify(rows),
  });
  assert.equal(res.status, 400);
  const body = (await res.json()) as { error: { code: string; problems: Array<{ field: string; message: string }> } };
  assert.equal(body.error.code, 'validation_failed');
  assert.deepEqual(
    body.error.problems.map((p) => p.field),
    ['row-2'],
  );
  assert.match(body.error.problems[0]!.message, /^Mục 2 \(Sở Tài chính tỉnh An Hòa\): Mã định danh không đúng định dạng/);
  assert.equal((await fetch(`${url}/api/agencies/000.00.41.H99`)).status, 404, 'the good row was not kept');
});

test('an administrator adds an agency with the form and finds it in the directory', async () => {
  const form = await page('/quan-tri/co-quan/moi');
  assert.match(form, /<form method="post" action="\/quan-tri\/co-quan\/moi"/);
  for (const field of ['name', 'kind', 'parentId', 'code', 'validFrom', 'validTo', 'successorCodes'])
    assert.match(form, new RegExp(`name="${field}"`));
  await page('/co-quan'); // the directory is now in the page cache

  const province = await agency('H99');
  const res = await post('/quan-tri/co-quan/moi', {
    code: '000.00.43.H99',
    name: 'Sở Khoa học và Công nghệ tỉnh An Hòa',
    kind: 'department',
    parentId: String(province.id),
    address: 'Số 5 đường Lê Lợi',
    phone: '',
    email: '',
    validFrom: '2025-07-01',
    validTo: '',
    successorCodes: '',
  });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/quan-tri/co-quan?da_luu=1');
  assert.match(await page('/quan-tri/co-quan?da_luu=1'), /Đã lưu cơ quan, đơn vị\./);
  assert.ok((await page('/co-quan')).includes('<a href="/co-quan/000.00.43.H99">Sở Khoa học và Công nghệ tỉnh An Hòa</a>'));
  assert.ok((await page('/co-quan/000.00.43.H99')).includes('Số 5 đường Lê Lợi'));
});

test('an invalid form comes back with every problem listed and the typed values kept', async () => {
  const province = await agency('H99');
  const res = await post('/quan-tri/co-quan/moi', {
    code: '43.H99',
    name: 'Sở Tư Pháp tỉnh an hòa',
    kind: 'department',
    parentId: String(province.id),
    address: 'Số 9 đường Trần Phú',
    validFrom: '2025-07-01',
    validTo: '',
    successorCodes: '000.00.98.H99',
  });
  assert.equal(res.status, 400);
  const html = await res.text();
  assert.match(html, /Có lỗi cần sửa/);
  assert.ok(html.includes('Mã định danh không đúng định dạng của Quyết định 20/2020/QĐ-TTg'));
  assert.ok(html.includes('trùng với một cơ quan đang hoạt động'));
  assert.ok(html.includes('Cơ quan kế thừa có mã 000.00.98.H99 không hợp lệ.'));
  assert.ok(html.includes('Cơ quan đã sáp nhập hoặc chia tách phải có ngày hết hiệu lực.'));
  for (const value of ['43.H99', 'Sở Tư Pháp tỉnh an hòa', 'Số 9 đường Trần Phú', '000.00.98.H99'])
    assert.ok(html.includes(`value="${value}"`), value);

  const empty = await post('/quan-tri/co-quan/moi', { name: '  ', kind: 'bộ', validFrom: '2025-02-30' });
  assert.equal(empty.status, 400);
  const emptyHtml = await empty.text();
  for (const message of ['Nhập tên cơ quan, đơn vị', 'Chọn loại cơ quan, đơn vị.', 'Ngày bắt đầu hiệu lực không hợp lệ.'])
    assert.ok(emptyHtml.includes(message), message);
});

test('a name with markup is shown as text everywhere', async () => {
  const name = 'Phòng <script>alert("x")</script> & "Kiểm tra"';
  const escaped = /Phòng &lt;script(>|&gt;)alert\(&quot;x&quot;\)&lt;\/script(>|&gt;) &amp; &quot;Kiểm tra&quot;/;
  const construction = await agency('000.00.12.H99');
  const fields = { code: '', name, kind: 'unit', parentId: String(construction.id), validFrom: '2025-07-01' };
  assert.equal((await post('/quan-tri/co-quan/moi', fields)).status, 303);
  const again = await post('/quan-tri/co-quan/moi', fields); // the same name again: refused, name in the message
  assert.equal(again.status, 400);
  const pages = [await page('/co-quan'), await page('/co-quan/000.00.12.H99'), await page('/quan-tri/co-quan'), await again.text()];
  const { agencies } = (await (await fetch(`${url}/api/agencies`)).json()) as { agencies: Agency[] };
  const unit = agencies.find((a) => a.name === name);
  assert.ok(unit, 'saved as typed');
  pages.push(await page(`/quan-tri/co-quan/${unit.id}`));
  for (const html of pages) {
    assert.ok(!html.includes('<script>alert') && !html.includes(name), 'no live script');
    assert.match(html, escaped, 'the name is shown, as text');
  }
});

test('saving over someone else’s change is refused with a Vietnamese explanation', async () => {
  const seen = await formOf('000.00.13.H99');
  assert.equal((await post(`/quan-tri/co-quan/${(await agency('000.00.13.H99')).id}`, { ...seen, phone: '0299 3800 013' })).status, 303);
  const stale = await post(`/quan-tri/co-quan/${(await agency('000.00.13.H99')).id}`, { ...seen, phone: '0299 0000 000' });
  assert.equal(stale.status, 400);
  assert.match(await stale.text(), /Cơ quan này vừa được người khác sửa\. Hãy tải lại trang/);
  assert.equal((await agency('000.00.13.H99')).phone, '0299 3800 013');
});

test('an import form with text that is not JSON is refused with a message, the text kept', async () => {
  const res = await post('/quan-tri/co-quan/nhap', { importJson: '[{"code": "H99",' });
  assert.equal(res.status, 400);
  const html = await res.text();
  assert.ok(html.includes('Nội dung không phải JSON hợp lệ.'));
  assert.ok(html.includes('[{&quot;code&quot;: &quot;H99&quot;,'), 'the text is kept in the box');
  const notList = await post('/quan-tri/co-quan/nhap', { importJson: '{"code": "H99"}' });
  assert.equal(notList.status, 400);
  assert.ok((await notList.text()).includes('Tệp nhập phải là một danh sách (mảng JSON) các cơ quan, đơn vị.'));
});

test('public pages show an administrator’s change at once', async () => {
  const before = await page('/co-quan/000.00.33.H99');
  assert.ok(before.includes('Thôn Bản Lầu, xã Sơn Thủy'));
  await page('/co-quan');
  const commune = await agency('000.00.33.H99');
  const res = await post(
    `/quan-tri/co-quan/${commune.id}`,
    await formOf('000.00.33.H99', { name: 'Ủy ban nhân dân xã Sơn Thủy Mới', address: 'Thôn Nà Hang' }),
  );
  assert.equal(res.status, 303);
  const after = await page('/co-quan/000.00.33.H99');
  assert.ok(after.includes('<h1>Ủy ban nhân dân xã Sơn Thủy Mới</h1>'));
  assert.ok(after.includes('Thôn Nà Hang') && !after.includes('Thôn Bản Lầu'));
  assert.ok((await page('/co-quan')).includes('Ủy ban nhân dân xã Sơn Thủy Mới'));

  // An import through the API is seen at once too.
  await page('/co-quan/000.00.32.H99');
  const rows = [
    {
      code: '000.00.32.H99',
      name: 'Ủy ban nhân dân xã Hòa Bình',
      kind: 'commune',
      parentCode: 'H99',
      address: 'Thôn Đồng Tâm',
      validFrom: '2025-07-01',
    },
  ];
  const imported = await fetch(`${url}/api/agencies/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
    body: JSON.stringify(rows),
  });
  assert.deepEqual(await imported.json(), { added: 0, changed: 1, unchanged: 0 });
  assert.ok((await page('/co-quan/000.00.32.H99')).includes('Thôn Đồng Tâm'));
});
