import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DossierRow } from '../dossiers/dossiers.repository.ts';
import { formOf, placeDateLine, slipContent, type SlipBlock } from './slip-content.ts';

const d: DossierRow = {
  id: 7,
  code: '000.00.31.H99-261207-0001',
  procedureCode: '1.001193',
  procedureVersion: 2,
  procedureName: 'Đăng ký kết hôn',
  receivingAgencyId: 3,
  receivingAgencyName: 'Ủy ban nhân dân phường Đống Đa',
  channel: 'counter',
  applicant: { fullName: 'Phạm Thị Thu Hường', idNumber: '001190000001', phone: '', email: '', address: 'Hà Nội' },
  representative: null,
  resultDelivery: 'counter',
  postalTracking: null,
  components: [
    { name: '- Tờ khai đăng ký kết hôn', received: true },
    { name: '+ Giấy xác nhận tình trạng hôn nhân', received: false },
    {
      name: '• Bản sao giấy khai sinh',
      received: true,
      files: [{ uploadId: 1, sha256: 'a', size: 1, mediaType: 'application/pdf', displayName: 'a.pdf' }],
    },
  ],
  receivedAt: new Date('2026-12-06T17:30:00Z'), // already 07/12 in Vietnam
  dueAt: new Date('2026-12-10T08:00:00Z'),
  status: 'received',
  revision: 1,
  createdAt: new Date('2026-12-06T17:00:00Z'),
  acceptBy: null,
  citizenId: null,
  formVersion: null,
  answers: {},
  stepAgencyId: null,
  assigneeId: null,
  waitingAgencyIds: [],
};

const input = { dossier: d, reasons: ['Thiếu chữ ký'], officer: 'Lê Văn Tưởng', lookupUrl: 'https://x.vn/tra-cuu?ma=1' };
const tables = (blocks: SlipBlock[]) => blocks.filter((b): b is Extract<SlipBlock, { kind: 'table' }> => b.kind === 'table');
/** The slip's lines as a reader sees them: paragraphs and notes, with their runs joined. */
const lines = (blocks: SlipBlock[]) =>
  blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.runs.map((r) => r.text).join('')] : b.kind === 'note' ? [b.text] : []));

test('each status has its form: 02 for a supplement request, 03 for a refusal, 01 otherwise', () => {
  assert.equal(formOf('received'), 'Mẫu 01');
  assert.equal(formOf('returned'), 'Mẫu 01');
  assert.equal(formOf('supplement_requested'), 'Mẫu 02');
  assert.equal(formOf('not_received'), 'Mẫu 03');
});

test('the date line is the Vietnamese calendar day, the place a dotted blank when unknown', () => {
  assert.equal(placeDateLine('Hà Nội', new Date('2026-12-06T17:30:00Z')), 'Hà Nội, ngày 07 tháng 12 năm 2026');
  assert.equal(placeDateLine(undefined, new Date('2026-01-05T01:00:00Z')), '…………, ngày 05 tháng 01 năm 2026');
});

