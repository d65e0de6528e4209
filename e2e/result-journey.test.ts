import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { startAppWithProvider } from '../src/modules/citizens/sign-in-fixture.ts';
import { vietnamDate } from '../src/lib/vietnamese.ts';
import { minimalPdf } from '../src/modules/files/files-fixture.ts';
import { atRestKey, devAuthority } from '../src/modules/signing/signing.ts';
import { openBrowser, newPage } from './browser.ts';
import { signedIn } from './desk.ts';

const { app, provider } = await startAppWithProvider({ demo: true });
const { url, deps } = app;
// The demo signs with the development CA, made at its first start (src/main.ts).
await devAuthority(deps.pool, atRestKey(deps.config.signing.keySecret));
const browser = await openBrowser();

const main = async (page: Page) => ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
/** The words of a PDF as a reader would extract them (poppler). */
const wordsOf = (pdf: Buffer) => execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString().normalize('NFC').replace(/\s+/g, ' ');

/** Opens the dossier and presses an action's button of its processing panel. */
async function act(page: Page, code: string, button: string) {
  await page.goto(`${url}/ho-so/${code}`);
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.waitForLoadState();
  assert.doesNotMatch(await main(page), /Có lỗi cần sửa/, `${button} was refused: ${await main(page)}`);
}

/** From the dossier page to its result drafts, as staff go there. */
async function openResults(page: Page, code: string) {
  await page.goto(`${url}/ho-so/${code}`);
  await page.getByRole('link', { name: 'Kết quả giải quyết' }).click();
  await page.waitForURL(`${url}/ho-so/${code}/ket-qua`);
}

/** Uploads `pdf` on the public verification page and returns what the page then says. */
async function verifyPublicly(page: Page, pdf: Buffer, name: string): Promise<string> {
  await page.goto(`${url}/xac-thuc`);
  await page.getByLabel('Tệp PDF cần kiểm tra').setInputFiles({ name, mimeType: 'application/pdf', buffer: pdf });
  await page.getByRole('button', { name: 'Kiểm tra chữ ký số' }).click();
  await page.waitForURL(`${url}/xac-thuc`);
  assert.equal(await page.locator('h1').textContent(), 'Kết quả xác thực');
  return main(page);
}

