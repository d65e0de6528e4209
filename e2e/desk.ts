import { execFileSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import type { AppDeps } from '../src/app.ts';
import { staffClient } from '../test/helpers/client.ts';

/** The steps the one-stop desk journeys share: a signed-in officer, the reception form, the slip, the public lookup. */

export interface Applicant {
  fullName: string;
  idNumber: string;
  address: string;
}

/** A browser signed in as `username` (sign-in itself has its own journey). */
export async function signedIn(browser: Browser, url: string, deps: AppDeps, username: string): Promise<Page> {
  const client = await staffClient(url, deps, username);
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'vi-VN' });
  await context.addCookies([{ name: 'mc_session', value: client.cookies.get('mc_session')!, url }]);
  return context.newPage();
}

/** At /tiep-nhan, finds the birth registration procedure and fills in the applicant on its reception form. */
export async function startReception(page: Page, url: string, applicant: Applicant): Promise<void> {
  await page.goto(`${url}/tiep-nhan`);
  await page.getByRole('searchbox', { name: 'Tìm thủ tục để tiếp nhận' }).fill('khai sinh');
  await page.getByRole('button', { name: 'Tìm thủ tục' }).click();
  await page.getByRole('link', { name: 'Thủ tục đăng ký khai sinh', exact: true }).click();
  const person = page.getByRole('group', { name: 'Người nộp hồ sơ' });
  await person.getByLabel('Họ và tên').fill(applicant.fullName);
  await person.getByLabel('Số định danh cá nhân').fill(applicant.idNumber);
  await person.getByLabel('Địa chỉ', { exact: true }).fill(applicant.address);
}

/** Submits the reception form and waits for the slip; returns the dossier's code. */
export async function record(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Ghi nhận hồ sơ' }).click();
  await page.waitForURL(/\/ho-so\/.+\/phieu$/);
  return decodeURIComponent(/\/ho-so\/(.+)\/phieu$/.exec(page.url())![1]!);
}

/** The entries of the slip's numbered table whose column is `title` (the items to supplement, the reasons for a refusal). */
export async function slipColumn(page: Page, title: string): Promise<string[]> {
  const table = page
    .getByRole('article')
    .getByRole('table')
    .filter({ has: page.getByRole('columnheader', { name: title, exact: true }) });
  const titles = await table.getByRole('columnheader').allTextContents();
  const column = titles.indexOf(title);
  const rows = await table.getByRole('row').all();
  return Promise.all(rows.slice(1).map(async (row) => (await row.getByRole('cell').nth(column).textContent()) ?? ''));
}

/** The dossier's PDF slip, fetched with the officer's session, and its text as a reader would extract it (poppler). */
export async function slipPdf(page: Page, url: string, code: string): Promise<{ bytes: Buffer; text: string }> {
  const res = await page.request.get(`${url}/ho-so/${code}/phieu.pdf`);
  const bytes = await res.body();
  const text = execFileSync('pdftotext', ['-', '-'], { input: bytes }).toString().normalize('NFC').replace(/\s+/g, ' ');
  return { bytes, text };
}

/** What anyone (not signed in) sees on /tra-cuu for this code: the text of the page's main part and its whole HTML. */
export async function lookUp(browser: Browser, url: string, code: string): Promise<{ main: string; html: string }> {
  const citizen = await (await browser.newContext({ javaScriptEnabled: false, locale: 'vi-VN' })).newPage();
  await citizen.goto(`${url}/tra-cuu`);
  await citizen.getByRole('searchbox', { name: 'Mã hồ sơ' }).fill(code);
  await citizen.getByRole('button', { name: 'Tra cứu' }).click();
  return { main: (await citizen.locator('main').textContent()) ?? '', html: await citizen.content() };
}
