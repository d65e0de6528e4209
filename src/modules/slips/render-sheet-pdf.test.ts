import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { vietnamTime } from '../calendar/local-time.ts';
import { registerContent, type RegisterEntry } from './dossier-register.ts';
import { renderSheetPdf } from './render-sheet-pdf.ts';

// Read back with poppler-utils, as a viewer or a printer reads it.

const entry = (n: number): RegisterEntry => ({
  code: `000.00.10.H99-260302-${String(n).padStart(4, '0')}`,
  procedureName: 'Cấp thẻ tư vấn viên pháp luật cho người đủ điều kiện',
  applicant: { fullName: `Nguyễn Thị Ỹ Lữ ${n}`, address: 'Số 18 ngõ Hữu Nghị, phường Đông Thành', phone: '0912000111' },
  receivedAt: vietnamTime('2026-03-02 08:00'),
  dueAt: vietnamTime('2026-03-09 17:00'),
  status: 'returned',
  resultDelivery: 'post',
  handedTo: 'Phòng Hành chính tư pháp – Sở Tư pháp tỉnh An Hòa',
  processedAt: vietnamTime('2026-03-05 10:00'),
  returnedAt: vietnamTime('2026-03-06 08:00'),
  refused: false,
});
const content = registerContent({
  agencyName: 'Trung tâm Phục vụ hành chính công tỉnh An Hòa',
  from: '2026-03-01',
  to: '2026-03-31',
  entries: Array.from({ length: 40 }, (_, i) => entry(i + 1)),
  omitted: 0,
  now: vietnamTime('2026-04-01 08:00'),
});

test('a long register: landscape A4 pages, each table page with its header row, numbered, every line whole', async () => {
  const pdf = await renderSheetPdf(content);
  const info = execFileSync('pdfinfo', ['-'], { input: pdf }).toString();
  assert.match(info, /Page size:\s+841\.89 x 595\.28 pts \(A4\)/);
  const count = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  assert.ok(count >= 3, `${count} pages`);
  const pages = execFileSync('pdftotext', ['-raw', '-', '-'], { input: pdf })
    .toString()
    .split('\f')
    .filter((p) => p.trim())
    .map((p) => p.replace(/\s+/g, ' '));
  assert.equal(pages.length, count);
  pages.forEach((page, i) => {
    assert.ok(page.includes('TT Mã hồ sơ Tên thủ tục hành chính'), `header row on page ${i + 1}`);
    assert.ok(page.includes(`Sổ theo dõi hồ sơ từ 01/03/2026 đến 31/03/2026 – Trang ${i + 1}/${count}`), `foot of page ${i + 1}`);
  });
  // Each dossier code stands whole on one line, once.
  const all = pages.join(' ');
  for (let n = 1; n <= 40; n++) assert.equal(all.split(` ${entry(n).code} `).length, 2, entry(n).code);
  assert.match(all, /Tổng số: 40 hồ sơ/);
});

test('the same register gives the same bytes', async () => {
  assert.ok((await renderSheetPdf(content)).equals(await renderSheetPdf(content)));
});
