import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../test/helpers/app.ts';
import { openBrowser } from './browser.ts';
import { lookUp, record, signedIn, slipColumn, startReception } from './desk.ts';

const { url, deps } = await startTestApp({ demo: true });
const browser = await openBrowser();

const reasons = ['Thủ tục thuộc thẩm quyền của Ủy ban nhân dân xã nơi cư trú của người mẹ', 'Trẻ đã được đăng ký khai sinh trước đây'];

test('the desk refuses a dossier (Mẫu 03) with its reasons; the lookup shows the refusal and why', async () => {
  const page = await signedIn(browser, url, deps, 'motcua.dongthanh');
  await startReception(page, url, { fullName: 'Phan Văn Lộc', idNumber: '099190000654', address: 'Số 4, phường Đông Thành' });
  await page.getByRole('radio', { name: 'Từ chối tiếp nhận (Mẫu 03)' }).check();
  await page.getByLabel('Nội dung cần bổ sung hoặc lý do từ chối').fill(reasons.join('\n'));
  const code = await record(page);

  await page.getByRole('heading', { level: 1, name: 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ' }).waitFor();
  assert.deepEqual(await slipColumn(page, 'Lý do từ chối'), reasons);
  // A refused dossier is not received: it gets no reception time, no appointment, and the slip does not say it was received.
  assert.doesNotMatch((await page.getByRole('article').textContent()) ?? '', /đã nhận|Thời gian nhận hồ sơ|Thời gian trả kết quả/);

  const lookup = await lookUp(browser, url, code);
  assert.match(lookup.main, /Không được tiếp nhận/);
  assert.doesNotMatch(lookup.main, /Ngày tiếp nhận|Hẹn trả kết quả/);
  assert.match(lookup.main, /Lý do không tiếp nhận/);
  for (const reason of reasons) assert.ok(lookup.main.includes(reason), `the lookup lacks "${reason}"`);
});

test('a refusal without reasons is sent back in Vietnamese with everything typed kept, and nothing is recorded until fixed', async () => {
  const page = await signedIn(browser, url, deps, 'motcua.dongthanh');
  const applicant = { fullName: 'Đinh Thị Quỳnh', idNumber: '099190000789', address: 'Số 9, phường Đông Thành' };
  await startReception(page, url, applicant);
  await page.getByRole('radio', { name: 'Từ chối tiếp nhận (Mẫu 03)' }).check();
  await page.getByRole('button', { name: 'Ghi nhận hồ sơ' }).click();

  const summary = page.getByRole('alert');
  assert.match((await summary.textContent()) ?? '', /Có lỗi cần sửa.*Ghi rõ lý do từ chối tiếp nhận\./s);
  // The page opens on the summary: a keyboard or screen-reader user starts from the list of problems.
  assert.equal(await page.evaluate(() => document.activeElement?.className), 'error-summary');
  // The reasons box is described by its hint and its error (what a screen reader reads with it).
  const box = page.getByRole('textbox', { name: 'Nội dung cần bổ sung hoặc lý do từ chối' });
  const described = await Promise.all(
    ((await box.getAttribute('aria-describedby')) ?? '')
      .split(' ')
      .map(async (id) => (await page.locator(`[id="${id}"]`).textContent()) ?? ''),
  );
  assert.match(described.join(' '), /Mỗi dòng một nội dung.*Lỗi: Ghi rõ lý do từ chối tiếp nhận\./s);
  // The summary's link leads to the box.
  await summary.getByRole('link', { name: 'Ghi rõ lý do từ chối tiếp nhận.' }).click();
  assert.equal(new URL(page.url()).hash, '#reasons');
  const person = page.getByRole('group', { name: 'Người nộp hồ sơ' });
  assert.equal(await person.getByLabel('Họ và tên').inputValue(), applicant.fullName);
  assert.equal(await person.getByLabel('Số định danh cá nhân').inputValue(), applicant.idNumber);
  assert.equal(await person.getByLabel('Địa chỉ', { exact: true }).inputValue(), applicant.address);
  assert.equal(await page.getByRole('radio', { name: 'Từ chối tiếp nhận (Mẫu 03)' }).isChecked(), true);

  const desk = await page.context().newPage();
  await desk.goto(`${url}/tiep-nhan`);
  assert.equal(await desk.getByRole('row', { name: new RegExp(applicant.fullName) }).count(), 0);

  await page.getByLabel('Nội dung cần bổ sung hoặc lý do từ chối').fill(reasons[1]!);
  await record(page);
  assert.match(
    (await page.getByRole('article').textContent()) ?? '',
    new RegExp(`PHIẾU TỪ CHỐI.*${applicant.fullName}.*${reasons[1]}`, 's'),
  );
});
