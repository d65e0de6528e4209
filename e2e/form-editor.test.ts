import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../test/helpers/app.ts';
import { citizenClient, staffClient, type Client } from '../test/helpers/client.ts';
import { openBrowser } from './browser.ts';

const { url, deps } = await startTestApp({ demo: true });
const browser = await openBrowser();
const admin = await staffClient(url, deps, 'quantri.tinh');

/** A browser carrying the session of a test client (the sign-ins have their own journeys). */
async function browserOf(client: Client, javaScript: boolean) {
  const context = await browser.newContext({ javaScriptEnabled: javaScript, locale: 'vi-VN' });
  await context.addCookies([{ name: 'mc_session', value: client.cookies.get('mc_session')!, url }]);
  return context.newPage();
}

test('with JavaScript, the preview follows the typing: a new label, then the problem of broken JSON', async () => {
  const page = await browserOf(admin, true);
  await page.goto(`${url}/quan-tri/bieu-mau/1.001193`);
  let navigations = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations++;
  });
  const definition = page.getByLabel('Định nghĩa biểu mẫu (JSON)');
  const preview = page.getByRole('region', { name: 'Xem trước' });
  const child = preview.getByRole('group', { name: 'Trẻ thứ 1' });
  assert.equal(await child.getByLabel('Dân tộc', { exact: true }).count(), 1);

  const original = await definition.inputValue();
  await definition.fill(original.replace('"Dân tộc"', '"Dân tộc của trẻ"'));
  await child.getByLabel('Dân tộc của trẻ', { exact: true }).waitFor({ timeout: 5000 });
  assert.equal(await child.getByLabel('Dân tộc', { exact: true }).count(), 0, 'the old label is gone');

  await definition.fill(original.slice(0, original.lastIndexOf('}')));
  await preview.getByText('Sửa các lỗi sau để xem trước:').waitFor({ timeout: 5000 });
  assert.match((await preview.textContent()) ?? '', /Nội dung không phải JSON hợp lệ/);
  assert.equal(await preview.getByRole('group', { name: 'Trẻ thứ 1' }).count(), 0, 'no preview of a broken definition');

  assert.equal(navigations, 0, 'nothing was pressed, nothing was posted as a page');
  assert.match((await page.locator('.caption').first().textContent()) ?? '', /phiên bản 1/);
});

test('without JavaScript, "Xem trước" shows the change and "Lưu phiên bản mới" publishes it to citizens', async () => {
  const page = await browserOf(admin, false);
  await page.goto(`${url}/quan-tri/bieu-mau/1.001193`);
  const definition = page.getByLabel('Định nghĩa biểu mẫu (JSON)');
  await definition.fill((await definition.inputValue()).replace('"Dân tộc"', '"Dân tộc của trẻ"'));
  await page.getByRole('button', { name: 'Xem trước', exact: true }).click();
  const child = page.getByRole('region', { name: 'Xem trước' }).getByRole('group', { name: 'Trẻ thứ 1' });
  assert.equal(await child.getByLabel('Dân tộc của trẻ', { exact: true }).count(), 1);
  assert.match(await definition.inputValue(), /"Dân tộc của trẻ"/, 'the text typed is kept');
  assert.match((await page.locator('.caption').first().textContent()) ?? '', /phiên bản 1/, 'a preview saves nothing');

  await page.getByRole('button', { name: 'Lưu phiên bản mới' }).click();
  await page.waitForURL(/\?da_luu=2$/);
  assert.match((await page.getByRole('status').textContent()) ?? '', /Đã lưu phiên bản 2/);
  assert.match((await page.locator('.caption').first().textContent()) ?? '', /phiên bản 2/);

  const citizen = await browserOf(await citizenClient(url, deps, { fullName: 'Lò Thị Mai', idNumber: '099196000123' }), false);
  await citizen.goto(`${url}/cong-dan/nop/1.001193`);
  const item = citizen.getByRole('group', { name: 'Trẻ thứ 1' });
  assert.equal(await item.getByLabel('Dân tộc của trẻ', { exact: true }).count(), 1);
  assert.equal(await item.getByLabel('Dân tộc', { exact: true }).count(), 0);
});

test('when the session ends in another tab, the live preview says so instead of showing a page inside the editor', async () => {
  const leaving = await staffClient(url, deps, 'quantri.tinh');
  const page = await browserOf(leaving, true);
  await page.goto(`${url}/quan-tri/bieu-mau/1.001193`);
  await leaving.page('/quan-tri/bieu-mau');
  assert.equal((await leaving.post('/dang-xuat', {})).status, 303);

  const definition = page.getByLabel('Định nghĩa biểu mẫu (JSON)');
  await definition.fill((await definition.inputValue()).replace('"Nơi sinh"', '"Nơi sinh của trẻ"'));
  const preview = page.getByRole('region', { name: 'Xem trước' });
  await preview.getByText('Không cập nhật được phần xem trước').waitFor({ timeout: 5000 });
  assert.equal(await page.locator('header').count(), 1, 'one page frame');
  assert.deepEqual(await page.locator('h1').allTextContents(), ['Thủ tục đăng ký khai sinh']);
  assert.equal(await preview.getByRole('group', { name: 'Trẻ thứ 1' }).count(), 0, 'no stale preview left to trust');
});