test('Mẫu 01 lists only the received components, without their list marks, and dates the slip at the reception', () => {
  const c = slipContent(input);
  assert.equal(c.title, 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
  assert.deepEqual(c.agencyLines, ['ỦY BAN NHÂN DÂN PHƯỜNG ĐỐNG ĐA', 'BỘ PHẬN MỘT CỬA']);
  assert.equal(c.issuedAt, d.receivedAt);
  assert.equal(c.number, null);
  assert.deepEqual(tables(c.blocks)[0]!.rows, [
    ['1', 'Tờ khai đăng ký kết hôn', 'Bản giấy', ''],
    ['2', 'Bản sao giấy khai sinh', 'Bản điện tử', '01'],
  ]);
  assert.deepEqual(
    c.signatures.map((s) => s.name),
    ['Phạm Thị Thu Hường', 'Lê Văn Tưởng'],
  );
});

test('Mẫu 02 and 03 carry the reasons in a numbered table; 02 has its number line', () => {
  const supplement = slipContent({ ...input, dossier: { ...d, status: 'supplement_requested' } });
  assert.equal(supplement.number, 'Số: …………/HDHS');
  assert.deepEqual(tables(supplement.blocks)[0]!.rows, [['1', 'Thiếu chữ ký']]);
  const refusal = slipContent({
    ...input,
    dossier: { ...d, status: 'not_received', receivedAt: null },
    issuedAt: new Date('2026-12-08T02:00:00Z'),
  });
  assert.equal(refusal.title, 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ');
  assert.equal(refusal.placeDate, '…………, ngày 08 tháng 12 năm 2026');
  assert.deepEqual(
    tables(refusal.blocks)[0]!.columns.map((col) => col.title),
    ['TT', 'Lý do từ chối'],
  );
});

test('the receipt states the channel; a dossier that came by post, its tracking number', () => {
  assert.ok(lines(slipContent(input).blocks).includes('Hình thức nộp hồ sơ: Trực tiếp'));
  const online = slipContent({ ...input, dossier: { ...d, channel: 'online' } });
  assert.ok(lines(online.blocks).includes('Hình thức nộp hồ sơ: Trực tuyến'));
  const post = slipContent({ ...input, dossier: { ...d, channel: 'post', postalTracking: 'EB123456789VN' } });
  assert.ok(
    lines(post.blocks).includes('Hình thức nộp hồ sơ: Qua dịch vụ bưu chính – Số hiệu bưu gửi: EB123456789VN'),
    lines(post.blocks).join('\n'),
  );
  assert.ok(!lines(slipContent(input).blocks).some((l) => l.includes('bưu gửi')), 'no tracking line for a counter dossier');
});

test("each form is signed as the law's form is: Mẫu 02 by the officer who guides, alone; 01 and 03 by submitter and officer", () => {
  const titles = (status: DossierRow['status']) => slipContent({ ...input, dossier: { ...d, status } }).signatures.map((s) => s.title);
  assert.deepEqual(titles('received'), ['NGƯỜI NỘP HỒ SƠ', 'NGƯỜI TIẾP NHẬN HỒ SƠ']);
  assert.deepEqual(titles('supplement_requested'), ['NGƯỜI HƯỚNG DẪN']);
  assert.deepEqual(titles('not_received'), ['NGƯỜI NỘP HỒ SƠ', 'NGƯỜI TIẾP NHẬN HỒ SƠ']);
  assert.equal(slipContent({ ...input, dossier: { ...d, status: 'supplement_requested' } }).signatures[0]!.name, 'Lê Văn Tưởng');
});

test('a supplement request and a refusal are not receipts: no reception time, no appointment, no list of documents received', () => {
  for (const status of ['supplement_requested', 'not_received'] as const) {
    const c = slipContent({ ...input, dossier: { ...d, status, receivedAt: null, dueAt: null } });
    const text = lines(c.blocks).join('\n');
    for (const receiptOnly of ['Thời gian nhận hồ sơ', 'Thời gian trả kết quả', 'Thành phần hồ sơ', 'đã nhận'])
      assert.ok(!text.includes(receiptOnly), `${c.form} says "${receiptOnly}"`);
    assert.equal(tables(c.blocks).length, 1, 'only the table of reasons');
  }
});

test('the lookup note names the lookup address, or the lookup page when the address is not known', () => {
  assert.ok(lines(slipContent(input).blocks).includes('Tra cứu tình trạng hồ sơ bằng mã hồ sơ hoặc mã QR tại: https://x.vn/tra-cuu?ma=1'));
  assert.ok(
    lines(slipContent({ ...input, lookupUrl: '' }).blocks).includes(
      'Tra cứu tình trạng hồ sơ bằng mã hồ sơ hoặc mã QR tại trang “Tra cứu hồ sơ”.',
    ),
  );
});

test('dates as Decree 30 writes them: a 0 before days under 10 and months 1 and 2 only', () => {
  assert.equal(placeDateLine('An Hòa', new Date('2026-02-06T03:00:00Z')), 'An Hòa, ngày 06 tháng 02 năm 2026');
  assert.equal(placeDateLine('An Hòa', new Date('2026-05-07T03:00:00Z')), 'An Hòa, ngày 07 tháng 5 năm 2026');
  assert.equal(placeDateLine('An Hòa', new Date('2026-12-31T17:30:00Z')), 'An Hòa, ngày 01 tháng 01 năm 2027', 'the Vietnam day');
});
