import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startAppWithProvider } from '../src/modules/citizens/sign-in-fixture.ts';
import { newPage, openBrowser } from './browser.ts';

const { app, provider } = await startAppWithProvider();
const browser = await openBrowser();

test('a citizen, without JavaScript, signs in with VNeID, sees their page and signs out', async () => {
  const page = await newPage(browser);
  await page.goto(app.url);
  await page.getByRole('link', { name: 'Đăng nhập', exact: true }).click();
  await page.waitForURL(/\/dang-nhap$/);
  await page.getByRole('link', { name: 'Đăng nhập bằng VNeID' }).click();

  // The identity provider's own page, on its own port.
  await page.waitForURL((u) => u.href.startsWith(`${provider.issuer}/interaction/`));
  assert.equal(await page.locator('h1').textContent(), 'Tài khoản định danh điện tử (mô phỏng VNeID)');
  await page.getByRole('button', { name: 'Đăng nhập với tên Trần Văn Đức' }).click();

  await page.waitForURL(`${app.url}/cong-dan`);
  assert.equal(await page.locator('h1').textContent(), 'Trang của tôi');
  const main = (await page.locator('main').textContent()) ?? '';
  assert.match(main, /Trần Văn Đức/);
  assert.match(main, /•••••••••202/);
  assert.doesNotMatch(main, /099085000202/);
  assert.equal(await page.locator('script').count(), 0);

  await page.locator('main').getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL(`${app.url}/`);
  assert.ok(await page.getByRole('link', { name: 'Đăng nhập', exact: true }).isVisible());
  // Signed out for real: with this browser's cookies, the citizen's page now asks for sign-in again.
  const mine = await page.context().request.get(`${app.url}/cong-dan`, { maxRedirects: 0 });
  assert.equal(mine.status(), 303);
  assert.equal(mine.headers()['location'], '/cong-dan/dang-nhap?tiep=%2Fcong-dan');
});
