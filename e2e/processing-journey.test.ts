import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { startTestApp } from '../test/helpers/app.ts';
import { staffClient } from '../test/helpers/client.ts';
import { openBrowser } from './browser.ts';

const { url, deps, pool } = await startTestApp({ demo: true });
const browser = await openBrowser();

/** A browser signed in as `username` (sign-in itself has its own journey). */
async function as(username: string): Promise<Page> {
  const client = await staffClient(url, deps, username);
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'vi-VN' });
  await context.addCookies([{ name: 'mc_session', value: client.cookies.get('mc_session')!, url }]);
  return context.newPage();
}

const main = async (page: Page) => ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');

/** Receives a dossier of `procedure` at the desk's counter and returns its code. */
async function receive(desk: Page, procedure: string, applicant: string): Promise<string> {
  await desk.goto(`${url}/tiep-nhan/moi/${procedure}`);
  await desk.getByLabel('Họ và tên').first().fill(applicant);
  await desk.getByLabel('Số định danh cá nhân').first().fill('099190000246');
  await desk.getByRole('button', { name: 'Ghi nhận hồ sơ' }).click();
  await desk.waitForURL(/\/phieu$/);
  return /\/ho-so\/(.+)\/phieu$/.exec(desk.url())![1]!;
}

/** Opens the dossier and presses an action's button (filling its text first when given). */
async function act(page: Page, code: string, button: string | RegExp, fill?: Record<string, string>) {
  await page.goto(`${url}/ho-so/${code}`);
  for (const [label, value] of Object.entries(fill ?? {})) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByRole('button', typeof button === 'string' ? { name: button, exact: true } : { name: button }).click();
  await page.waitForLoadState();
  assert.doesNotMatch(await main(page), /Có lỗi cần sửa/, `${String(button)} was refused: ${await main(page)}`);
}

test('a dossier goes through reception, appraisal, an opinion, a supplement, an extension, approval and return', async () => {
  const desk = await as('motcua.ttphc');
  const specialist = await as('chuyenvien.stp');
  const commune = await as('motcua.dongthanh');
  const director = await as('giamdoc.stp');
  const clerk = await as('vanthu.stp');

  const code = await receive(desk, '1.000426', 'Đoàn Văn Luật');
  await act(desk, code, 'Chuyển xử lý');
  await act(desk, code, 'Hoàn thành, chuyển bước tiếp theo');

  // The specialist finds it in the unit's inbox and takes it.
  await specialist.goto(`${url}/hop-thu`);
  await specialist.getByRole('link', { name: code }).click();
  await specialist.getByRole('button', { name: 'Nhận xử lý' }).click();
  assert.match(await main(specialist), /Người xử lý\s*Vũ Thị Lan/);

  // An opinion of the commune: the step waits until it answers.
  await specialist.getByLabel('Cơ quan được hỏi').selectOption({ label: 'Ủy ban nhân dân phường Đông Thành' });
  await specialist.getByLabel('Nội dung xin ý kiến').fill('Xin xác nhận nơi cư trú của ông Luật');
  await specialist.getByRole('button', { name: 'Lấy ý kiến cơ quan khác' }).click();
  await commune.goto(`${url}/hop-thu`);
  await commune.getByRole('link', { name: code }).click();
  await commune.getByLabel('Ý kiến trả lời').fill('Ông Luật thường trú tại phường');
  await commune.getByRole('button', { name: /Trả lời ý kiến/ }).click();

  // Once and completely: a supplement, brought back at the desk.
  await act(specialist, code, 'Yêu cầu bổ sung hồ sơ', {
    'Nội dung cần bổ sung (mỗi dòng một nội dung; một lần, đầy đủ)': 'Bản sao bằng cử nhân luật',
  });
  const lookup = await browser.newPage();
  await lookup.goto(`${url}/tra-cuu?ma=${code}`);
  assert.match(await main(lookup), /Bản sao bằng cử nhân luật/);
  await act(desk, code, 'Nhận hồ sơ bổ sung');

  // An apology and a new appointment (Mẫu 04).
  const due = await pool.query(`SELECT due_at FROM dossiers WHERE code = $1`, [code]);
  const later = new Date(due.rows[0].due_at.getTime() + 7 * 86_400_000);
  const ddmmyyyy = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }).format(later);
  await act(specialist, code, 'Xin lỗi và gia hạn (Mẫu 04)', {
    'Ngày hẹn trả mới (dd/mm/yyyy)': ddmmyyyy,
    'Lý do chậm giải quyết (lời xin lỗi có sẵn trong văn bản Mẫu 04)': 'Chờ xác minh văn bằng với cơ sở đào tạo',
  });
  await act(specialist, code, 'Hoàn thành, chuyển bước tiếp theo');
  await act(director, code, 'Đồng ý');
  await act(clerk, code, 'Hoàn thành, chuyển bước tiếp theo');
  await act(desk, code, 'Trả kết quả', { 'Người nhận': 'Đoàn Văn Luật' });

  const page = await main(desk);
  assert.match(page, /Người nhận: Đoàn Văn Luật \(Giấy tiếp nhận và hẹn trả kết quả\)/);
  assert.match(page, /Đã trả kết quả/);
  for (const who of [
    'Vũ Thị Lan: Lấy ý kiến',
    'Đỗ Văn Bình: Trả lời xin ý kiến',
    'Phạm Thị Hoa: Nhận hồ sơ bổ sung',
    'Ngô Thị Mai: Hoàn thành bước',
  ])
    assert.ok(page.includes(who), who);
  await lookup.goto(`${url}/tra-cuu?ma=${code}`);
  assert.match(await main(lookup), /Đã trả kết quả/);

  // The control sheet (Mẫu 06) shows every hand-over, with the people who gave and took it.
  await desk.getByRole('link', { name: 'Phiếu kiểm soát (Mẫu 06)' }).click();
  const sheet = await main(desk);
  assert.match(sheet, /PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ/);
  for (const person of ['Phạm Thị Hoa', 'Vũ Thị Lan', 'Đỗ Văn Bình', 'Ngô Thị Mai', 'Bùi Văn Tư'])
    assert.ok(sheet.includes(person), person);
  assert.match(sheet, /Không tính/, 'the time waiting for the supplement is not counted');
});

