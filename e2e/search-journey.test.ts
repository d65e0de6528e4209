import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../test/helpers/app.ts';
import { newPage, openBrowser } from './browser.ts';

const { url } = await startTestApp({ demo: true });
const browser = await openBrowser();

test('a citizen on a phone, without JavaScript, finds birth registration and reads what it takes', async () => {
  const page = await newPage(browser, { width: 375 });
  await page.goto(url);
  assert.equal(await page.locator('h1').textContent(), 'Tra cứu thủ tục hành chính');

  await page.getByRole('searchbox', { name: 'Tên hoặc mã thủ tục' }).fill('dang ky khai sinh');
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();
  await page.waitForURL(/\/thu-tuc\?q=dang\+ky\+khai\+sinh/);
  const first = page.locator('ul.results li h2 a').first();
  assert.equal(await first.textContent(), 'Thủ tục đăng ký khai sinh');

  await first.click();
  await page.waitForURL(/\/thu-tuc\/1\.001193$/);
  assert.equal(await page.locator('h1').textContent(), 'Thủ tục đăng ký khai sinh');
  const channels = page.getByRole('table').first();
  assert.match((await channels.textContent()) ?? '', /Trực tuyến.*1 ngày.*Miễn phí/s);
  assert.ok(await page.getByText('KQ.G15.000031').isVisible());
  // Nothing on the page asks for a script.
  assert.equal(await page.locator('script').count(), 0);
});

test('a misspelt search is corrected, and filters narrow the list', async () => {
  const page = await newPage(browser);
  await page.goto(`${url}/thu-tuc?q=khai+sihn`);
  assert.match((await page.getByRole('status').textContent()) ?? '', /tìm theo “khai sinh”/);

  await page.goto(`${url}/thu-tuc`);
  await page.getByLabel('Lĩnh vực').selectOption('Hộ tịch');
  await page.getByLabel('Cấp thực hiện').selectOption({ label: 'Cấp xã' });
  await page.getByRole('button', { name: 'Lọc' }).click();
  await page.waitForURL(/linh_vuc=/);
  const results = await page.locator('ul.results li .muted').allTextContents();
  assert.ok(results.length > 0);
  assert.ok(results.every((r) => r.includes('Hộ tịch') && r.includes('Cấp xã')));
  await page.getByRole('link', { name: 'Trang sau ›' }).click();
  assert.equal(await page.locator('[aria-current="page"]').textContent(), '2');
});

test('the agency directory leads to the procedures an agency performs', async () => {
  const page = await newPage(browser);
  await page.goto(`${url}/co-quan`);
  await page.getByRole('link', { name: 'Ủy ban nhân dân phường Đông Thành' }).click();
  assert.equal(await page.locator('h1').textContent(), 'Ủy ban nhân dân phường Đông Thành');
  await page.getByRole('link', { name: 'Thủ tục đăng ký khai sinh', exact: true }).click();
  assert.equal(await page.locator('h1').textContent(), 'Thủ tục đăng ký khai sinh');
});
