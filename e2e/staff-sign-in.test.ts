import assert from 'node:assert/strict';
import { test } from 'node:test';
import { currentCode } from '../src/modules/accounts/totp.ts';
import { demoPassword } from '../src/modules/demo/demo-province.ts';
import { startTestApp } from '../test/helpers/app.ts';
import { newPage, openBrowser } from './browser.ts';

const { url } = await startTestApp({ demo: true });
const browser = await openBrowser();

test('a province administrator signs in for the first time: password, authenticator, new password; then again with a code', async () => {
  const page = await newPage(browser);
  await page.goto(`${url}/quan-tri/co-quan`);
  assert.match(page.url(), /\/dang-nhap\?tiep=%2Fquan-tri%2Fco-quan$/);
  await page.getByLabel('Tên đăng nhập').fill('quantri.tinh');
  await page.getByLabel('Mật khẩu').fill(demoPassword);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();

  // The role demands a second factor: enrol an authenticator by its secret.
  await page.waitForURL(/\/dang-nhap\/thiet-lap$/);
  assert.ok(await page.getByAltText('Mã QR để thêm Một Cửa vào ứng dụng xác thực').isVisible());
  const secret = ((await page.locator('code.secret').textContent()) ?? '').replace(/\s/g, '');
  await page.getByLabel('Mã xác thực').fill('000000');
  await page.getByRole('button', { name: 'Xác nhận và bật xác thực hai lớp' }).click();
  assert.match((await page.locator('.error-summary').textContent()) ?? '', /Mã xác thực không đúng/);
  assert.equal(((await page.locator('code.secret').textContent()) ?? '').replace(/\s/g, ''), secret, 'the same secret after a wrong code');
  await page.getByLabel('Mã xác thực').fill(currentCode(secret, 'quantri.tinh'));
  await page.getByRole('button', { name: 'Xác nhận và bật xác thực hai lớp' }).click();

  // The temporary password must go before anything else.
  await page.waitForURL(/\/tai-khoan\/doi-mat-khau\?tiep=%2Fquan-tri$/);
  await page.getByLabel('Mật khẩu hiện tại').fill(demoPassword);
  await page.getByLabel(/^Mật khẩu mới/).fill('QuanTri2027An');
  await page.getByLabel('Nhập lại mật khẩu mới').fill('QuanTri2027An');
  await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
  // Then straight on to the page the sign-in was for (the administration, which opens on its agencies).
  await page.waitForURL(/\/quan-tri\/co-quan$/);

  await page.getByRole('banner').getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL(`${url}/`);

  // Next time: password, then a fresh code from the authenticator.
  await page.goto(`${url}/dang-nhap?tiep=/quan-tri/co-quan`);
  await page.getByLabel('Tên đăng nhập').fill('quantri.tinh');
  await page.getByLabel('Mật khẩu').fill('QuanTri2027An');
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.waitForURL(/\/dang-nhap\/xac-thuc/);
  await page.getByLabel('Mã xác thực').fill(currentCode(secret, 'quantri.tinh', Date.now() + 30_000));
  await page.getByRole('button', { name: 'Xác nhận' }).click();
  await page.waitForURL(/\/quan-tri\/co-quan$/);
  assert.equal(await page.locator('h1').textContent(), 'Cơ quan, đơn vị');
});
