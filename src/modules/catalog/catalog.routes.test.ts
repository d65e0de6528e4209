import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { startTestApp } from '../../../test/helpers/app.ts';
import { linkAgencies } from './catalog.repository.ts';

const { url, pool } = await startTestApp({ demo: true });
const get = (path: string, headers: Record<string, string> = {}) => fetch(url + path, { headers: { accept: 'text/html', ...headers } });
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

test('the home page offers the search box and the fields of the catalogue', async () => {
  const res = await get('/');
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /<form class="search-form" method="get" action="\/thu-tuc"/);
  assert.match(html, /<html lang="vi">/);
  assert.match(html, /href="\/thu-tuc\?linh_vuc=H%E1%BB%99%20t%E1%BB%8Bch">Hộ tịch<\/a>/);
});

test('searching without diacritics lists Thủ tục đăng ký khai sinh first, linked to its page', async () => {
  const html = await (await get('/thu-tuc?q=dang+ky+khai+sinh')).text();
  const first = /<ul class="results">\s*<li><h2><a href="([^"]+)">([^<]+)<\/a>/.exec(html);
  assert.deepEqual([first?.[1], first?.[2]], ['/thu-tuc/1.001193', 'Thủ tục đăng ký khai sinh']);
  assert.match(text(html), /Tìm thấy \d+ thủ tục/);
});

test('a typo is corrected and the page says what was searched', async () => {
  const html = await (await get('/thu-tuc?q=dang+ki+khai+sihn')).text();
  assert.match(text(html), /tìm theo “dang ky khai sinh”/);
  assert.match(html, /href="\/thu-tuc\/1\.001193"/);
});

test('filters and pages keep each other in the links', async () => {
  const html = await (await get('/thu-tuc?linh_vuc=H%E1%BB%99+t%E1%BB%8Bch&cap=commune')).text();
  assert.match(html, /<option value="commune" selected/);
  assert.match(html, /href="\/thu-tuc\?linh_vuc=H%E1%BB%99\+t%E1%BB%8Bch&amp;cap=commune&amp;trang=2"/);
  const page2 = await get('/thu-tuc?linh_vuc=H%E1%BB%99+t%E1%BB%8Bch&cap=commune&trang=2');
  assert.match(await page2.text(), /<span aria-current="page">2<\/span>/);
});

test('the procedure page shows channels, time limits, fees, components, results and legal basis', async () => {
  const res = await get('/thu-tuc/1.001193');
  assert.equal(res.status, 200);
  const page = text(await res.text());
  for (const expected of [
    'Thủ tục đăng ký khai sinh',
    'Mã thủ tục 1.001193',
    'Hộ tịch',
    'Cấp xã',
    'Trực tuyến',
    'Qua dịch vụ bưu chính',
    'Miễn phí',
    'Giấy khai sinh',
    'KQ.G15.000031',
    '123/2015/NĐ-CP',
    'Ủy ban nhân dân phường Đông Thành',
    'Phiên bản 1',
  ]) {
    assert.ok(page.includes(expected), `missing: ${expected}`);
  }
  const fee = text(await (await get('/thu-tuc/1.003658')).text());
  assert.match(fee, /100\.000 ₫/);
  assert.match(fee, /5 ngày làm việc/);
});

