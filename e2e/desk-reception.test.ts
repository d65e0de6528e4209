import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../test/helpers/app.ts';
import { staffClient } from '../test/helpers/client.ts';
import { openBrowser } from './browser.ts';

const { url, deps } = await startTestApp({ demo: true });
const browser = await openBrowser();

/** A browser signed in as `username` (sign-in itself has its own journey). */
async function signedIn(username: string) {
  const client = await staffClient(url, deps, username);
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'vi-VN' });
  await context.addCookies([{ name: 'mc_session', value: client.cookies.get('mc_session')!, url }]);
  return context.newPage();
}

test('a desk officer receives a birth registration at the counter and prints the receipt; the citizen looks it up', async () => {
  const page = await signedIn('motcua.dongthanh');
  await page.goto(`${url}/tiep-nhan`);
  await page.getByRole('searchbox', { name: 'Tìm thủ tục để tiếp nhận' }).fill('khai sinh');
  await page.getByRole('button', { name: 'Tìm thủ tục' }).click();
  await page.getByRole('link', { name: 'Thủ tục đăng ký khai sinh', exact: true }).click();

  await page.getByLabel('Họ và tên').first().fill('Lê Thị Thu');
  await page.getByLabel('Số định danh cá nhân').first().fill('099190000321');
  await page.getByLabel('Địa chỉ').first().fill('Số 7, phường Đông Thành');
  const boxes = page.locator('input[name="received"]');
  for (let i = 0; i < Math.min(2, await boxes.count()); i++) await boxes.nth(i).check();
  await page.getByRole('button', { name: 'Ghi nhận hồ sơ' }).click();

  await page.waitForURL(/\/ho-so\/.+\/phieu$/);
  const code = /\/ho-so\/(.+)\/phieu$/.exec(page.url())![1]!;
  assert.match(code, /^000\.00\.31\.H99-\d{6}-\d{4}$/);
  assert.match((await page.locator('h1').textContent()) ?? '', /GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ/);
  // The printed page keeps the slip and drops the site's frame.
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 1000);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.header').isVisible(), false);

  // On a phone, the desk's list of recent dossiers shows each one as a block: the due date is not off-screen.
  await page.setViewportSize({ width: 375, height: 740 });
  await page.emulateMedia({ media: 'screen' });
  await page.goto(`${url}/tiep-nhan`);
  const due = page.locator('td[data-label="Hẹn trả"]').first();
  assert.match((await due.textContent()) ?? '', /^\d{2}\/\d{2}\/\d{4}$/);
  const box = (await due.boundingBox())!;
  assert.ok(box.x >= 0 && box.x + box.width <= 375, `the due date is at ${box.x}–${box.x + box.width} px on a 375 px screen`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `the desk page is ${width} px wide on a 375 px screen`);

  const citizen = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await citizen.goto(`${url}/tra-cuu`);
  await citizen.getByRole('searchbox', { name: 'Mã hồ sơ' }).fill(code);
  await citizen.getByRole('button', { name: 'Tra cứu' }).click();
  assert.match((await citizen.locator('main').textContent()) ?? '', /Đã tiếp nhận.*Thủ tục đăng ký khai sinh/s);
});
