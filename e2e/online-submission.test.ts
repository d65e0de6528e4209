import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { minimalPdf } from '../src/modules/files/files-fixture.ts';
import { startTestApp } from '../test/helpers/app.ts';
import { citizenClient, staffClient, type Client } from '../test/helpers/client.ts';
import { openBrowser } from './browser.ts';

const { url, deps, pool } = await startTestApp({ demo: true });
const browser = await openBrowser();

/** A browser carrying the session of a test client (the sign-ins have their own journeys). */
async function browserOf(client: Client) {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'vi-VN' });
  await context.addCookies([{ name: 'mc_session', value: client.cookies.get('mc_session')!, url }]);
  return context.newPage();
}

test('a citizen submits online; the desk asks once for a supplement; the citizen reads what to bring', async () => {
  const scan = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scan-')), 'giay-chung-sinh.pdf');
  fs.writeFileSync(scan, minimalPdf());
  const citizen = await browserOf(await citizenClient(url, deps, { fullName: 'Hà Thị Lụa', idNumber: '099195000789' }));
  await citizen.goto(`${url}/thu-tuc/1.001193`);
  await citizen.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).click();
  await citizen.getByLabel('Cơ quan giải quyết').selectOption({ label: 'Ủy ban nhân dân phường Đông Thành' });
  await citizen.getByLabel('Số điện thoại').fill('0977 000 111');
  await citizen.locator('input[name="file-0"]').setInputFiles(scan);
  // The declaration: the requester comes from the identity; the rest is typed.
  assert.equal(await citizen.getByLabel('Họ, chữ đệm, tên người yêu cầu').inputValue(), 'Hà Thị Lụa');
  await citizen.getByRole('group', { name: 'Quan hệ với người được khai sinh' }).getByLabel('Mẹ', { exact: true }).check();
  const child = citizen.getByRole('group', { name: 'Trẻ thứ 1' });
  await child.getByLabel('Họ, chữ đệm, tên').fill('Hà Minh An');
  await child.getByLabel('Nữ', { exact: true }).check();
  await child.getByLabel('Ngày, tháng, năm sinh').fill('15/10/2025');
  await child.getByLabel('Nơi sinh').fill('Trạm y tế phường Đông Thành');
  await child.getByLabel('Dân tộc').fill('Tày');
  await citizen.getByLabel('Họ, chữ đệm, tên người mẹ').fill('Hà Thị Lụa');
  await citizen.getByLabel('Số định danh cá nhân của người mẹ').fill('099195000789');
  await citizen.getByLabel('Năm sinh của người mẹ').fill('1995');
  await citizen.getByRole('group', { name: 'Khai thông tin người cha?' }).getByLabel('Có', { exact: true }).check();
  await citizen.getByLabel('Họ, chữ đệm, tên người cha').fill('Nông Văn Bảo');
  await citizen.getByLabel('Số định danh cá nhân của người cha').fill('099093000456');

  // A draft first; the citizen comes back to it from their dossiers, with everything typed still there.
  await citizen.getByRole('button', { name: 'Lưu nháp' }).click();
  assert.match((await citizen.getByRole('status').textContent()) ?? '', /Đã lưu nháp/);
  await citizen.getByRole('link', { name: 'Hồ sơ của tôi' }).click();
  await citizen.getByRole('link', { name: 'Thủ tục đăng ký khai sinh' }).click();
  assert.match((await citizen.getByRole('status').textContent()) ?? '', /Bạn đang tiếp tục bản nháp lưu lúc/);
  assert.equal(await citizen.getByLabel('Số điện thoại').inputValue(), '0977 000 111');
  assert.match((await citizen.getByRole('group', { name: 'Giấy tờ' }).textContent()) ?? '', /Đã tải lên: giay-chung-sinh\.pdf/);
  assert.ok(await citizen.getByLabel(/Đã tải lên: giay-chung-sinh\.pdf/).isChecked(), 'kept by a ticked box, which unticks to drop it');
  assert.ok(await citizen.getByRole('group', { name: 'Quan hệ với người được khai sinh' }).getByLabel('Mẹ', { exact: true }).isChecked());
  assert.equal(await child.getByLabel('Họ, chữ đệm, tên').inputValue(), 'Hà Minh An');
  assert.ok(await child.getByLabel('Nữ', { exact: true }).isChecked());
  assert.equal(await child.getByLabel('Ngày, tháng, năm sinh').inputValue(), '15/10/2025');
  assert.equal(await child.getByLabel('Dân tộc').inputValue(), 'Tày');
  assert.equal(await citizen.getByLabel('Năm sinh của người mẹ').inputValue(), '1995');
  assert.equal(await citizen.getByLabel('Họ, chữ đệm, tên người cha').inputValue(), 'Nông Văn Bảo');

  // Twins? A second child is added, then taken away again, without losing the first.
  await citizen.getByRole('button', { name: 'Thêm trẻ' }).click();
  await citizen.getByRole('group', { name: 'Trẻ thứ 2' }).getByLabel('Họ, chữ đệm, tên').fill('nhầm');
  await citizen.getByRole('button', { name: 'Bỏ trẻ thứ 2' }).click();
  assert.equal(await citizen.getByRole('group', { name: 'Trẻ thứ 2' }).count(), 0);
  assert.equal(await child.getByLabel('Họ, chữ đệm, tên').inputValue(), 'Hà Minh An');

  await citizen.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click();
  await citizen.waitForURL(/\/cong-dan\/ho-so\?da_nop=/);
  const code = ((await citizen.locator('.notice strong').textContent()) ?? '').trim();
  assert.match(code, /^000\.00\.31\.H99-\d{6}-\d{4}$/);
  assert.doesNotMatch((await citizen.locator('main').textContent()) ?? '', /Hồ sơ đang soạn/, 'the draft went with the submission');
  // The declaration went with the dossier as typed: one child, the date as a calendar date, the father declared.
  const { answers } = (await pool.query('SELECT answers FROM dossiers WHERE code = $1', [code])).rows[0];
  assert.deepEqual(answers.children, [
    { name: 'Hà Minh An', sex: 'female', birthDate: '2025-10-15', birthPlace: 'Trạm y tế phường Đông Thành', ethnicity: 'Tày' },
  ]);
  assert.equal(answers.fatherName, 'Nông Văn Bảo');

  const desk = await browserOf(await staffClient(url, deps, 'motcua.dongthanh'));
  await desk.goto(`${url}/tiep-nhan`);
  await desk.getByRole('link', { name: code }).first().click();
  await desk.getByLabel('Yêu cầu bổ sung, hoàn thiện (một lần, đầy đủ)').check();
  await desk.getByLabel(/Nội dung cần bổ sung/).fill('Giấy chứng sinh cần bản có chữ ký của cơ sở y tế');
  await desk.getByRole('button', { name: 'Ghi nhận' }).click();
  await desk.waitForURL(/\/phieu$/);
  assert.match((await desk.locator('h1').textContent()) ?? '', /PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ/);

  await citizen.goto(`${url}/cong-dan/ho-so`);
  await citizen.getByRole('link', { name: code }).click();
  const page = (await citizen.locator('main').textContent()) ?? '';
  assert.match(page, /Yêu cầu bổ sung giấy tờ/);
  assert.match(page, /Giấy chứng sinh cần bản có chữ ký của cơ sở y tế/);
});

test('a desk officer refuses a dossier at the counter with the reason printed on Mẫu 03', async () => {
  const desk = await browserOf(await staffClient(url, deps, 'motcua.dongthanh'));
  await desk.goto(`${url}/tiep-nhan/moi/1.001193`);
  await desk.getByLabel('Họ và tên').first().fill('Vương Văn Khải');
  await desk.getByLabel('Từ chối tiếp nhận (Mẫu 03)').check();
  await desk.getByLabel(/Nội dung cần bổ sung hoặc lý do từ chối/).fill('Người yêu cầu không cư trú tại phường Đông Thành');
  await desk.getByRole('button', { name: 'Ghi nhận hồ sơ' }).click();
  await desk.waitForURL(/\/phieu$/);
  const slip = (await desk.locator('main').textContent()) ?? '';
  assert.match(slip, /PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ/);
  assert.match(slip, /Người yêu cầu không cư trú tại phường Đông Thành/);
});
