import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../../../test/helpers/app.ts';
import { citizenClient, Client, staffClient } from '../../../test/helpers/client.ts';

const { url, deps } = await startTestApp({ demo: true });
const publicPages = ['/', '/thu-tuc?q=khai+sinh', '/thu-tuc/1.001193', '/co-quan', '/tra-cuu', '/khong-co-trang-nay'];
/** The header's links after the main navigation: what tells a person whether they are signed in. */
const accountLinks = (html: string) =>
  (/<a href="\/tra-cuu">Tra cứu hồ sơ<\/a><\/li>(.*?)<\/ul><\/nav>/s.exec(html)?.[1] ?? '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

test('public pages, kept for everyone, greet a signed-in citizen and a signed-in officer by name', async () => {
  const visitor = new Client(url);
  const citizen = await citizenClient(url, deps, { fullName: 'Lê Thị Hoa', idNumber: '001190000123' });
  const officer = await staffClient(url, deps, 'motcua.dongthanh');
  const citizenToken = (await citizen.page('/cong-dan')).html.match(/name="_csrf" value="([^"]+)"/)![1]!;
  for (const [n, path] of publicPages.entries()) {
    // Half the pages are first rendered for a signed-in person, half for the visitor: the copy kept
    // for everyone is the same either way.
    if (n % 2) await citizen.get(path);
    const seen = await visitor.get(path);
    assert.equal(seen.status, path === '/khong-co-trang-nay' ? 404 : 200, path);
    const kept = await seen.text();
    assert.equal(accountLinks(kept), 'Đăng nhập', path);
    assert.ok(!kept.includes(citizenToken) && !kept.includes('Lê Thị Hoa'), `${path}: nobody's header in the copy kept for everyone`);
    if (seen.headers.get('etag'))
      assert.match(seen.headers.get('vary') ?? '', /cookie/, `${path}: a browser must not reuse the signed-out copy after sign-in`);

    const asCitizen = await citizen.page(path);
    assert.equal(accountLinks(asCitizen.html), 'Hồ sơ của tôi Lê Thị Hoa Đăng xuất', path);
    assert.match(asCitizen.html, /<a href="\/cong-dan">Lê Thị Hoa<\/a>/);
    const res = await citizen.get(path);
    assert.equal(res.headers.get('etag'), null, `${path}: a personal page is not a shared copy`);
    assert.match(res.headers.get('cache-control') ?? '', /private|no-store/, path);

    const asOfficer = await officer.page(path);
    assert.match(accountLinks(asOfficer.html), /^Tiếp nhận .*Đỗ Văn Bình Đăng xuất$/, path);
    assert.ok(!asOfficer.html.includes(citizenToken), path);
    assert.doesNotMatch(asOfficer.html, /href="\/dang-nhap"/, path);
  }
  // The sign-out form in a kept page carries the person's own token: it works.
  await citizen.page('/');
  const out = await citizen.post('/dang-xuat', {});
  assert.equal(out.status, 303);
  assert.equal(accountLinks((await citizen.page('/')).html), 'Đăng nhập');
});

test('a signed-in citizen who opens a staff page is told it is for officers, not shown the staff sign-in', async () => {
  const citizen = await citizenClient(url, deps, { fullName: 'Lê Thị Hoa', idNumber: '001190000123' });
  for (const path of ['/tiep-nhan', '/hop-thu', '/quan-tri/co-quan']) {
    const res = await citizen.get(path);
    assert.equal(res.status, 403, path);
    const html = await res.text();
    assert.match(html, /Trang này dành cho cán bộ\. Bạn đang đăng nhập bằng tài khoản công dân/, path);
    assert.equal(accountLinks(html), 'Hồ sơ của tôi Lê Thị Hoa Đăng xuất', path);
  }
  // A visitor is still sent to the staff sign-in, with the page to come back to.
  const visitor = await new Client(url).get('/tiep-nhan');
  assert.equal(visitor.status, 303);
  assert.equal(visitor.headers.get('location'), '/dang-nhap?tiep=%2Ftiep-nhan');
});

test('people taking turns on the same kept page each get their own header every time, never the one sent before', async () => {
  const hoa = await citizenClient(url, deps, { fullName: 'Lê Thị Hoa', idNumber: '001190000123' });
  const nam = await citizenClient(url, deps, { fullName: 'Phạm Văn Nam', idNumber: '001190000456' });
  const tokenOf = async (client: Client) => (await client.page('/cong-dan')).html.match(/name="_csrf" value="([^"]+)"/)![1]!;
  const tokens = new Map([
    [hoa, await tokenOf(hoa)],
    [nam, await tokenOf(nam)],
  ]);
  for (const path of ['/', '/thu-tuc/1.001193', '/', '/thu-tuc/1.001193']) {
    for (const [person, other] of [
      [hoa, nam],
      [nam, hoa],
    ] as const) {
      const { html } = await person.page(path);
      const name = person === hoa ? 'Lê Thị Hoa' : 'Phạm Văn Nam';
      assert.equal(accountLinks(html), `Hồ sơ của tôi ${name} Đăng xuất`, path);
      assert.ok(html.includes(`value="${tokens.get(person)}"`), `${path}: ${name}'s own sign-out token`);
      assert.ok(!html.includes(tokens.get(other)!), `${path}: nobody else's token`);
    }
  }
  // Signed out and in again: a new session, a new token in the same page.
  await hoa.post('/dang-xuat', {});
  const again = await citizenClient(url, deps, { fullName: 'Lê Thị Hoa', idNumber: '001190000123' });
  const token = await tokenOf(again);
  assert.notEqual(token, tokens.get(hoa));
  assert.ok((await again.page('/')).html.includes(`value="${token}"`));
});
