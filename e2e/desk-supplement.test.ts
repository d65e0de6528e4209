import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../test/helpers/app.ts';
import { openBrowser } from './browser.ts';
import { lookUp, record, signedIn, slipColumn, slipPdf, startReception } from './desk.ts';

const { url, deps } = await startTestApp({ demo: true });
const browser = await openBrowser();

const applicant = { fullName: 'Hà Thị Mận', idNumber: '099190000457', address: 'Số 21, phường Đông Thành' };
const reasons = [
  'Giấy chứng sinh: thiếu dấu của cơ sở y tế',
  'Bản sao giấy chứng nhận kết hôn của cha mẹ: chưa được chứng thực',
  'Tờ khai đăng ký khai sinh: chưa ghi quê quán của người mẹ',
];

test('the desk asks for a supplement (Mẫu 02) once, listing every item; the citizen sees what is awaited, without personal data', async () => {
  const page = await signedIn(browser, url, deps, 'motcua.dongthanh');
  await startReception(page, url, applicant);
  await page.getByRole('radio', { name: 'Yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)' }).check();
  // One item per line; a blank line the officer leaves is not an item.
  await page.getByLabel('Nội dung cần bổ sung hoặc lý do từ chối').fill(`${reasons[0]}\n\n${reasons[1]}\n${reasons[2]}\n`);
  const code = await record(page);

  await page.getByRole('heading', { level: 1, name: 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ' }).waitFor();
  assert.deepEqual(await slipColumn(page, 'Nội dung cần bổ sung, hoàn thiện và lý do'), reasons);
  // A supplement request is not a reception: the slip says nothing of a reception or an appointment,
  // and it is signed by the officer who guides, in the same words as the PDF.
  const slip = ((await page.getByRole('article').textContent()) ?? '').replace(/\s+/g, ' ');
  assert.doesNotMatch(slip, /đã nhận|Thành phần hồ sơ|Thời gian nhận hồ sơ|Thời gian trả kết quả/);
  assert.match(slip, /NGƯỜI HƯỚNG DẪN/);
  assert.doesNotMatch(slip, /NGƯỜI TIẾP NHẬN HỒ SƠ/);

  const pdf = await slipPdf(page, url, code);
  assert.equal(pdf.bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.ok(pdf.text.includes('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ'), pdf.text);
  for (const reason of reasons) assert.ok(pdf.text.includes(reason), `the PDF lacks "${reason}"`);
  for (const words of [
    'Bộ phận Một cửa',
    'tiếp nhận hồ sơ của:',
    'Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:',
    'NGƯỜI HƯỚNG DẪN',
  ])
    assert.ok(slip.includes(words) && pdf.text.includes(words), `the page and the PDF both say "${words}"`);
  assert.ok(!pdf.text.includes('NGƯỜI TIẾP NHẬN HỒ SƠ'), pdf.text);

  const lookup = await lookUp(browser, url, code);
  assert.match(lookup.main, /Yêu cầu bổ sung giấy tờ/);
  assert.match(lookup.main, /Cần bổ sung, hoàn thiện/);
  assert.doesNotMatch(lookup.main, /Ngày tiếp nhận|Hẹn trả kết quả/, 'not received: no reception date, no appointment');
  for (const reason of reasons) assert.ok(lookup.main.includes(reason), `the lookup lacks "${reason}"`);
  for (const personal of Object.values(applicant)) assert.ok(!lookup.html.includes(personal), `the lookup shows "${personal}"`);
});
