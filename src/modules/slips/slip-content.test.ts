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
};

const input = { dossier: d, reasons: ['Thiếu chữ ký'], officer: 'Lê Văn Tưởng', lookupUrl: 'https://x.vn/tra-cuu?ma=1' };
const tables = (blocks: SlipBlock[]) => blocks.filter((b): b is Extract<SlipBlock, { kind: 'table' }> => b.kind === 'table');

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
