import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slipContent, type SlipContent } from '../slips/slip-content.ts';
import type { DossierRow } from './dossiers.repository.ts';
import { slipPage } from './slip.page.tsx';

// The printable page and the PDF must say the same things: the page is checked against the PDF's content.

const d: DossierRow = {
  id: 9,
  code: '000.00.31.H99-261207-0003',
  procedureCode: '1.001193',
  procedureVersion: 1,
  procedureName: 'Thủ tục đăng ký khai sinh',
  receivingAgencyId: 3,
  receivingAgencyName: 'Ủy ban nhân dân phường Đông Thành',
  channel: 'post',
  applicant: { fullName: 'Tạ Văn Khải', idNumber: '099190000912', phone: '0912000111', email: '', address: 'Thôn Bản Lầu, xã Sơn Thủy' },
  representative: null,
  resultDelivery: 'post',
  postalTracking: 'EB123456789VN',
  components: [
    { name: '- Tờ khai đăng ký khai sinh', received: true },
    { name: '- Giấy chứng sinh', received: false },
  ],
  receivedAt: new Date('2026-12-07T02:15:00Z'),
  dueAt: new Date('2026-12-08T10:00:00Z'),
  status: 'received',
  revision: 1,
  createdAt: new Date('2026-12-07T02:15:00Z'),
  acceptBy: null,
  citizenId: null,
  formVersion: null,
  answers: {},
  stepAgencyId: null,
  assigneeId: null,
  waitingAgencyIds: [],
};
const user = { name: 'Cán bộ', csrf: 'x', links: [] };
const reasons = ['Giấy chứng sinh: thiếu dấu của cơ sở y tế', 'Tờ khai: chưa ghi quê quán của người mẹ'];
const lookupUrl = 'https://motcua.example.vn/tra-cuu?ma=000.00.31.H99-261207-0003';
const issuedAt = new Date('2026-12-09T03:00:00Z');

/** Everything the PDF prints, in its reading order. */
function pdfText(c: SlipContent): string {
  return [
    c.form,
    ...c.agencyLines,
    c.number ?? '',
    ...c.nationLines,
    c.placeDate,
    c.title,
    `Mã hồ sơ: ${c.code}`,
    ...c.blocks.flatMap((b) =>
      b.kind === 'paragraph'
        ? [b.runs.map((r) => r.text).join('')]
        : b.kind === 'note'
          ? [b.text]
          : [...b.columns.map((x) => x.title), ...b.rows.flat()],
    ),
    ...c.signatures.flatMap((s) => [s.title, s.hint, s.name]),
  ]
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The text of the printed slip (the article without its on-screen instructions). */
function printedText(html: string): string {
  const article = /<article class="slip">(.*)<\/article>/s.exec(html)![1]!;
  return article
    .replace(/<p class="no-print">.*?<\/p>/s, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

for (const status of ['received', 'supplement_requested', 'not_received'] as const) {
  test(`the printed slip of a ${status} dossier says exactly what its PDF says`, () => {
    const dossier: DossierRow = status === 'received' ? { ...d, status } : { ...d, status, receivedAt: null, dueAt: null };
    const slip = { dossier, reasons, officer: 'Lê Văn Tưởng', lookupUrl, issuedAt };
    const page = printedText(slipPage({ user, slip, qr: 'data:,' }));
    const pdf = pdfText(slipContent(slip));
    assert.equal(page, pdf);
    if (status !== 'received') assert.doesNotMatch(page, /đã nhận|Thành phần hồ sơ|Thời gian nhận hồ sơ/);
  });
}

test('the printed receipt of a postal dossier states the channel and the tracking number', () => {
  const page = printedText(slipPage({ user, slip: { dossier: d, reasons: [], officer: 'Lê Văn Tưởng', lookupUrl }, qr: 'data:,' }));
  assert.match(page, /Hình thức nộp hồ sơ: Qua dịch vụ bưu chính – Số hiệu bưu gửi: EB123456789VN/);
  assert.match(page, /Đăng ký nhận kết quả tại: Qua dịch vụ bưu chính công ích \(Thôn Bản Lầu, xã Sơn Thủy\)/);
});
