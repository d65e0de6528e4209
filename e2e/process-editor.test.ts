import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../test/helpers/app.ts';
import { staffClient, type Client } from '../test/helpers/client.ts';
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

test('without JavaScript: "Xem trước" draws the change with its sums, an unreachable end is refused, "Lưu phiên bản mới" makes version 2', async () => {
  const page = await browserOf(admin, false);
  await page.goto(`${url}/quan-tri/quy-trinh`);
  await page.getByRole('link', { name: 'Cấp thẻ tư vấn viên pháp luật' }).click();
  const definition = page.getByLabel('Định nghĩa quy trình (JSON)');
  const preview = page.getByRole('region', { name: 'Xem trước' });
  const diagram = preview.getByRole('img', { name: /^Sơ đồ quy trình: Quy trình nội bộ cấp thẻ tư vấn viên pháp luật/ });
  assert.equal(await diagram.count(), 1);
  const original = await definition.inputValue();

  // One more hour of appraisal, one less of reception: previewed, the sums still match.
  const edited = original
    .replace('"name": "Thẩm định hồ sơ, dự thảo thẻ"', '"name": "Thẩm định hồ sơ và dự thảo thẻ"')
    .replace('"amount": 3,', '"amount": 25,')
    .replace('"unit": "working_days"', '"unit": "working_hours"')
    .replace('"amount": 4,', '"amount": 3,');
  assert.notEqual(edited, original);
  await definition.fill(edited);
  await page.getByRole('button', { name: 'Xem trước', exact: true }).click();
  assert.match(
    (await diagram.locator('desc').textContent()) ?? '',
    /Bước 2, Thẩm định hồ sơ và dự thảo thẻ: Thẩm định, Chuyên viên, Phòng Hành chính tư pháp, 3 ngày làm việc và 1 giờ làm việc/,
  );
  const sums = (await preview.locator('dl').textContent())?.replace(/\s+/g, ' ') ?? '';
  assert.match(sums, /Tổng thời gian các bước\s?5 ngày làm việc/);
  assert.match(sums, /Thời hạn giải quyết theo quy định\s?5 ngày làm việc \(hồ sơ nộp trực tiếp\)/);
  assert.match(sums, /Khớp với thời hạn/);
  const row = preview.getByRole('table').getByRole('row').nth(2);
  assert.match((await row.textContent()) ?? '', /Thẩm định hồ sơ và dự thảo thẻ.*3 ngày làm việc và 1 giờ làm việc/);
  assert.equal(await definition.inputValue(), edited, 'the text typed is kept');
  assert.match((await page.locator('.caption').first().textContent()) ?? '', /phiên bản 1/, 'a preview saves nothing');

  // The issuing step sends the dossier back to appraisal instead of to the end: refused, with the reason.
  const endless = edited.replace('"to": "end"', '"to": "appraise"');
  assert.notEqual(endless, edited);
  await definition.fill(endless);
  await page.getByRole('button', { name: 'Lưu phiên bản mới' }).click();
  const errors = page.getByRole('alert');
  assert.match(
    (await errors.textContent()) ?? '',
    /Quy trình không bao giờ kết thúc: từ bước đầu tiên «Tiếp nhận hồ sơ, chuyển Sở Tư pháp» không có đường nào tới kết thúc \(end\)\./,
  );
  assert.equal(await definition.inputValue(), endless, 'what was typed is still there to correct');
  assert.match((await page.locator('.caption').first().textContent()) ?? '', /phiên bản 1/);

  await definition.fill(edited);
  await page.getByRole('button', { name: 'Lưu phiên bản mới' }).click();
  await page.waitForURL(/\?da_luu=2$/);
  assert.match((await page.getByRole('status').textContent()) ?? '', /Đã lưu phiên bản 2/);
  assert.match((await page.locator('.caption').first().textContent()) ?? '', /phiên bản 2/);
  assert.equal(await definition.inputValue(), edited, 'the text comes back as it was typed');
  assert.match((await page.locator('main').textContent()) ?? '', /Phiên bản 2: .*Nguyễn Văn Quản/);
});

test('with JavaScript, the diagram follows the typing, and a broken text shows its problem in place of the diagram', async () => {
  const page = await browserOf(admin, true);
  await page.goto(`${url}/quan-tri/quy-trinh/1.000426`);
  let navigations = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations++;
  });
  const definition = page.getByLabel('Định nghĩa quy trình (JSON)');
  const preview = page.getByRole('region', { name: 'Xem trước' });
  const original = await definition.inputValue();
  await definition.fill(original.replace('"name": "Giám đốc Sở ký thẻ"', '"name": "Phó Giám đốc Sở ký thẻ"'));
  await preview.getByRole('cell', { name: /^Phó Giám đốc Sở ký thẻ/ }).waitFor({ timeout: 5000 });
  assert.match((await preview.getByRole('img').locator('desc').textContent()) ?? '', /Bước 3, Phó Giám đốc Sở ký thẻ/);

  await definition.fill(original.slice(0, -3));
  await preview.getByText('Sửa các lỗi sau để xem trước:').waitFor({ timeout: 5000 });
  assert.match((await preview.textContent()) ?? '', /Nội dung không phải JSON hợp lệ/);
  assert.equal(await preview.getByRole('img').count(), 0, 'no diagram of a broken text');
  assert.equal(navigations, 0, 'nothing was posted as a page');
});