test('the online level states what the province takes online, even where the national record offers nothing', async () => {
  const levelOf = (html: string) => /<dt>Mức độ trực tuyến<\/dt>\s*<dd>([^<]*)<\/dd>/.exec(html)?.[1];
  const { rows } = await pool.query<{ code: string; taken: boolean }>(
    `SELECT p.code, EXISTS (SELECT 1 FROM procedure_agencies a WHERE a.procedure_code = p.code) AS taken
       FROM procedures p WHERE p.doc->>'onlineLevel' = 'none' ORDER BY p.code`,
  );
  const notTaken = rows.find((r) => !r.taken)!;
  const taken = rows.find((r) => r.code !== notTaken.code)!;
  if (!taken.taken) await linkAgencies(pool, taken.code, [(await pool.query('SELECT min(id) AS id FROM agencies')).rows[0].id]);

  const quiet = await (await get(`/thu-tuc/${notTaken.code}`)).text();
  assert.equal(levelOf(quiet), 'Chưa cung cấp trực tuyến');
  assert.doesNotMatch(quiet, /href="\/cong-dan\/nop\//);
  const online = await (await get(`/thu-tuc/${taken.code}`)).text();
  assert.equal(levelOf(online), 'Tỉnh tiếp nhận hồ sơ trực tuyến trên cổng này (Cơ sở dữ liệu quốc gia ghi: chưa cung cấp trực tuyến)');
  assert.match(online, new RegExp(`href="/cong-dan/nop/${taken.code.replace(/\./g, '\\.')}"`));
});

test('unknown procedure codes answer 404 in Vietnamese, as HTML and as JSON', async () => {
  const page = await get('/thu-tuc/9.999999');
  assert.equal(page.status, 404);
  assert.match(await page.text(), /Không tìm thấy thủ tục có mã này/);
  const api = await fetch(`${url}/api/procedures/9.999999`);
  assert.equal(api.status, 404);
  assert.equal((await api.json()).error.code, 'not_found');
});

test('bad search input gets a safe page, never a 500, never reflected unescaped', async () => {
  const empty = await get('/thu-tuc?q=');
  assert.equal(empty.status, 200);
  const long = await get(`/thu-tuc?q=${'a'.repeat(10_240)}`);
  assert.equal(long.status, 400);
  assert.match(await long.text(), /Nội dung tìm kiếm quá dài/);
  const invalidUtf8 = await get('/thu-tuc?q=%FF%FE%C3');
  assert.ok(invalidUtf8.status < 500);
  const sql = await get(`/thu-tuc?q=${encodeURIComponent("' OR 1=1; DROP TABLE procedures; --")}`);
  assert.equal(sql.status, 200);
  const html = await (await get(`/thu-tuc?q=${encodeURIComponent('<script>alert(1)</script>"')}`)).text();
  assert.ok(!html.includes('<script>alert(1)'), 'the query is escaped');
  assert.match(html, /&lt;script>alert\(1\)&lt;\/script>&quot;|&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  const odd = await get('/thu-tuc?q=a&q=b&trang=-5&cap=%00');
  assert.ok(odd.status < 500);
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM procedures');
  assert.equal(rows[0].n, 796);
});

test('a request Node cannot parse gets a Vietnamese 400', async () => {
  const { port } = new URL(url);
  const answer = await new Promise<string>((resolve) => {
    const socket = net.connect(Number(port), '127.0.0.1', () =>
      socket.write(Buffer.from('GET /thu-tuc?q=Đăng HTTP/1.1\r\nHost: x\r\n\r\n', 'utf8')),
    );
    let data = '';
    socket.on('data', (d) => (data += d));
    socket.on('close', () => resolve(data));
  });
  assert.match(answer, /^HTTP\/1\.1 400/);
  assert.match(answer, /Yêu cầu không hợp lệ/);
});

test('the JSON API searches, returns the structured procedure and its versions', async () => {
  const found = await (await fetch(`${url}/api/procedures?q=khai+sin`)).json();
  assert.equal(found.items[0].code, '1.001193');
  const tooLong = await fetch(`${url}/api/procedures?q=${'x'.repeat(300)}`);
  assert.equal(tooLong.status, 400);
  assert.equal((await tooLong.json()).error.code, 'validation_failed');
  const one = await (await fetch(`${url}/api/procedures/1.001193`)).json();
  assert.equal(one.procedure.channels.length, 3);
  assert.deepEqual(
    one.procedure.channels.map((c: { timeLimit: unknown }) => c.timeLimit),
    [
      { value: 1, unit: 'days' },
      { value: 1, unit: 'days' },
      { value: 1, unit: 'days' },
    ],
  );
  assert.ok(one.agencies.some((a: { code: string }) => a.code === '000.00.31.H99'));
  const versions = await (await fetch(`${url}/api/procedures/1.001193/versions`)).json();
  assert.equal(versions.versions[0].version, 1);
});

test('OpenAPI is generated from the same schemas and readable without script', async () => {
  const doc = await (await fetch(`${url}/api/docs/json`)).json();
  assert.ok(doc.paths['/api/procedures'].get);
  assert.ok(doc.paths['/api/agencies/import'].post);
  assert.ok(doc.paths['/api/procedures/{code}'].get.responses['200'].content['application/json'].schema.properties.procedure);
  const page = await (await get('/api/docs')).text();
  assert.match(page, /GET \/api\/procedures/);
  assert.ok(!page.includes('<script'));
});

test('pages are compressed, carry an ETag and answer 304 to a revisit', async () => {
  const first = await get('/thu-tuc/1.001193', { 'accept-encoding': 'br' });
  assert.equal(first.headers.get('content-encoding'), 'br');
  const etag = first.headers.get('etag');
  assert.ok(etag);
  const again = await get('/thu-tuc/1.001193', { 'if-none-match': etag! });
  assert.equal(again.status, 304);
});