test('a result is drafted, signed by the leader, numbered and sealed by the clerk, downloaded by the citizen, verified publicly, and a changed copy is rejected', async () => {
  // The citizen signs in with VNeID on the way to the online form and submits to the Sở Tư pháp.
  const citizen = await newPage(browser);
  await citizen.goto(`${url}/cong-dan/nop/1.000426`);
  await citizen.waitForURL((u) => u.href.startsWith(`${provider.issuer}/interaction/`));
  await citizen.getByRole('button', { name: 'Đăng nhập với tên Trần Văn Đức' }).click();
  await citizen.waitForURL(`${url}/cong-dan/nop/1.000426`);
  const scan = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scan-')), 'giay-de-nghi.pdf');
  fs.writeFileSync(scan, minimalPdf());
  await citizen.getByLabel('Số điện thoại').fill('0977 000 222');
  await citizen.locator('input[name="file-0"]').setInputFiles(scan);
  await citizen.getByRole('button', { name: 'Nộp hồ sơ', exact: true }).click();
  await citizen.waitForURL(/\/cong-dan\/ho-so\?da_nop=/);
  const code = ((await citizen.locator('.notice strong').textContent()) ?? '').trim();
  assert.match(code, /H99-\d{6}-\d{4}$/);

  // The department's own desk officer receives its online dossiers and hands them to the appraising specialist.
  const desk = await signedIn(browser, url, deps, 'motcua.stp');
  await desk.goto(`${url}/ho-so/${code}`);
  await desk.getByRole('button', { name: 'Ghi nhận' }).click();
  await desk.waitForLoadState();
  await act(desk, code, 'Chuyển xử lý');
  await act(desk, code, 'Hoàn thành, chuyển bước tiếp theo');
  const specialist = await signedIn(browser, url, deps, 'chuyenvien.stp');
  await act(specialist, code, 'Nhận xử lý');

  // 1. The specialist drafts the decision from the template: a draft, marked DỰ THẢO, without a number.
  await openResults(specialist, code);
  assert.match(await main(specialist), /Chưa có bản dự thảo nào/);
  await specialist.getByLabel('Chức vụ người ký').fill('Giám đốc');
  await specialist.getByLabel('Thẩm quyền ký (TM., KT., …)').fill('');
  await specialist.getByLabel('Họ tên người ký').fill('Ngô Thị Mai');
  await specialist.getByRole('button', { name: 'Lưu bản dự thảo' }).click();
  await specialist.waitForURL(/\/ket-qua\?da_luu=1$/);
  const drafted = await main(specialist);
  assert.match(drafted, /Đã lưu bản dự thảo số 1\./);
  // Each sees only what they can do now: the specialist neither signs nor issues.
  assert.equal(await specialist.getByRole('button', { name: 'Ký số bản này (lãnh đạo)' }).count(), 0);
  assert.doesNotMatch(drafted, /Kết quả đã phát hành/);
  const draftHref = await specialist.getByRole('link', { name: 'Bản 1', exact: true }).getAttribute('href');
  const draft = wordsOf(await (await specialist.request.get(`${url}${draftHref}`)).body());
  assert.match(draft, /DỰ THẢO – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ/);
  assert.match(draft, /Số: \/QĐ-STP/, 'the number is left blank');
  assert.doesNotMatch(draft, /Số: \d/);
  await act(specialist, code, 'Hoàn thành, chuyển bước tiếp theo');

  // Drafted: nothing of it reaches the citizen yet.
  await citizen.goto(`${url}/cong-dan/ho-so`);
  assert.doesNotMatch(await main(citizen), /Kết quả đã được cấp/);

  // 2. The leader signs it from the dossier page and approves; the clerk numbers it, seals it and issues it.
  const director = await signedIn(browser, url, deps, 'giamdoc.stp');
  await openResults(director, code);
  assert.equal(await director.getByRole('button', { name: 'Cấp số và phát hành' }).count(), 0, 'the leader does not issue');
  await director.getByRole('button', { name: 'Ký số bản này (lãnh đạo)' }).click();
  await director.waitForURL(`${url}/ho-so/${code}/ket-qua?da_ky=1`);
  assert.match(await main(director), /Đã ký số bản 1\./);
  assert.match(await main(director), /Bản 1 – Vũ Thị Lan, .*?Đã được lãnh đạo ký lúc/);
  await act(director, code, 'Đồng ý');

  const clerk = await signedIn(browser, url, deps, 'vanthu.stp');
  await openResults(clerk, code);
  await clerk.getByRole('button', { name: 'Cấp số và phát hành' }).click();
  await clerk.waitForURL(`${url}/ho-so/${code}/ket-qua?da_phat_hanh=1`);
  const issuedPage = await main(clerk);
  assert.match(issuedPage, /Đã cấp số và phát hành văn bản số 1\/QĐ-STP/);
  assert.equal(await clerk.getByRole('button', { name: 'Cấp số và phát hành' }).count(), 0, 'issued: nothing left to issue');
  assert.match(issuedPage, /Kết quả đã phát hành\s*Số 1\/QĐ-STP – Sở Tư pháp tỉnh An Hòa/, 'the agency’s first number of the year');
  const verifyHref = (await clerk.getByRole('link', { name: 'Trang xác thực công khai' }).getAttribute('href'))!;
  assert.match(verifyHref, /^\/xac-thuc\/[\w-]+$/);

  // 3. The citizen finds the issued result among their own and downloads it.
  await citizen.goto(`${url}/cong-dan/ho-so`);
  assert.match(await main(citizen), /Kết quả đã được cấp/);
  const [download] = await Promise.all([
    citizen.waitForEvent('download'),
    citizen.getByRole('link', { name: /văn bản số 1\/QĐ-STP/ }).click(),
  ]);
  const pdf = fs.readFileSync((await download.path())!);
  assert.equal(download.suggestedFilename(), `ket-qua-1-${vietnamDate(new Date()).slice(0, 4)}.pdf`);
  const words = wordsOf(pdf);
  assert.doesNotMatch(words, /DỰ THẢO/);
  assert.match(words, /Số: 1\/QĐ-STP/);

  // 4. Anyone, without signing in, checks the downloaded file on the public page.
  const visitor = await newPage(browser);
  const verified = await verifyPublicly(visitor, pdf, download.suggestedFilename());
  assert.match(verified, /Đây đúng là văn bản số 1\/QĐ-STP do Sở Tư pháp tỉnh An Hòa phát hành lúc/);
  assert.equal((await visitor.getByRole('status').textContent())?.trim(), 'Tệp có 2 chữ ký số, tất cả đều hợp lệ.');
  assert.match(verified, /Chữ ký 1: Ngô Thị Mai Hợp lệ/);
  assert.match(verified, /Chữ ký 2: Sở Tư pháp tỉnh An Hòa Hợp lệ/);
  assert.match(verified, /Nội dung sau khi ký\s*Không bị thay đổi/);
  assert.doesNotMatch(verified, /ĐÃ BỊ THAY ĐỔI/);

  // The verification link of the result shows its record.
  await visitor.goto(`${url}${verifyHref}`);
  assert.equal(await visitor.locator('h1').textContent(), 'Văn bản số 1/QĐ-STP');
  const record = await main(visitor);
  assert.match(record, /Cơ quan phát hành\s*Sở Tư pháp tỉnh An Hòa/);
  assert.match(record, /Tệp có 2 chữ ký số, tất cả đều hợp lệ\./);

  // 5. A forged copy: one byte changed inside what both signatures cover, the document's title in its
  // information (written before the first signature) naming "Trần Văn Đực" instead of "Trần Văn Đức".
  const utf16 = (text: string) => Buffer.from(text, 'utf16le').swap16();
  const firstSignatureAt = Number(/\/ByteRange\s*\[\s*0\s+(\d+)/.exec(pdf.toString('latin1'))![1]);
  const name = pdf.indexOf(utf16('Trần Văn Đức'));
  assert.ok(name > 0 && name < firstSignatureAt, 'the name is in the signed content, before the first signature');
  const tampered = Buffer.from(pdf);
  utf16('Trần Văn Đực').copy(tampered, name);
  assert.equal([...tampered].filter((byte, i) => byte !== pdf[i]).length, 1, 'one byte differs');
  const rejected = await verifyPublicly(visitor, tampered, 'ban-sao.pdf');
  assert.equal((await visitor.getByRole('status').locator('p').first().textContent())?.trim(), 'Tệp có chữ ký số không hợp lệ.');
  assert.match((await visitor.getByRole('status').textContent()) ?? '', /Không dùng tệp này làm căn cứ/);
  assert.match(rejected, /Tệp đã bị thay đổi sau khi ký: nội dung được ký không còn như lúc ký\./);
  assert.match(rejected, /Nội dung sau khi ký\s*ĐÃ BỊ THAY ĐỔI/);
  assert.doesNotMatch(rejected, /Đây đúng là văn bản số/);
  assert.doesNotMatch(rejected, /tất cả đều hợp lệ/);
});
