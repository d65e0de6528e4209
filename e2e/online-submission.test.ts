import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { minimalPdf } from '../src/modules/files/files-fixture.ts';
import { startTestApp } from '../test/helpers/app.ts';
import { citizenClient, staffClient, type Client } from '../test/helpers/client.ts';
import { openBrowser } from './browser.ts';

const { url, deps } = await startTestApp({ demo: true });
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
  await citizen.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click();
  await citizen.waitForURL(/\/cong-dan\/ho-so\?da_nop=/);
  const code = ((await citizen.locator('.notice strong').textContent()) ?? '').trim();
  assert.match(code, /^000\.00\.31\.H99-\d{6}-\d{4}$/);

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
