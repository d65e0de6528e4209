import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../test/helpers/app.ts';
import { openBrowser } from './browser.ts';
import { record, signedIn, slipPdf, startReception } from './desk.ts';

const { url, deps } = await startTestApp({ demo: true });
const browser = await openBrowser();

test('a dossier arriving by post is received with its tracking number, its result goes back by post, and the desk lists it', async () => {
  const page = await signedIn(browser, url, deps, 'motcua.dongthanh');
  const applicant = { fullName: 'Tạ Văn Khải', idNumber: '099190000912', address: 'Thôn Bản Lầu, xã Sơn Thủy' };
  await startReception(page, url, applicant);
  await page.getByRole('group', { name: 'Hình thức nộp' }).getByRole('radio', { name: 'Qua dịch vụ bưu chính' }).check();
  await page.getByLabel('Mã bưu gửi (nếu nhận qua bưu chính)').fill('EB123456789VN');
  await page.getByRole('group', { name: 'Giấy tờ đã nhận' }).getByRole('checkbox').first().check();
  await page
    .getByRole('group', { name: 'Nhận kết quả' })
    .getByRole('radio', { name: /Qua dịch vụ bưu chính/ })
    .check();
  const code = await record(page);

  await page.getByRole('heading', { level: 1, name: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ' }).waitFor();
  // The receipt, on screen and in the PDF alike, says how the dossier came and which postal item it was.
  const slip = ((await page.getByRole('article').textContent()) ?? '').replace(/\s+/g, ' ');
  const pdf = await slipPdf(page, url, code);
  for (const line of [
    'Hình thức nộp hồ sơ: Qua dịch vụ bưu chính – Số hiệu bưu gửi: EB123456789VN',
    `Đăng ký nhận kết quả tại: Qua dịch vụ bưu chính công ích (${applicant.address})`,
  ]) {
    assert.ok(slip.includes(line), `the slip page lacks "${line}": ${slip}`);
    assert.ok(pdf.text.includes(line), `the PDF lacks "${line}": ${pdf.text}`);
  }

  // The dossier page shows them too, for the officer who traces the item.
  await page.goto(`${url}/ho-so/${code}`);
  const terms = await page.getByRole('term').allTextContents();
  const definitions = await page.getByRole('definition').allTextContents();
  const facts = Object.fromEntries(terms.map((term, i) => [term, definitions[i]]));
  assert.equal(facts['Hình thức nộp'], 'Qua dịch vụ bưu chính');
  assert.equal(facts['Số hiệu bưu gửi'], 'EB123456789VN');

  await page.goto(`${url}/tiep-nhan`);
  const row = page.getByRole('row', { name: new RegExp(code.replace(/\./g, '\\.')) });
  assert.match(
    (await row.textContent()) ?? '',
    new RegExp(`${applicant.fullName}.*Thủ tục đăng ký khai sinh.*Qua dịch vụ bưu chính.*Đã tiếp nhận`),
  );
});