test('a joint procedure: the lead department waits for the commune’s part before it can finish', async () => {
  const centre = (await pool.query(`SELECT id FROM agencies WHERE code = '000.00.10.H99'`)).rows[0].id;
  const hours = (amount: number) => ({ amount, unit: 'working_hours' });
  await pool.query(`INSERT INTO procedure_processes (procedure_code, agency_id, version, definition) VALUES ('1.001193', $1, 1, $2)`, [
    centre,
    JSON.stringify({
      title: 'Liên thông thử',
      steps: [
        {
          id: 'joint',
          name: 'Liên thông xác nhận',
          kind: 'joint',
          responsible: { agency: '000.00.11.H99', role: 'agency_leader' },
          allotment: hours(8),
          tasks: [{ agency: '000.00.31.H99', role: 'desk_officer', task: 'Xác nhận nơi cư trú', allotment: hours(8) }],
          next: [{ on: 'done', to: 'end' }],
        },
      ],
    }),
  ]);
  const desk = await as('motcua.ttphc');
  const commune = await as('motcua.dongthanh');
  const director = await as('giamdoc.stp');
  const code = await receive(desk, '1.001193', 'Liên Văn Thông');
  await act(desk, code, 'Chuyển xử lý');
  await director.goto(`${url}/ho-so/${code}`);
  assert.match(await main(director), /Phần việc của các cơ quan phối hợp.*Xác nhận nơi cư trú.*Đang thực hiện/);
  assert.equal(await director.getByRole('button', { name: 'Hoàn thành, chuyển bước tiếp theo' }).count(), 0, 'not before the commune');
  await act(commune, code, /Hoàn thành phần việc/, { 'Kết quả phần việc': 'Đã xác nhận cư trú' });
  await act(director, code, 'Hoàn thành, chuyển bước tiếp theo');
  assert.match(await main(director), /Đã xử lý xong/);
});

test('the unit head ticks two dossiers in the inbox and hands them to the specialist at once', async () => {
  const desk = await as('motcua.ttphc');
  const head = await as('truongphong.stp');
  const specialist = await as('chuyenvien.stp');
  const codes = [await receive(desk, '1.000426', 'Hà Văn Giao'), await receive(desk, '1.000426', 'Hà Thị Giao')];
  for (const code of codes) {
    await act(desk, code, 'Chuyển xử lý');
    await act(desk, code, 'Hoàn thành, chuyển bước tiếp theo');
  }
  await head.goto(`${url}/hop-thu`);
  for (const code of codes) await head.getByLabel(`Chọn hồ sơ ${code}`).check();
  await head.getByLabel('Giao các hồ sơ được chọn cho').selectOption({ label: 'Vũ Thị Lan' });
  await head.getByRole('button', { name: 'Phân công' }).click();
  await head.waitForLoadState();
  assert.match(await main(head), /Đã giao 2 hồ sơ cho Vũ Thị Lan/);
  await specialist.goto(`${url}/hop-thu`);
  const inbox = await main(specialist);
  for (const code of codes) assert.match(inbox, new RegExp(`Đang xử lý \\(\\d+\\).*${code.replaceAll('.', '\\.')}`));
});

test('on a phone, the inbox shows one block per dossier with each value named, and nothing to scroll sideways', async () => {
  const desk = await as('motcua.ttphc');
  const code = await receive(desk, '1.000426', 'Lê Văn Điện Thoại');
  await act(desk, code, 'Chuyển xử lý');
  await act(desk, code, 'Hoàn thành, chuyển bước tiếp theo');
  const head = await as('truongphong.stp');
  await head.setViewportSize({ width: 375, height: 740 });
  await head.goto(`${url}/hop-thu`);
  const cell = head.locator('td[data-label="Mã hồ sơ"]', { hasText: code });
  assert.equal(await cell.evaluate((td) => getComputedStyle(td, '::before').content), '"Mã hồ sơ"', 'each value is headed by its column');
  const { scrollWidth, clientWidth } = await head.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  assert.ok(scrollWidth <= clientWidth, `the page is ${scrollWidth} px wide on a ${clientWidth} px screen`);
  const wrap = await head.locator('.table-wrap').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  assert.ok(wrap.scroll <= wrap.client, `the inbox table is ${wrap.scroll} px wide in ${wrap.client} px`);
  // And it still works: the unit head can tick it for assignment.
  await head.getByLabel(`Chọn hồ sơ ${code}`).check();
});
